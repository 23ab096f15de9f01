using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Coaching.Coaches;
using Bezirksplattform.Coaching.Editing;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.ListCoaches;

/// <summary>The coach profiles (every coach sees the team; editing is limited to one's own).</summary>
internal sealed record ListCoachesQuery(bool IncludeInactive) : IQuery<IReadOnlyList<CoachView>>;

internal sealed class ListCoachesHandler(IDbSession db) : IRequestHandler<ListCoachesQuery, IReadOnlyList<CoachView>>
{
    public Task<IReadOnlyList<CoachView>> Handle(ListCoachesQuery request, CancellationToken ct) => CoachReads.ListAsync(db, request.IncludeInactive, ct);
}

/// <summary>One profile by id, or (Id null) the profile linked to the signed-in user.</summary>
internal sealed record GetCoachQuery(Guid? Id, Guid UserId) : IQuery<CoachView>;

internal sealed class GetCoachHandler(IDbSession db) : IRequestHandler<GetCoachQuery, CoachView>
{
    public async Task<CoachView> Handle(GetCoachQuery request, CancellationToken ct)
    {
        var id = request.Id ?? await CoachAccess.OwnCoachIdAsync(db, request.UserId, ct)
            ?? throw new NotFoundException("Mit Ihrem Konto ist noch kein Coaching-Profil verknüpft.");
        return await CoachReads.RequireAsync(db, id, ct);
    }
}

internal static class ListCoachesEndpoints
{
    public static void MapListCoaches(this IEndpointRouteBuilder coaching)
    {
        coaching.MapGet("/coaches", async (bool? includeInactive, IMediator mediator, CancellationToken ct) =>
                Results.Ok(new { items = await mediator.Send(new ListCoachesQuery(includeInactive ?? false), ct) }))
            .WithName("ListCoaches").WithSummary("Coaching-Profile (includeInactive: auch deaktivierte)");

        coaching.MapGet("/coaches/me", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var coach = await mediator.Send(new GetCoachQuery(null, CurrentUser.Required(http).Id), ct);
                return Versions.Answer(http, coach, coach.Version);
            })
            .WithName("GetOwnCoach").WithSummary("Das mit dem angemeldeten Konto verknüpfte Coaching-Profil")
            .Produces<CoachView>().ProducesProblem(StatusCodes.Status404NotFound);

        coaching.MapGet("/coaches/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var coach = await mediator.Send(new GetCoachQuery(id, CurrentUser.Required(http).Id), ct);
                return Versions.Answer(http, coach, coach.Version);
            })
            .WithName("GetCoach").WithSummary("Ein Coaching-Profil mit Version als ETag")
            .Produces<CoachView>().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
