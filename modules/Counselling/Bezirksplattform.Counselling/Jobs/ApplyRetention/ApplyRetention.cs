using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.DataProtection;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Bezirksplattform.Counselling.Jobs.ApplyRetention;

/// <summary>
/// Which clients are due, as one SQL condition on a client row aliased c (needs @Today and
/// @InactiveBefore): erased clients whose legal holds have all ended, and clients not erased whose
/// last activity (intake or change of the record, consultation, case opened/closed or activity,
/// referral or its status, ESF stay entered or left) lies before @InactiveBefore.
/// </summary>
internal static class RetentionRules
{
    public static readonly string Due =
        $"""
        ((c.erased_at is not null and not {LegalHold.Active("c")})
         or (c.erased_at is null and greatest(
                (c.updated_at at time zone 'Europe/Berlin')::date,
                (select max(x.occurred_on) from counselling.consultations x where x.client_id = c.id),
                (select max(greatest(x.opened_on, x.closed_on)) from counselling.cases x where x.client_id = c.id),
                (select max(a.occurred_on) from counselling.case_activities a join counselling.cases x on x.id = a.case_id where x.client_id = c.id),
                (select max(greatest(r.referred_on, (r.status_changed_at at time zone 'Europe/Berlin')::date))
                   from counselling.referrals r where r.client_id = c.id),
                (select max(coalesce(s.left_on, s.entered_on)) from counselling.esf_stays s
                   join counselling.esf_participations p on p.id = s.participation_id where p.client_id = c.id)
             ) < @InactiveBefore))
        """;
}

internal sealed record DueForRetentionQuery(DateOnly Today, DateOnly InactiveBefore, int Limit) : IQuery<IReadOnlyList<Guid>>;

internal sealed class DueForRetentionHandler(IDbSession db) : IRequestHandler<DueForRetentionQuery, IReadOnlyList<Guid>>
{
    public Task<IReadOnlyList<Guid>> Handle(DueForRetentionQuery request, CancellationToken ct) =>
        db.QueryAsync<Guid>($"select c.id from counselling.clients c where {RetentionRules.Due} order by c.id limit @Limit", request, ct);
}

/// <summary>
/// Applies retention to one client in its own transaction: the row is claimed with FOR UPDATE SKIP
/// LOCKED and the rule checked again, so two nodes (or a request racing the job) never both act on
/// it; the second finds nothing to do. Logged as 'retention' by the system user (<see cref="ApplyRetentionHandler.SystemUser"/>).
/// </summary>
internal sealed record ApplyRetentionCommand(Guid ClientId, DateOnly Today, DateOnly InactiveBefore, DateTimeOffset Now) : ICommand<ErasureOutcome?>;

internal sealed class ApplyRetentionHandler(IDbSession db, IIntegrationEventOutbox outbox) : IRequestHandler<ApplyRetentionCommand, ErasureOutcome?>
{
    /// <summary>The access log needs a staff id; the retention job is nobody, so it writes the empty id.</summary>
    public static readonly Guid SystemUser = Guid.Empty;

    private static readonly Viewer RetentionJob = new(SystemUser, IsAdmin: false);

    public async Task<ErasureOutcome?> Handle(ApplyRetentionCommand request, CancellationToken ct)
    {
        var claimed = await db.QuerySingleOrDefaultAsync<Guid?>(
            $"select c.id from counselling.clients c where c.id = @ClientId and {RetentionRules.Due} for update skip locked", request, ct);
        if (claimed is null) return null;

        var wasErased = await db.ExecuteScalarAsync<bool>("select erased_at is not null from counselling.clients where id = @ClientId", request, ct);
        var outcome = await Erasure.EraseAsync(db, outbox, request.ClientId, request.Today, request.Now, ct);
        var why = wasErased ? "legal hold ended" : $"inactive since before {request.InactiveBefore:yyyy-MM-dd}";
        await ClientAccess.LogAsync(db, RetentionJob, "retention", request.ClientId, $"{Erasure.Name(outcome)}: {why}", request.Now, ct);
        return outcome;
    }
}

/// <summary>Deletes access-log rows older than the cut-off; the trigger allows it only with the transaction-local purge setting.</summary>
internal sealed record AgeAccessLogCommand(DateTimeOffset Before) : ICommand<int>;

internal sealed class AgeAccessLogHandler(IDbSession db) : IRequestHandler<AgeAccessLogCommand, int>
{
    public async Task<int> Handle(AgeAccessLogCommand request, CancellationToken ct)
    {
        await db.ExecuteScalarAsync<string>("select set_config('counselling.access_log_purge', 'on', true)", null, ct);
        return await db.ExecuteAsync("delete from counselling.access_log where occurred_at < @Before", request, ct);
    }
}

internal sealed record RetentionResult(int Deleted, int MinimalEsfRecordsKept, int AccessLogRowsDeleted);

/// <summary>The work of the job, callable from tests. Safe to run on two nodes at once (see <see cref="ApplyRetentionHandler"/>).</summary>
internal sealed class RetentionRunner(IServiceScopeFactory scopes, TimeProvider clock, RetentionOptions options, ILogger<RetentionRunner> logger)
{
    private const int Batch = 200;

    public async Task<RetentionResult> RunAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var now = clock.GetUtcNow();
        var today = now.BerlinDate();
        var inactiveBefore = today.AddYears(-options.InactiveYears);
        int deleted = 0, kept = 0;
        while (!ct.IsCancellationRequested)
        {
            var due = await mediator.Send(new DueForRetentionQuery(today, inactiveBefore, Batch), ct);
            var before = deleted + kept;
            foreach (var id in due)
            {
                switch (await mediator.Send(new ApplyRetentionCommand(id, today, inactiveBefore, now), ct))
                {
                    case ErasureOutcome.Deleted: deleted++; break;
                    case ErasureOutcome.MinimalEsfRecordKept: kept++; break;
                }
            }

            // Fewer than a batch, or another node holds the rest: done for this night.
            if (due.Count < Batch || deleted + kept == before) break;
        }

        var logRows = await mediator.Send(new AgeAccessLogCommand(now.AddYears(-options.AccessLogYears)), ct);
        logger.LogInformation("Counselling retention: {Deleted} clients deleted, {Kept} reduced to the minimal ESF record, {LogRows} access-log rows aged out",
            deleted, kept, logRows);
        return new RetentionResult(deleted, kept, logRows);
    }
}

/// <summary>counselling.apply-retention: nightly at 02:30 Berlin time, on one node of the cluster at a time.</summary>
[DisallowConcurrentExecution]
internal sealed class ApplyRetentionJob(RetentionRunner runner) : IJob
{
    public const string Key = "counselling.apply-retention";

    public const string Cron = "0 30 2 * * ?";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runner.RunAsync(cancellationToken);
}
