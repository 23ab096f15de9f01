using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Coaching.Coaches;
using Bezirksplattform.Coaching.Editing;
using Bezirksplattform.Coaching.Scheduling;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.GetCoachCalendar;

/// <summary>A founder's seat in a session, as the coach running it sees it (staff may see contact data).</summary>
internal sealed record CalendarBooking(Guid BookingId, string Name, string Email, string? Phone, string Stage, string Status);

internal sealed record CalendarSession(
    Guid SessionId, Guid SessionTypeId, string SessionTypeName, string LocationKind, DateTimeOffset Start, DateTimeOffset End, int Capacity,
    int SeatsTaken, string? Outcome, IReadOnlyList<CalendarBooking> Bookings);

internal sealed record CoachCalendarView(Guid CoachId, DateOnly From, DateOnly To, IReadOnlyList<CalendarSession> Sessions);

/// <summary>
/// The active sessions of one coach that start between the Berlin dates From and To, with their
/// confirmed bookings and waitlist offers (they hold a seat). Without CoachId: the signed-in coach's own.
/// </summary>
internal sealed record GetCoachCalendarQuery(Guid? CoachId, DateOnly From, DateOnly To, StaffActor Actor) : IQuery<CoachCalendarView>;

internal sealed class GetCoachCalendarHandler(IDbSession db) : IRequestHandler<GetCoachCalendarQuery, CoachCalendarView>
{
    private sealed record SessionRow(
        Guid SessionId, Guid SessionTypeId, string SessionTypeName, string LocationKind, DateTimeOffset Start, DateTimeOffset End, int Capacity,
        string? Outcome);

    private sealed record BookingRow(Guid SessionId, Guid BookingId, string Name, string Email, string? Phone, string Stage, string Status);

    public async Task<CoachCalendarView> Handle(GetCoachCalendarQuery request, CancellationToken ct)
    {
        var coachId = request.CoachId ?? await CoachAccess.OwnCoachIdAsync(db, request.Actor.UserId, ct)
            ?? throw new FieldProblemException("coach", "Mit Ihrem Konto ist kein Coaching-Profil verknüpft: bitte einen Coach angeben.");
        await CoachAccess.RequireReadableAsync(db, coachId, request.Actor, ct);

        var args = new { coachId, fromAt = SlotEngine.StartOfDay(request.From), untilAt = SlotEngine.StartOfDay(request.To.AddDays(1)) };
        await using var grid = await db.QueryMultipleAsync(
            """
            select s.id as session_id, s.session_type_id, t.name as session_type_name, t.location_kind, s.starts_at as start, s.ends_at as "end",
                   s.capacity, s.outcome
            from coaching.sessions s join coaching.session_types t on t.id = s.session_type_id
            where s.coach_id = @coachId and s.status = 'active' and s.starts_at >= @fromAt and s.starts_at < @untilAt
            order by s.starts_at;
            select b.session_id, b.id as booking_id, b.name, b.email, b.phone, b.stage, b.status
            from coaching.bookings b join coaching.sessions s on s.id = b.session_id
            where s.coach_id = @coachId and s.status = 'active' and s.starts_at >= @fromAt and s.starts_at < @untilAt
              and b.status in ('confirmed', 'offered')
            order by b.created_at, b.id;
            """, args, ct);
        var sessions = await grid.ReadAsync<SessionRow>();
        var bookings = (await grid.ReadAsync<BookingRow>()).ToLookup(b => b.SessionId);
        return new CoachCalendarView(coachId, request.From, request.To, [.. sessions.Select(s =>
        {
            var seats = bookings[s.SessionId].Select(b => new CalendarBooking(b.BookingId, b.Name, b.Email, b.Phone, b.Stage, b.Status)).ToList();
            return new CalendarSession(s.SessionId, s.SessionTypeId, s.SessionTypeName, s.LocationKind, s.Start, s.End, s.Capacity, seats.Count,
                s.Outcome, seats);
        })]);
    }
}

internal static class GetCoachCalendarEndpoint
{
    public const int MaxDays = 92;

    public static void MapGetCoachCalendar(this IEndpointRouteBuilder coaching) =>
        coaching.MapGet("/calendar", async (string? from, string? to, string? coach, HttpContext http, TimeProvider clock, IMediator mediator,
                CancellationToken ct) =>
            {
                var fromDate = from is null ? clock.Today() : Inputs.RequiredDate("from", from);
                var toDate = to is null ? fromDate.AddDays(6) : Inputs.RequiredDate("to", to);
                if (toDate < fromDate) throw new FieldProblemException("to", "Darf nicht vor from liegen.");
                if (toDate.DayNumber - fromDate.DayNumber > MaxDays) throw new FieldProblemException("to", $"Höchstens {MaxDays} Tage nach from.");
                Guid? coachId = coach is null ? null
                    : Guid.TryParse(coach, out var id) ? id : throw new FieldProblemException("coach", "Eine Coach-Id (GUID).");
                return Results.Ok(await mediator.Send(new GetCoachCalendarQuery(coachId, fromDate, toDate, StaffActor.From(http)), ct));
            })
            .WithName("GetCoachCalendar")
            .WithSummary("Eigene Termine mit Buchungen (from/to: Berliner Daten, Standard: 7 Tage ab heute; Admin: ?coach=)")
            .Produces<CoachCalendarView>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
}
