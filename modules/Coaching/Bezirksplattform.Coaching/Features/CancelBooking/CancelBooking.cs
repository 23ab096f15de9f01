using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Coaching.Booking;
using Bezirksplattform.Coaching.Contracts;
using Bezirksplattform.Coaching.Notifications;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.CancelBooking;

/// <summary>Who cancels: the founder through the manage link (within the cut-off) or staff (any time before the end).</summary>
internal abstract record Canceller
{
    internal sealed record Founder(string? Token) : Canceller;

    internal sealed record Staff(CurrentUser User) : Canceller;
}

/// <summary>
/// Cancels a booking, or declines a waitlist offer. The seat is offered to the waitlist; when no
/// seat is held any more the session is cancelled, which frees the coach's time.
/// </summary>
internal sealed record CancelBookingCommand(Guid Id, Canceller By) : ICommand<BookingView>;

internal sealed class CancelBookingHandler(
    IDbSession db, TimeProvider clock, ManageLinks links, BookingNotifications notifications, WaitlistOffers offers, IIntegrationEventOutbox outbox)
    : IRequestHandler<CancelBookingCommand, BookingView>
{
    public async Task<BookingView> Handle(CancelBookingCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var row = request.By switch
        {
            Canceller.Founder founder => await BookingRows.ForManageLinkAsync(db, links, request.Id, founder.Token, now, ct, forUpdate: true),
            Canceller.Staff staff => await StaffBookingAsync(staff.User, request.Id, ct),
            _ => throw new ArgumentOutOfRangeException(nameof(request)),
        };

        switch (row.Status)
        {
            case BookingStatuses.Cancelled:
                return row.ToView(links); // cancelled already: the same answer again
            case BookingStatuses.Moved:
                throw new ConflictException("Dieser Termin wurde verschoben; bitte sagen Sie den neuen Termin ab.");
            case BookingStatuses.Expired:
                throw new ConflictException("Dieses Angebot ist bereits abgelaufen.");
        }

        var isFounder = request.By is Canceller.Founder;
        var wasOffer = row.Status == BookingStatuses.Offered;
        var late = now > row.CancelUntil;
        if (isFounder && !wasOffer && late)
            throw new ProblemException(StatusCodes.Status409Conflict, "Absagefrist abgelaufen",
                $"Über den Buchungslink kann dieser Termin nur bis {BerlinText.DateTime(row.CancelUntil)} abgesagt werden " +
                $"({BerlinText.Duration(row.CancelCutoffMinutes)} vor Beginn). Bitte wenden Sie sich direkt an Ihren Coach.");
        if (!isFounder && now >= row.EndsAt)
            throw new ConflictException("Der Termin ist bereits vorbei. Bitte halten Sie im Termin fest, ob er stattgefunden hat.");

        await Seats.LockAsync(db, row.SessionId, ct);
        var cancelledBy = isFounder ? "founder" : "coach";
        await db.ExecuteAsync(
            """
            update coaching.bookings set status = 'cancelled', cancelled_at = @now, cancelled_by = @cancelledBy, sequence = sequence + 1, updated_at = @now
            where id = @Id
            """, new { now, cancelledBy, row.Id }, ct);

        if (wasOffer)
        {
            await db.ExecuteAsync("update coaching.waitlist_entries set status = 'withdrawn' where offered_booking_id = @Id", new { row.Id }, ct);
        }
        else
        {
            await notifications.QueueMailAsync(row.Id, BookingMailKinds.Cancellation, ct);
            await notifications.CancelRemindersAsync(row.Id, ct);
            await outbox.EnqueueAsync(new SessionCancelled(row.Id, row.SessionId, row.FounderId, cancelledBy, Late: !isFounder && late), ct);
        }

        await Seats.ReleaseAsync(db, offers, row.SessionId, now, ct);
        return (await BookingRows.LoadAsync(db, row.Id, ct)).ToView(links);
    }

    /// <summary>A coach cancels bookings of their own sessions only; an admin any.</summary>
    private async Task<BookingRow> StaffBookingAsync(CurrentUser user, Guid id, CancellationToken ct)
    {
        var row = await BookingRows.LoadAsync(db, id, ct, forUpdate: true);
        if (!user.IsInRole(Roles.Admin) && row.CoachStaffUserId != user.Id)
            throw new ProblemException(StatusCodes.Status403Forbidden, "Keine Berechtigung", "Coaches können nur Buchungen ihrer eigenen Termine absagen.");
        return row;
    }
}

internal static class CancelBookingEndpoints
{
    public static void MapCancelBookingByFounder(this IEndpointRouteBuilder publicApi)
    {
        publicApi.MapPost("/coaching/bookings/{id}/cancel", async (Guid id, string? token, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new CancelBookingCommand(id, new Canceller.Founder(token)), ct)))
            .WithName("CancelCoachingBooking")
            .WithSummary("Termin über den Buchungslink absagen (bis zur Absagefrist) oder ein Wartelisten-Angebot ablehnen")
            .Produces<BookingView>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }

    public static void MapCancelBookingByStaff(this IEndpointRouteBuilder staff)
    {
        staff.MapPost("/bookings/{id}/cancel", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new CancelBookingCommand(id, new Canceller.Staff(CurrentUser.Required(http))), ct)))
            .WithName("CancelCoachingBookingAsStaff")
            .WithSummary("Buchung als Coach absagen (auch nach der Absagefrist; dann als späte Absage gemeldet)")
            .Produces<BookingView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }
}
