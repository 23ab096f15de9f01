using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Time;
using MediatR;

namespace Bezirksplattform.Partners.Jobs.SendAgreementReminders;

/// <summary>
/// One transaction that plans and claims: (1) inserts the reminder due today for each agreement
/// that ends within 90 days (on conflict do nothing, so two hosts and a second run add nothing);
/// (2) cancels open reminders that are no longer due (end date changed, terminated, ended, or the
/// 90-day one overtaken by the 30-day one); (3) leases the open, still-due reminders with FOR UPDATE
/// SKIP LOCKED, so a concurrent run on another host skips them. The lease is committed before any
/// mail is sent, so no transaction stays open while the mail server answers.
/// </summary>
internal sealed record ClaimAgreementRemindersCommand : ICommand<IReadOnlyList<DueAgreementReminder>>;

internal sealed record DueAgreementReminder(long Id, Guid AgreementId, string Title, string Kind, DateOnly ValidUntil, Guid[] SentTo, int Attempts);

internal sealed class ClaimAgreementRemindersHandler(IDbSession db, TimeProvider clock)
    : IRequestHandler<ClaimAgreementRemindersCommand, IReadOnlyList<DueAgreementReminder>>
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The reminder each agreement is due for today: concluded, in force, not terminated, ending within
    /// 90 days. Only the nearest kind is due, so an agreement entered 20 days before its end gets the
    /// 30-day reminder and never a stale 90-day one; a missed run is caught up by the next.
    /// </summary>
    private const string Eligible =
        """
        with eligible as (
            select a.id as agreement_id, a.valid_until,
                   case when a.valid_until - @today <= 30 then '30_days' else '90_days' end as kind
            from partners.agreements a
            where a.terminated_on is null and a.valid_from <= @today
              and a.valid_until between @today and @today + 90
              and partners.agreement_is_concluded(a.id, a.valid_from)
        )
        """;

    public async Task<IReadOnlyList<DueAgreementReminder>> Handle(ClaimAgreementRemindersCommand request, CancellationToken ct)
    {
        var args = new { today = clock.Today(), now = clock.GetUtcNow(), leaseUntil = clock.GetUtcNow() + Lease };
        await db.ExecuteAsync(
            $"""
            {Eligible}
            insert into partners.agreement_reminders (agreement_id, kind, valid_until, created_at)
            select agreement_id, kind, valid_until, @now from eligible order by agreement_id
            on conflict (agreement_id, kind, valid_until) do nothing
            """, args, ct);
        await db.ExecuteAsync(
            $"""
            {Eligible}, stale as (
                select r.id from partners.agreement_reminders r
                where r.status in ('pending', 'failed') and (r.locked_until is null or r.locked_until < @now)
                  and not exists (select 1 from eligible e where e.agreement_id = r.agreement_id and e.kind = r.kind and e.valid_until = r.valid_until)
                order by r.id
                for update of r skip locked
            )
            update partners.agreement_reminders r
            set status = 'cancelled', locked_until = null,
                last_error = 'Nicht mehr fällig: Laufzeit geändert, gekündigt, abgelaufen oder durch die 30-Tage-Erinnerung abgelöst.'
            from stale where r.id = stale.id
            """, args, ct);
        return await db.QueryAsync<DueAgreementReminder>(
            $"""
            {Eligible}, due as (
                select r.id from partners.agreement_reminders r
                join eligible e on e.agreement_id = r.agreement_id and e.kind = r.kind and e.valid_until = r.valid_until
                where r.status in ('pending', 'failed') and (r.locked_until is null or r.locked_until < @now)
                order by r.id
                for update of r skip locked
            )
            update partners.agreement_reminders r set locked_until = @leaseUntil, attempts = r.attempts + 1
            from due, partners.agreements a
            where r.id = due.id and a.id = r.agreement_id
            returning r.id, r.agreement_id, a.title, r.kind, r.valid_until, r.sent_to, r.attempts
            """, args, ct);
    }
}

/// <summary>
/// The outcome of one claimed reminder: sent when every coordinator has it, otherwise failed (retried
/// by the next run, skipping those already mailed). Ignored when the lease went to another run meanwhile.
/// </summary>
internal sealed record RecordAgreementReminderCommand(long Id, int Attempts, Guid[] SentTo, string? Error) : ICommand<bool>;

internal sealed class RecordAgreementReminderHandler(IDbSession db, TimeProvider clock) : IRequestHandler<RecordAgreementReminderCommand, bool>
{
    public async Task<bool> Handle(RecordAgreementReminderCommand request, CancellationToken ct) =>
        await db.ExecuteAsync(
            """
            update partners.agreement_reminders
            set status = case when @Error::text is null then 'sent' else 'failed' end, sent_to = @SentTo, last_error = @Error,
                sent_at = case when @Error::text is null then @now end, locked_until = null
            where id = @Id and attempts = @Attempts and status in ('pending', 'failed')
            """, new { request.Id, request.Attempts, request.SentTo, request.Error, now = clock.GetUtcNow() }, ct) == 1;
}
