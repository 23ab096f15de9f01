using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Coaching.Booking;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.ListBookings;

/// <summary>Bookings between two Berlin dates: a coach sees those of their own sessions, an admin all (optionally one coach's).</summary>
internal sealed record ListBookingsQuery(DateOnly? From, DateOnly? To, string[] Statuses, Guid? Coach, CurrentUser User) : IQuery<IReadOnlyList<StaffBookingItem>>;

internal sealed record StaffBookingItem(
    Guid Id, string Status, Guid SessionId, BookingSessionType SessionType, BookingCoach Coach, DateTimeOffset Start, DateTimeOffset End,
    Guid FounderId, string Name, string Email, string? Phone, string Stage, Guid SeriesId, int Sequence, DateTimeOffset? OfferExpiresAt,
    Guid? MovedTo, DateTimeOffset? CancelledAt, string? CancelledBy, DateTimeOffset CreatedAt);

internal sealed class ListBookingsValidator : AbstractValidator<ListBookingsQuery>
{
    public ListBookingsValidator()
    {
        RuleFor(x => x.Statuses).Must(all => all.All(BookingStatuses.All.Contains)).OverridePropertyName("status")
            .WithMessage($"Unbekannter Status. Erlaubt: {string.Join(", ", BookingStatuses.All)} (mehrere durch Komma getrennt).");
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null && x.To is not null)
            .WithMessage("Das Ende liegt vor dem Beginn.");
        RuleFor(x => x.To).Must((x, to) => to!.Value.DayNumber - x.From!.Value.DayNumber <= 366).When(x => x.From is not null && x.To is not null)
            .WithMessage("Höchstens ein Jahr auf einmal.");
    }
}

internal sealed class ListBookingsHandler(IDbSession db, TimeProvider clock) : IRequestHandler<ListBookingsQuery, IReadOnlyList<StaffBookingItem>>
{
    public async Task<IReadOnlyList<StaffBookingItem>> Handle(ListBookingsQuery request, CancellationToken ct)
    {
        var from = request.From ?? clock.Today();
        var to = request.To ?? from.AddDays(30);
        var rows = await db.QueryAsync<Row>(
            """
            select b.id, b.status, b.session_id, t.id as session_type_id, t.slug as session_type_slug, t.name as session_type_name,
                   c.id as coach_id, c.display_name as coach_name, s.starts_at, s.ends_at, b.founder_id, b.name, b.email, b.phone, b.stage,
                   b.series_id, b.sequence, b.offer_expires_at, b.moved_to, b.cancelled_at, b.cancelled_by, b.created_at
            from coaching.bookings b
            join coaching.sessions s on s.id = b.session_id
            join coaching.session_types t on t.id = s.session_type_id
            join coaching.coaches c on c.id = s.coach_id
            where s.starts_at >= @fromInstant and s.starts_at < @untilInstant
              and (cardinality(@statuses) = 0 or b.status = any(@statuses))
              and (@isAdmin or c.staff_user_id = @userId)
              and (@coach::uuid is null or c.id = @coach)
            order by s.starts_at, c.display_name, b.created_at
            limit 2000
            """,
            new
            {
                fromInstant = Scheduling.SlotEngine.StartOfDay(from), untilInstant = Scheduling.SlotEngine.StartOfDay(to.AddDays(1)), statuses = request.Statuses,
                isAdmin = request.User.IsInRole(Roles.Admin), userId = request.User.Id, coach = request.Coach,
            }, ct);
        return rows.Select(r => new StaffBookingItem(r.Id, r.Status, r.SessionId, new BookingSessionType(r.SessionTypeId, r.SessionTypeSlug, r.SessionTypeName),
            new BookingCoach(r.CoachId, r.CoachName), r.StartsAt, r.EndsAt, r.FounderId, r.Name, r.Email, r.Phone, r.Stage, r.SeriesId, r.Sequence,
            r.OfferExpiresAt, r.MovedTo, r.CancelledAt, r.CancelledBy, r.CreatedAt)).ToList();
    }

    private sealed record Row(
        Guid Id, string Status, Guid SessionId, Guid SessionTypeId, string SessionTypeSlug, string SessionTypeName, Guid CoachId, string CoachName,
        DateTimeOffset StartsAt, DateTimeOffset EndsAt, Guid FounderId, string Name, string Email, string? Phone, string Stage, Guid SeriesId,
        int Sequence, DateTimeOffset? OfferExpiresAt, Guid? MovedTo, DateTimeOffset? CancelledAt, string? CancelledBy, DateTimeOffset CreatedAt);
}

internal static class ListBookingsEndpoints
{
    public static void MapListBookings(this IEndpointRouteBuilder staff)
    {
        staff.MapGet("/bookings", async (DateOnly? from, DateOnly? to, string? status, Guid? coach, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var statuses = (status ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return Results.Ok(await mediator.Send(new ListBookingsQuery(from, to, statuses, coach, CurrentUser.Required(http)), ct));
            })
            .WithName("ListCoachingBookings")
            .WithSummary("Buchungen zwischen zwei Berliner Daten (Standard: heute und die nächsten 30 Tage); Coaches sehen ihre eigenen, Admins alle")
            .Produces<IReadOnlyList<StaffBookingItem>>().ProducesValidationProblem();
    }
}
