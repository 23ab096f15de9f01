using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.PublicListSessionTypes;

/// <summary>A coach as websites show them: no e-mail, no account.</summary>
internal sealed record PublicCoach(Guid Id, string DisplayName, string[] Topics, string[] Languages);

internal sealed record PublicSessionType(
    Guid Id, string Slug, string Name, string? Description, string? Topic, int DurationMinutes, string LocationKind, int Capacity,
    int MinNoticeMinutes, int HorizonDays, int CancelCutoffMinutes, IReadOnlyList<PublicCoach> Coaches);

internal sealed record PublicSessionTypeList(IReadOnlyList<PublicSessionType> Items);

/// <summary>Active session types with the active coaches offering them, for websites and the booking link.</summary>
internal sealed record PublicListSessionTypesQuery : IQuery<PublicSessionTypeList>;

internal sealed class PublicListSessionTypesHandler(IDbSession db) : IRequestHandler<PublicListSessionTypesQuery, PublicSessionTypeList>
{
    private sealed record TypeRow(
        Guid Id, string Slug, string Name, string? Description, string? Topic, int DurationMinutes, string LocationKind, int Capacity,
        int MinNoticeMinutes, int HorizonDays, int CancelCutoffMinutes);

    private sealed record CoachRow(Guid SessionTypeId, Guid Id, string DisplayName, string[] Topics, string[] Languages);

    public async Task<PublicSessionTypeList> Handle(PublicListSessionTypesQuery request, CancellationToken ct)
    {
        await using var grid = await db.QueryMultipleAsync(
            """
            select id, slug, name, description, topic, duration_minutes, location_kind, capacity, min_notice_minutes, horizon_days,
                   cancel_cutoff_minutes
            from coaching.session_types where is_active order by name, id;
            select stc.session_type_id, c.id, c.display_name, c.topics, c.languages
            from coaching.session_type_coaches stc
            join coaching.session_types t on t.id = stc.session_type_id and t.is_active
            join coaching.coaches c on c.id = stc.coach_id and c.is_active
            order by c.display_name, c.id;
            """, null, ct);
        var types = await grid.ReadAsync<TypeRow>();
        var coaches = (await grid.ReadAsync<CoachRow>()).ToLookup(c => c.SessionTypeId);
        return new PublicSessionTypeList([.. types.Select(t => new PublicSessionType(t.Id, t.Slug, t.Name, t.Description, t.Topic,
            t.DurationMinutes, t.LocationKind, t.Capacity, t.MinNoticeMinutes, t.HorizonDays, t.CancelCutoffMinutes,
            [.. coaches[t.Id].Select(c => new PublicCoach(c.Id, c.DisplayName, c.Topics, c.Languages))]))]);
    }
}

internal static class PublicListSessionTypesEndpoint
{
    public static RouteHandlerBuilder MapPublicListSessionTypes(this IEndpointRouteBuilder publicApi) =>
        publicApi.MapGet("/coaching/session-types", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                http.Response.Headers.CacheControl = "public, max-age=60";
                return Results.Ok(await mediator.Send(new PublicListSessionTypesQuery(), ct));
            })
            .WithName("PublicListCoachingSessionTypes")
            .WithSummary("Buchbare Terminarten des Gründungscoachings mit den anbietenden Coaches")
            .Produces<PublicSessionTypeList>().ProducesProblem(StatusCodes.Status429TooManyRequests);
}
