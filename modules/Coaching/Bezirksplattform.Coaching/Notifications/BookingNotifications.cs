using Bezirksplattform.BuildingBlocks.Data;

namespace Bezirksplattform.Coaching.Notifications;

/// <summary>The mails a booking change implies.</summary>
internal static class BookingMailKinds
{
    public const string Confirmation = "confirmation";   // iCalendar METHOD:REQUEST
    public const string Change = "change";               // rescheduled: REQUEST with the same UID, higher SEQUENCE
    public const string Cancellation = "cancellation";   // METHOD:CANCEL
    public const string WaitlistOffer = "waitlist_offer"; // a held slot the founder may confirm until the offer expires
}

/// <summary>
/// What the booking slices call, inside their transaction, when a booking is confirmed, moved or
/// cancelled: queue the mail (coaching.outgoing_mails) and schedule or cancel its reminders
/// (coaching.reminders). Sending happens later in the clustered jobs, so a mail server outage never
/// fails or rolls back a booking.
/// </summary>
internal sealed class BookingNotifications(IDbSession db, TimeProvider clock)
{
    /// <summary>Queues the mail of <paramref name="kind"/> (see <see cref="BookingMailKinds"/>) for the booking as it is now.</summary>
    public Task QueueMailAsync(Guid bookingId, string kind, CancellationToken ct)
    {
        _ = (db, clock, bookingId, kind, ct);
        return Task.CompletedTask; // filled in by the notifications area
    }

    /// <summary>Schedules the reminders (e.g. 24 h and 2 h before) of a confirmed booking; reminders already due are skipped.</summary>
    public Task ScheduleRemindersAsync(Guid bookingId, DateTimeOffset startsAt, CancellationToken ct)
    {
        _ = (bookingId, startsAt, ct);
        return Task.CompletedTask; // filled in by the notifications area
    }

    /// <summary>Cancels the pending reminders of a booking that was cancelled or moved.</summary>
    public Task CancelRemindersAsync(Guid bookingId, CancellationToken ct)
    {
        _ = (bookingId, ct);
        return Task.CompletedTask; // filled in by the notifications area
    }
}
