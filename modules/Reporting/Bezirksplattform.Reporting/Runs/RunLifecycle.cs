using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Reporting.Contracts;
using MediatR;

namespace Bezirksplattform.Reporting.Runs;

/// <summary>
/// Claims the oldest run that is queued or whose lease lapsed (its host died), with FOR UPDATE SKIP LOCKED
/// so hosts never take the same run, and commits the lease before any figures are gathered. A lapsed run
/// that already had <see cref="ReportRuns.MaxAttempts"/> claims is failed instead of being tried again.
/// </summary>
internal sealed record ClaimReportRunCommand : ICommand<ClaimedRun?>;

internal sealed record ClaimedRun(Guid Id, Guid LeaseId, string Definition, string PeriodKey, bool ForPublication, string Trigger, Guid? RequestedBy, int Attempts);

internal sealed class ClaimReportRunHandler(IDbSession db, TimeProvider clock) : IRequestHandler<ClaimReportRunCommand, ClaimedRun?>
{
    public const string GaveUp = "Der Bericht wurde nach drei abgebrochenen Versuchen aufgegeben (der Server wurde während der Erstellung beendet).";

    public async Task<ClaimedRun?> Handle(ClaimReportRunCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var args = new { now, leaseId = Guid.CreateVersion7(), lockedUntil = now + ReportRuns.Lease, max = ReportRuns.MaxAttempts, gaveUp = GaveUp };
        // Finished runs are failed here, not notified: nobody waits on a mail for a host crash loop's run.
        await db.ExecuteAsync(
            """
            update reporting.report_runs set status = 'failed', failure_reason = @gaveUp, finished_at = @now,
                   lease_id = null, locked_until = null, step = null
            where status = 'running' and locked_until < @now and attempts >= @max
            """, args, ct);
        return await db.QuerySingleOrDefaultAsync<ClaimedRun>(
            """
            with next as (
                select id from reporting.report_runs
                where status = 'queued' or (status = 'running' and locked_until < @now)
                order by queued_at, id
                limit 1
                for update skip locked
            )
            update reporting.report_runs r
            set status = 'running', lease_id = @leaseId, locked_until = @lockedUntil, attempts = r.attempts + 1,
                started_at = coalesce(r.started_at, @now), progress = 0, step = 'Gestartet'
            from next where r.id = next.id
            returning r.id, r.lease_id, r.definition, r.period_key, r.for_publication, r.trigger, r.requested_by, r.attempts
            """, args, ct);
    }
}

/// <summary>Progress of a running run, committed on its own so staff see it while the run goes on; renews the lease.
/// False when the lease went to another host meanwhile: then this host stops.</summary>
internal sealed record ReportProgressCommand(Guid Id, Guid LeaseId, int Progress, string Step) : ICommand<bool>;

internal sealed class ReportProgressHandler(IDbSession db, TimeProvider clock) : IRequestHandler<ReportProgressCommand, bool>
{
    public async Task<bool> Handle(ReportProgressCommand request, CancellationToken ct) =>
        await db.ExecuteAsync(
            """
            update reporting.report_runs set progress = @Progress, step = @Step, locked_until = @lockedUntil
            where id = @Id and lease_id = @LeaseId and status = 'running'
            """,
            new { request.Id, request.LeaseId, Progress = (short)Math.Clamp(request.Progress, 0, 100), Step = Shorten(request.Step),
                lockedUntil = clock.GetUtcNow() + ReportRuns.Lease }, ct) == 1;

    private static string Shorten(string step) => step.Length <= 200 ? step : step[..200];
}

/// <summary>A mail to queue with the run's outcome.</summary>
internal sealed record RunMail(string Email, string Subject, string Body);

/// <summary>
/// One transaction: the frozen snapshot, the run done, ReportReady in the outbox and the mails queued.
/// False when the lease was lost (another host took the run over): then nothing is written.
/// </summary>
internal sealed record CompleteReportRunCommand(Guid Id, Guid LeaseId, byte[] Document, string ContentHash, IReadOnlyList<RunMail> Mails) : ICommand<bool>;

internal sealed class CompleteReportRunHandler(IDbSession db, IIntegrationEventOutbox outbox, TimeProvider clock)
    : IRequestHandler<CompleteReportRunCommand, bool>
{
    public async Task<bool> Handle(CompleteReportRunCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var run = await db.QuerySingleOrDefaultAsync<FinishedRun>(
            """
            update reporting.report_runs
            set status = 'done', progress = 100, step = 'Fertig', finished_at = @now, lease_id = null, locked_until = null
            where id = @Id and lease_id = @LeaseId and status = 'running'
            returning definition, period_from, period_to
            """, new { request.Id, request.LeaseId, now }, ct);
        if (run is null) return false;

        await db.ExecuteAsync(
            "insert into reporting.report_snapshots (run_id, document, content_hash, created_at) values (@Id, @Document, @ContentHash, @now)",
            new { request.Id, request.Document, request.ContentHash, now }, ct);
        await outbox.EnqueueAsync(new ReportReady(request.Id, run.Definition, run.PeriodFrom, run.PeriodTo, request.ContentHash), ct);
        await RunMails.QueueAsync(db, request.Id, request.Mails, now, ct);
        return true;
    }
}

internal sealed record FinishedRun(string Definition, DateOnly PeriodFrom, DateOnly PeriodTo);

/// <summary>The run failed with a German reason staff can act on; its mails are queued in the same transaction.</summary>
internal sealed record FailReportRunCommand(Guid Id, Guid LeaseId, string Reason, IReadOnlyList<RunMail> Mails) : ICommand<bool>;

internal sealed class FailReportRunHandler(IDbSession db, TimeProvider clock) : IRequestHandler<FailReportRunCommand, bool>
{
    public async Task<bool> Handle(FailReportRunCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var updated = await db.ExecuteAsync(
            """
            update reporting.report_runs
            set status = 'failed', failure_reason = @Reason, finished_at = @now, lease_id = null, locked_until = null
            where id = @Id and lease_id = @LeaseId and status = 'running'
            """, new { request.Id, request.LeaseId, request.Reason, now }, ct);
        if (updated == 0) return false;
        await RunMails.QueueAsync(db, request.Id, request.Mails, now, ct);
        return true;
    }
}

internal static class RunMails
{
    public static Task QueueAsync(IDbSession db, Guid runId, IReadOnlyList<RunMail> mails, DateTimeOffset now, CancellationToken ct) =>
        db.ExecuteAsync(
            """
            insert into reporting.report_notifications (id, run_id, email, subject, body, created_at)
            values (@Id, @RunId, @Email, @Subject, @Body, @now)
            on conflict (run_id, email) do nothing
            """,
            mails.DistinctBy(m => m.Email, StringComparer.OrdinalIgnoreCase)
                .Select(m => new { Id = Guid.CreateVersion7(), RunId = runId, m.Email, m.Subject, m.Body, now }), ct);
}
