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

namespace Bezirksplattform.Coaching.Features.AcceptOffer;

/// <summary>
/// The person on the waitlist confirms the seat held for them. The seat already counts against
/// capacity, so nothing else can have taken it; only the hold's end matters. Accepting twice
/// answers the confirmed booking again.
/// </summary>
internal sealed record AcceptOfferCommand(Guid Id, string? Token) : ICommand<BookingView>;

internal sealed class AcceptOfferHandler(
    IDbSession db, TimeProvider clock, ManageLinks links, BookingNotifications notifications, IIntegrationEventOutbox outbox)
    : IRequestHandler<AcceptOfferCommand, BookingView>
{
    public async Task<BookingView> Handle(AcceptOfferCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var row = await BookingRows.ForManageLinkAsync(db, links, request.Id, request.Token, now, ct, forUpdate: true);
        if (row.Status == BookingStatuses.Confirmed) return row.ToView(links);
        if (row.Status == BookingStatuses.Expired || (row.Status == BookingStatuses.Offered && now >= row.OfferExpiresAt))
            throw new ProblemException(StatusCodes.Status409Conflict, "Angebot abgelaufen",
                $"Das Angebot galt bis {BerlinText.DateTime(row.OfferExpiresAt!.Value)} und ist abgelaufen. Sie können einen anderen freien Termin buchen oder sich erneut auf die Warteliste setzen.");
        if (row.Status != BookingStatuses.Offered)
            throw new ConflictException("Dieses Angebot gilt nicht mehr.");

        await db.ExecuteAsync("update coaching.bookings set status = 'confirmed', updated_at = @now where id = @Id", new { now, row.Id }, ct);
        await db.ExecuteAsync("update coaching.waitlist_entries set status = 'booked' where offered_booking_id = @Id", new { row.Id }, ct);
        await notifications.QueueMailAsync(row.Id, BookingMailKinds.Confirmation, ct);
        await notifications.ScheduleRemindersAsync(row.Id, row.StartsAt, ct);
        await outbox.EnqueueAsync(new SessionBooked(row.Id, row.SessionId, row.CoachId, row.SessionTypeId, row.StartsAt, row.EndsAt, row.FounderId, row.Stage), ct);
        return (await BookingRows.LoadAsync(db, row.Id, ct)).ToView(links);
    }
}

internal static class AcceptOfferEndpoints
{
    public static void MapAcceptOffer(this IEndpointRouteBuilder publicApi)
    {
        publicApi.MapPost("/coaching/bookings/{id}/accept-offer", async (Guid id, string? token, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new AcceptOfferCommand(id, token), ct)))
            .WithName("AcceptCoachingWaitlistOffer")
            .WithSummary("Wartelisten-Angebot über den Link aus der E-Mail annehmen, solange es gilt")
            .Produces<BookingView>().ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
