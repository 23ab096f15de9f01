using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Coaching.Editing;
using Bezirksplattform.Coaching.Scheduling;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.PublicListSlots;

internal sealed record SlotSessionType(Guid Id, string Slug, string Name, int DurationMinutes, string LocationKind, int Capacity);

/// <summary>
/// The free slots; each item is <c>{"coach", "start", "end", "seatsLeft"}</c> with UTC instants.
/// From and To are the Berlin dates asked for.
/// </summary>
internal sealed record SlotList(SlotSessionType SessionType, string TimeZone, DateOnly From, DateOnly To, IReadOnlyList<Slot> Items);

/// <summary>Free slots of a session type (id or slug), of one coach or of any (fairly distributed), between two Berlin dates.</summary>
internal sealed record PublicListSlotsQuery(string SessionType, Guid? Coach, DateOnly From, DateOnly To) : IQuery<SlotList>;

internal sealed class PublicListSlotsHandler(IDbSession db, TimeProvider clock) : IRequestHandler<PublicListSlotsQuery, SlotList>
{
    public async Task<SlotList> Handle(PublicListSlotsQuery request, CancellationToken ct)
    {
        var byId = Guid.TryParse(request.SessionType, out var typeId);
        var type = await db.QuerySingleOrDefaultAsync<SlotSessionType>(
            """
            select id, slug, name, duration_minutes, location_kind, capacity from coaching.session_types
            where is_active and (case when @byId then id = @typeId else slug = @slug end)
            """, new { byId, typeId, slug = request.SessionType }, ct)
            ?? throw new FieldProblemException("sessionType", "Diese Terminart gibt es nicht oder sie ist nicht buchbar.");
        if (request.Coach is { } coachId && !await db.ExecuteScalarAsync<bool>(
                """
                select exists (select 1 from coaching.session_type_coaches stc join coaching.coaches c on c.id = stc.coach_id
                               where stc.session_type_id = @Id and c.id = @coachId and c.is_active)
                """, new { type.Id, coachId }, ct))
            throw new FieldProblemException("coach", "Diesen Coach gibt es nicht oder er bietet diese Terminart nicht an.");

        var slots = await SlotFinder.FindAsync(db, type.Id, request.Coach, request.From, request.To, clock.GetUtcNow(), ct);
        return new SlotList(type, BerlinTime.Zone.Id, request.From, request.To, slots);
    }
}

internal static class PublicListSlotsEndpoint
{
    /// <summary>The widest date range one request may ask for (to minus from, in days).</summary>
    public const int MaxRangeDays = 62;

    public static RouteHandlerBuilder MapPublicListSlots(this IEndpointRouteBuilder publicApi) =>
        publicApi.MapGet("/coaching/slots", async (string? sessionType, string? coach, string? from, string? to, TimeProvider clock,
                IMediator mediator, CancellationToken ct) =>
            {
                if (string.IsNullOrWhiteSpace(sessionType))
                    throw new FieldProblemException("sessionType", "Pflichtangabe: Id oder Slug der Terminart.");
                Guid? coachId = string.IsNullOrWhiteSpace(coach) ? null
                    : Guid.TryParse(coach, out var id) ? id : throw new FieldProblemException("coach", "Eine Coach-Id (GUID).");
                var fromDate = from is null ? clock.Today() : Inputs.RequiredDate("from", from);
                var toDate = to is null ? fromDate.AddDays(13) : Inputs.RequiredDate("to", to);
                if (toDate < fromDate) throw new FieldProblemException("to", "Darf nicht vor from liegen.");
                if (toDate.DayNumber - fromDate.DayNumber > MaxRangeDays)
                    throw new FieldProblemException("to", $"Höchstens {MaxRangeDays} Tage nach from.");
                return Results.Ok(await mediator.Send(new PublicListSlotsQuery(sessionType.Trim(), coachId, fromDate, toDate), ct));
            })
            .WithName("PublicListCoachingSlots")
            .WithSummary("Freie Termine einer Terminart (sessionType: Id oder Slug; coach optional; from/to: Berliner Daten yyyy-MM-dd, "
                + "Standard: 14 Tage ab heute, höchstens 62 Tage Abstand)")
            .WithDescription("Beispiel: `{\"sessionType\":{…},\"timeZone\":\"Europe/Berlin\",\"from\":\"2027-03-22\",\"to\":\"2027-03-28\","
                + "\"items\":[{\"coach\":\"0193…\",\"start\":\"2027-03-22T08:00:00Z\",\"end\":\"2027-03-22T09:00:00Z\",\"seatsLeft\":1}]}`. "
                + "Ohne coach erscheint jede Anfangszeit einmal, beim Coach mit den wenigsten Terminen (gerechte Verteilung).")
            .Produces<SlotList>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests);
}
