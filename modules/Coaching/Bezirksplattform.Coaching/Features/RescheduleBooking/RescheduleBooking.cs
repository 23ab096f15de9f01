using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Coaching.Booking;
using Bezirksplattform.Coaching.Contracts;
using Bezirksplattform.Coaching.Notifications;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.RescheduleBooking;

internal sealed record RescheduleBookingBody(DateTimeOffset? Start, Guid? Coach);

/// <summary>
/// Moves a booking to another start (and optionally another coach of the same session type) in
/// one transaction: the old row becomes moved (its links are revoked), a new row takes a seat at
/// the new time with the same guarantees as a new booking, and keeps series_id (the iCalendar
/// UID) with sequence + 1. If the new time cannot be had, nothing changes.
/// </summary>
internal sealed record RescheduleBookingCommand(Guid Id, string? Token, DateTimeOffset? Start, Guid? Coach) : ICommand<BookingView>;

internal sealed class RescheduleBookingValidator : AbstractValidator<RescheduleBookingCommand>
{
    public RescheduleBookingValidator() =>
        RuleFor(x => x.Start).NotNull().WithMessage("Bitte den neuen Beginn angeben, z. B. 2026-11-30T09:00:00Z.");
}

internal sealed class RescheduleBookingHandler(
    IDbSession db, TimeProvider clock, ManageLinks links, BookingNotifications notifications, WaitlistOffers offers, IIntegrationEventOutbox outbox)
    : IRequestHandler<RescheduleBookingCommand, BookingView>
{
    public async Task<BookingView> Handle(RescheduleBookingCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var old = await BookingRows.ForManageLinkAsync(db, links, request.Id, request.Token, now, ct, forUpdate: true);
        switch (old.Status)
        {
            case BookingStatuses.Offered:
                throw new ConflictException("Bitte nehmen Sie das Angebot zuerst an; danach können Sie den Termin verschieben.");
            case BookingStatuses.Cancelled:
                throw new ConflictException("Dieser Termin wurde abgesagt und kann nicht mehr verschoben werden. Bitte buchen Sie einen neuen Termin.");
            case BookingStatuses.Moved or BookingStatuses.Expired:
                throw new ConflictException("Dieser Termin kann nicht mehr verschoben werden.");
        }

        if (now > old.RescheduleUntil)
            throw new ProblemException(StatusCodes.Status409Conflict, "Frist zum Verschieben abgelaufen",
                $"Über den Buchungslink kann dieser Termin nur bis {BerlinText.DateTime(old.RescheduleUntil)} verschoben werden " +
                $"({BerlinText.Duration(old.RescheduleCutoffMinutes)} vor Beginn). Bitte wenden Sie sich direkt an Ihren Coach.");

        var type = await BookableType.FindAsync(db, old.SessionTypeId.ToString(), "sessionType", ct);
        var coachId = request.Coach ?? old.CoachId;
        var start = request.Start!.Value.ToUniversalTime();
        if (coachId == old.CoachId && start == old.StartsAt)
            throw new FieldProblemException("start", "Der neue Termin ist derselbe wie der bisherige.");
        if (coachId != old.CoachId) await type.EnsureOfferedByAsync(db, coachId, "coach", ct);

        // Give the old seat back first (inside this transaction), so a new time that overlaps the
        // old one is possible when the founder was its only participant.
        await Seats.LockAsync(db, old.SessionId, ct);
        await db.ExecuteAsync(
            "update coaching.bookings set status = 'moved', token_version = token_version + 1, updated_at = @now where id = @Id",
            new { now, old.Id }, ct);
        await Seats.ReleaseAsync(db, offers, old.SessionId, now, ct);

        await OfferedSlot.EnsureAsync(db, type, coachId, start, now, ct);
        var session = await Seats.TakeAsync(db, type, coachId, start, now, ct);
        var newId = Guid.CreateVersion7();
        await BookingRows.InsertAsync(db, new NewBooking(newId, session.Id, old.FounderId, BookingStatuses.Confirmed, old.Name, old.Email, old.Phone,
            old.Stage, old.ConsentAt, now, Sequence: old.Sequence + 1, SeriesId: old.SeriesId), ct);
        await db.ExecuteAsync("update coaching.bookings set moved_to = @newId where id = @Id", new { newId, old.Id }, ct);

        await notifications.CancelRemindersAsync(old.Id, ct);
        await notifications.QueueMailAsync(newId, BookingMailKinds.Change, ct);
        await notifications.ScheduleRemindersAsync(newId, session.StartsAt, ct);
        await outbox.EnqueueAsync(new SessionCancelled(old.Id, old.SessionId, old.FounderId, "founder", Late: false), ct);
        await outbox.EnqueueAsync(new SessionBooked(newId, session.Id, coachId, type.Id, session.StartsAt, session.EndsAt, old.FounderId, old.Stage), ct);
        return (await BookingRows.LoadAsync(db, newId, ct)).ToView(links);
    }
}

internal static class RescheduleBookingEndpoints
{
    public static void MapRescheduleBooking(this IEndpointRouteBuilder publicApi)
    {
        publicApi.MapPost("/coaching/bookings/{id}/reschedule",
                async (Guid id, string? token, RescheduleBookingBody body, IMediator mediator, CancellationToken ct) =>
                {
                    var moved = await mediator.Send(new RescheduleBookingCommand(id, token, body.Start, body.Coach), ct);
                    return Results.Created($"/api/public/v1/coaching/bookings/{moved.Id}", moved);
                })
            .WithName("RescheduleCoachingBooking")
            .WithSummary("Termin über den Buchungslink verschieben (bis zur Frist); die Antwort ist die neue Buchung mit neuem Link")
            .Produces<BookingView>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
