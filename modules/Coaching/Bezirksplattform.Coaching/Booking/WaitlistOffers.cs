using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Coaching.Notifications;

namespace Bezirksplattform.Coaching.Booking;

/// <summary>
/// Offers a freed seat to the first person on the waitlist whose session type, coach and date
/// range cover it: a booking with status offered holds the seat until offer_expires_at, and the
/// offer mail carries the manage link to accept it. The entry is claimed with FOR UPDATE SKIP
/// LOCKED, so two seats freed at once go to two different people, each exactly once.
/// </summary>
internal sealed class WaitlistOffers(IDbSession db, BookingNotifications notifications, BookingOptions options)
{
    /// <summary>True when the seat of the (locked, active) session now holds an offer.</summary>
    public async Task<bool> TryOfferAsync(LockedSession session, DateTimeOffset now, CancellationToken ct)
    {
        var type = await BookableType.ByIdAsync(db, session.SessionTypeId, ct);
        // After the cancel cut-off nobody could back out of the seat any more; an offer would be a trap.
        var cutOff = session.StartsAt.AddMinutes(-type.CancelCutoffMinutes);
        var holdUntil = now + options.WaitlistOfferHold < cutOff ? now + options.WaitlistOfferHold : cutOff;
        if (holdUntil <= now) return false;

        var coachAbsent = await db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from coaching.absences where coach_id = @CoachId and during && tstzrange(@StartsAt, @EndsAt))", session, ct);
        if (coachAbsent) return false;

        var entry = await db.QuerySingleOrDefaultAsync<WaitingEntry>(
            """
            select e.id, e.name, e.email, e.phone, e.stage, e.consent_at
            from coaching.waitlist_entries e
            where e.status = 'waiting' and e.session_type_id = @SessionTypeId and (e.coach_id is null or e.coach_id = @CoachId)
              and e.from_date <= @date and e.to_date >= @date
              and not exists (select 1 from coaching.bookings b join coaching.founders f on f.id = b.founder_id
                              where b.session_id = @Id and b.status in ('confirmed', 'offered') and f.email_normalized = lower(e.email))
            order by e.queue_no
            limit 1
            for update of e skip locked
            """, new { session.SessionTypeId, session.CoachId, session.Id, date = session.StartsAt.BerlinDate() }, ct);
        if (entry is null) return false;

        var founderId = await FounderRecords.UpsertAsync(db, entry.Name, entry.Email, entry.Phone, entry.Stage, now, ct);
        var bookingId = Guid.CreateVersion7();
        await BookingRows.InsertAsync(db, new NewBooking(bookingId, session.Id, founderId, BookingStatuses.Offered, entry.Name, entry.Email,
            entry.Phone, entry.Stage, entry.ConsentAt, now, OfferExpiresAt: holdUntil), ct);
        await db.ExecuteAsync("update coaching.waitlist_entries set status = 'offered', offered_booking_id = @bookingId where id = @Id",
            new { bookingId, entry.Id }, ct);
        await notifications.QueueMailAsync(bookingId, BookingMailKinds.WaitlistOffer, ct);
        return true;
    }

    private sealed record WaitingEntry(Guid Id, string Name, string Email, string? Phone, string Stage, DateTimeOffset ConsentAt);
}
