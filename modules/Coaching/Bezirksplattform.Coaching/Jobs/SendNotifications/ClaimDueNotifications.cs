using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Coaching.Notifications;
using MediatR;
using Microsoft.Extensions.Options;

namespace Bezirksplattform.Coaching.Jobs.SendNotifications;

internal sealed record ClaimedMail(Guid Id, string Kind, string Recipient, string? RecipientName, string Subject, string Body, string? Ics, string? IcsMethod, int Attempts);

/// <summary>
/// Leases up to a batch of due pending mails with FOR UPDATE SKIP LOCKED: attempts + 1 and
/// next_attempt_at pushed to the end of the lease, committed before anything is sent. A concurrent
/// run on another host skips the locked rows and, after the commit, no longer sees them as due.
/// </summary>
internal sealed record ClaimDueMailsCommand : ICommand<IReadOnlyList<ClaimedMail>>;

internal sealed class ClaimDueMailsHandler(IDbSession db, TimeProvider clock, IOptions<NotificationOptions> options)
    : IRequestHandler<ClaimDueMailsCommand, IReadOnlyList<ClaimedMail>>
{
    public Task<IReadOnlyList<ClaimedMail>> Handle(ClaimDueMailsCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.QueryAsync<ClaimedMail>(
            """
            with due as (
                select id from coaching.outgoing_mails
                where status = 'pending' and next_attempt_at <= @now
                order by next_attempt_at, id
                limit @batch
                for update skip locked
            )
            update coaching.outgoing_mails m set attempts = m.attempts + 1, next_attempt_at = @leaseUntil
            from due where m.id = due.id
            returning m.id, m.kind, m.recipient,
                      coalesce((select b.name from coaching.bookings b where b.id = m.booking_id),
                               (select i.name from coaching.invitations i where i.id = m.invitation_id)) as recipient_name,
                      m.subject, m.body, m.ics, m.ics_method, m.attempts
            """, new { now, leaseUntil = now + options.Value.SendLease, batch = options.Value.SendBatchSize }, ct);
    }
}

internal sealed record ClaimedReminder(Guid Id, string Kind, int Attempts, string Email, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string LocationKind, string? RoomAddress);

/// <summary>
/// One transaction before the reminders' claim: (1) cancels open reminders whose booking is no longer
/// confirmed (cancelled, moved, expired), so they are never sent; (2) drops a reminder overtaken by a
/// later one of the same booking that is due too (after an outage only the nearest goes out);
/// (3) marks failed the ones whose session began before they could be sent, so staff see the miss;
/// (4) leases the due ones like <see cref="ClaimDueMailsCommand"/>, returning time and place only.
/// </summary>
internal sealed record ClaimDueRemindersCommand : ICommand<IReadOnlyList<ClaimedReminder>>;

internal sealed class ClaimDueRemindersHandler(IDbSession db, TimeProvider clock, IOptions<NotificationOptions> options)
    : IRequestHandler<ClaimDueRemindersCommand, IReadOnlyList<ClaimedReminder>>
{
    public async Task<IReadOnlyList<ClaimedReminder>> Handle(ClaimDueRemindersCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var args = new { now, leaseUntil = now + options.Value.SendLease, batch = options.Value.SendBatchSize };
        await db.ExecuteAsync(
            """
            with stale as (
                select r.id from coaching.reminders r join coaching.bookings b on b.id = r.booking_id
                where r.status in ('pending', 'failed') and b.status <> 'confirmed'
                for update of r skip locked
            )
            update coaching.reminders r set status = 'cancelled', last_error = 'Buchung nicht mehr bestätigt.'
            from stale where r.id = stale.id
            """, args, ct);
        await db.ExecuteAsync(
            """
            with overtaken as (
                select r.id from coaching.reminders r
                where r.status = 'pending' and r.due_at <= @now
                  and exists (select 1 from coaching.reminders later
                              where later.booking_id = r.booking_id and later.status = 'pending' and later.due_at > r.due_at and later.due_at <= @now)
                for update of r skip locked
            )
            update coaching.reminders r set status = 'cancelled', last_error = 'Überholt durch eine spätere Erinnerung.'
            from overtaken where r.id = overtaken.id
            """, args, ct);
        await db.ExecuteAsync(
            """
            with missed as (
                select r.id from coaching.reminders r
                join coaching.bookings b on b.id = r.booking_id join coaching.sessions s on s.id = b.session_id
                where r.status = 'pending' and r.next_attempt_at <= @now and s.starts_at <= @now
                for update of r skip locked
            )
            update coaching.reminders r set status = 'failed', next_attempt_at = @now,
                last_error = coalesce(r.last_error || ' – ', '') || 'Nicht rechtzeitig versandt: Der Termin hatte schon begonnen.'
            from missed where r.id = missed.id
            """, args, ct);
        return await db.QueryAsync<ClaimedReminder>(
            """
            with due as (
                select r.id from coaching.reminders r
                join coaching.bookings b on b.id = r.booking_id and b.status = 'confirmed'
                join coaching.sessions s on s.id = b.session_id and s.starts_at > @now
                where r.status = 'pending' and r.next_attempt_at <= @now
                order by r.next_attempt_at, r.id
                limit @batch
                for update of r skip locked
            )
            update coaching.reminders r set attempts = r.attempts + 1, next_attempt_at = @leaseUntil
            from due, coaching.bookings b, coaching.sessions s, coaching.session_types st, coaching.coaches c
            where r.id = due.id and b.id = r.booking_id and s.id = b.session_id and st.id = s.session_type_id and c.id = s.coach_id
            returning r.id, r.kind, r.attempts, b.email, s.starts_at, s.ends_at, st.location_kind, c.room_address
            """, args, ct);
    }
}

/// <summary>Records the outcome of a claimed mail or reminder (see <see cref="SendAttempts"/>).</summary>
internal sealed record RecordSendAttemptCommand(string Table, Guid Id, int Attempts, string? Error) : ICommand<bool>;

internal sealed class RecordSendAttemptHandler(IDbSession db, TimeProvider clock, IOptions<NotificationOptions> options)
    : IRequestHandler<RecordSendAttemptCommand, bool>
{
    public Task<bool> Handle(RecordSendAttemptCommand request, CancellationToken ct) =>
        SendAttempts.RecordAsync(db, request.Table, request.Id, request.Attempts, request.Error, options.Value, clock.GetUtcNow(), ct);
}
