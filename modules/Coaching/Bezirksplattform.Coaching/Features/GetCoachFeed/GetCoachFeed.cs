using System.Globalization;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Coaching.Calendar;
using Bezirksplattform.Coaching.Coaches;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.GetCoachFeed;

/// <summary>
/// The coach's private iCalendar feed, found by the hash of the secret token: one VEVENT per active
/// session with at least one seat taken, from 90 days back to a year ahead. Session type, seats and
/// place only: a leaked address reveals no founder's name or contact data.
/// </summary>
internal sealed record GetCoachFeedQuery(string Token) : IQuery<string>;

internal sealed class GetCoachFeedHandler(IDbSession db, TimeProvider clock) : IRequestHandler<GetCoachFeedQuery, string>
{
    private sealed record FeedCoach(Guid Id, string DisplayName, string? RoomAddress);

    private sealed record FeedSession(
        Guid Id, string SessionTypeName, string LocationKind, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Capacity, int SeatsTaken,
        DateTimeOffset CreatedAt);

    public async Task<string> Handle(GetCoachFeedQuery request, CancellationToken ct)
    {
        if (!FeedTokens.IsWellFormed(request.Token)) throw new NotFoundException(Unknown);
        var now = clock.GetUtcNow();
        await using var grid = await db.QueryMultipleAsync(
            """
            select id, display_name, room_address from coaching.coaches where feed_token_hash = @hash;
            select s.id, t.name as session_type_name, t.location_kind, s.starts_at, s.ends_at, s.capacity, taken.seats as seats_taken, s.created_at
            from coaching.coaches c
            join coaching.sessions s on s.coach_id = c.id and s.status = 'active'
            join coaching.session_types t on t.id = s.session_type_id
            cross join lateral (select count(*)::int as seats from coaching.bookings b
                                where b.session_id = s.id and b.status in ('confirmed', 'offered')) taken
            where c.feed_token_hash = @hash and taken.seats > 0 and s.starts_at >= @since and s.starts_at < @until
            order by s.starts_at;
            """, new { hash = FeedTokens.Hash(request.Token), since = now.AddDays(-90), until = now.AddDays(366) }, ct);
        var coach = await grid.ReadSingleOrDefaultAsync<FeedCoach>() ?? throw new NotFoundException(Unknown);
        var sessions = await grid.ReadAsync<FeedSession>();
        var events = sessions.Select(s => new CalendarEvent(
            Uid: $"{s.Id}@bezirksplattform",
            Sequence: 0,
            Start: s.StartsAt,
            End: s.EndsAt,
            Summary: $"{s.SessionTypeName} ({Seats(s.SeatsTaken, s.Capacity)})",
            Location: s.LocationKind == "room" && coach.RoomAddress is not null ? coach.RoomAddress : CoachingVocabulary.LocationLabel(s.LocationKind),
            Description: "Gründungscoaching. Teilnehmende und Kontaktdaten stehen im Kalender der Bezirksplattform.",
            Organizer: null,
            Attendee: null,
            Status: "CONFIRMED",
            LastModified: s.CreatedAt));
        return ICalendarWriter.Write(null, now, events, calendarName: $"Gründungscoaching – {coach.DisplayName}");
    }

    private const string Unknown = "Diesen Kalender gibt es nicht (mehr).";

    private static string Seats(int taken, int capacity) =>
        string.Create(CultureInfo.InvariantCulture, $"{taken}/{capacity} Plätze belegt");
}

internal static class GetCoachFeedEndpoint
{
    public static RouteHandlerBuilder MapGetCoachFeed(this IEndpointRouteBuilder publicApi) =>
        publicApi.MapGet("/coaching/feeds/{token}.ics", async (string token, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var ics = await mediator.Send(new GetCoachFeedQuery(token), ct);
                // Calendar clients poll; the address is a secret, so no shared cache may keep the answer.
                http.Response.Headers.CacheControl = "private, max-age=300";
                return Results.Text(ics, "text/calendar; charset=utf-8");
            })
            .WithName("GetCoachCalendarFeed")
            .WithSummary("Privater iCalendar-Feed eines Coaches (RFC 5545); die Adresse ist das Geheimnis")
            .Produces<string>(StatusCodes.Status200OK, "text/calendar").ProducesProblem(StatusCodes.Status404NotFound);
}
