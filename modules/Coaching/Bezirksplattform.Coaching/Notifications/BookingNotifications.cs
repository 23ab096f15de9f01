using Bezirksplattform.Coaching.Booking;
using Bezirksplattform.BuildingBlocks.Data;
using Microsoft.Extensions.Options;

namespace Bezirksplattform.Coaching.Notifications;

/// <summary>The mails a booking change implies.</summary>
internal static class BookingMailKinds
{
    public const string Confirmation = "confirmation";   // iCalendar METHOD:REQUEST
    public const string Change = "change";               // rescheduled: REQUEST with the same UID, higher SEQUENCE
    public const string Cancellation = "cancellation";   // METHOD:CANCEL
    public const string WaitlistOffer = "waitlist_offer"; // a held slot the founder may confirm until the offer expires; no .ics (not booked yet)

    public static readonly string[] All = [Confirmation, Change, Cancellation, WaitlistOffer];
}

/// <summary>
/// What the booking slices call, inside their transaction, when a booking is confirmed, moved or
/// cancelled: queue the mail (coaching.outgoing_mails) and schedule or cancel its reminders
/// (coaching.reminders). Sending happens later in the clustered jobs, so a mail server outage never
/// fails or rolls back a booking.
/// </summary>
internal sealed class BookingNotifications(IDbSession db, TimeProvider clock, IOptions<NotificationOptions> options, ManageLinks links)
{
    /// <summary>
    /// The iCalendar UID of a booking, stable across reschedules: the one place that says where it comes
    /// from (SQL over coaching.bookings b). A moved booking must carry its series' UID.
    /// </summary>
    internal const string IcalUidSql = "b.series_id::text";

    /// <summary>Queues the mail of <paramref name="kind"/> (see <see cref="BookingMailKinds"/>) for the booking as it is now.</summary>
    public Task QueueMailAsync(Guid bookingId, string kind, CancellationToken ct) => QueueMailAsync(bookingId, kind, null, ct);

    /// <summary>
    /// As above, with the founder's manage link (cancel, reschedule, or confirm an offer). It is written
    /// into the mail text only; reminders, sent later, do not repeat it.
    /// </summary>
    public async Task QueueMailAsync(Guid bookingId, string kind, string? manageUrl, CancellationToken ct)
    {
        if (!BookingMailKinds.All.Contains(kind)) throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unbekannte Mail-Art.");
        var booking = await db.QuerySingleOrDefaultAsync<BookingMailData>(
            $"""
            select b.id as booking_id, b.status, b.name, b.email, b.sequence, {IcalUidSql} as ical_uid, b.offer_expires_at, b.cancelled_by,
                   s.starts_at, s.ends_at, st.name as session_type_name, st.location_kind, st.cancel_cutoff_minutes,
                   c.display_name as coach_name, c.email as coach_email, c.room_address,
                   prev.starts_at as previous_starts_at, prev.ends_at as previous_ends_at, b.token_version
            from coaching.bookings b
            join coaching.sessions s on s.id = b.session_id
            join coaching.session_types st on st.id = s.session_type_id
            join coaching.coaches c on c.id = s.coach_id
            left join lateral (
                select ps.starts_at, ps.ends_at from coaching.bookings pb join coaching.sessions ps on ps.id = pb.session_id
                where pb.moved_to = b.id order by pb.updated_at desc limit 1
            ) prev on true
            where b.id = @bookingId
            """, new { bookingId }, ct) ?? throw new InvalidOperationException($"Booking {bookingId} does not exist.");

        // Every mail but the cancellation carries the founder's signed manage link (cancel, reschedule, accept an offer).
        if (manageUrl is null && kind != BookingMailKinds.Cancellation)
            manageUrl = links.Issue(booking.BookingId, booking.TokenVersion, booking.StartsAt).Url;
        var now = clock.GetUtcNow();
        var mail = MailTexts.Compose(booking with { IcalUid = booking.IcalUid + "@bezirksplattform" }, kind, manageUrl, now);
        await db.ExecuteAsync(
            """
            insert into coaching.outgoing_mails (id, booking_id, kind, recipient, subject, body, ics, ics_method, status, attempts, next_attempt_at, created_at)
            values (@id, @bookingId, @kind, @recipient, @Subject, @Body, @Ics, @IcsMethod, 'pending', 0, @now, @now)
            """,
            new { id = Guid.CreateVersion7(), bookingId, kind, recipient = booking.Email, mail.Subject, mail.Body, mail.Ics, mail.IcsMethod, now }, ct);
    }

    /// <summary>
    /// Schedules the reminders (<c>Coaching:Reminders</c>, default 24 h and 2 h before) of a confirmed
    /// booking; reminders already due are skipped. Calling it again for the same booking with a new time
    /// (a reschedule that keeps the booking) moves its reminders, and a reminder already sent for the
    /// old time is planned anew.
    /// </summary>
    public async Task ScheduleRemindersAsync(Guid bookingId, DateTimeOffset startsAt, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        startsAt = startsAt.ToUniversalTime();
        var due = options.Value.EffectiveReminders.Select(before => (Kind: NotificationOptions.KindOf(before), DueAt: startsAt - before)).ToList();
        var kinds = due.Where(r => r.DueAt > now).Select(r => r.Kind).ToArray();
        await db.ExecuteAsync(
            """
            update coaching.reminders set status = 'cancelled', last_error = 'Nicht mehr fällig: Termin verschoben.'
            where booking_id = @bookingId and status in ('pending', 'failed') and kind <> all(@kinds)
            """, new { bookingId, kinds }, ct);
        foreach (var (kind, dueAt) in due.Where(r => r.DueAt > now))
            await db.ExecuteAsync(
                """
                insert into coaching.reminders as r (id, booking_id, kind, due_at, next_attempt_at, status, attempts)
                values (@id, @bookingId, @kind, @dueAt, @dueAt, 'pending', 0)
                on conflict (booking_id, kind) do update
                set due_at = excluded.due_at, next_attempt_at = excluded.next_attempt_at, status = 'pending', attempts = 0, last_error = null, sent_at = null
                where r.status <> 'sent' or r.due_at <> excluded.due_at
                """, new { id = Guid.CreateVersion7(), bookingId, kind, dueAt }, ct);
    }

    /// <summary>Cancels the pending (and failed) reminders of a booking that was cancelled or moved; sent ones stay as they are.</summary>
    public Task CancelRemindersAsync(Guid bookingId, CancellationToken ct) =>
        db.ExecuteAsync(
            "update coaching.reminders set status = 'cancelled' where booking_id = @bookingId and status in ('pending', 'failed')",
            new { bookingId }, ct);
}
