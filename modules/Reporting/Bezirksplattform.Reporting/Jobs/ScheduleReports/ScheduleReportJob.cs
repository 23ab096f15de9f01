using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Reporting.Definitions;
using Bezirksplattform.Reporting.Runs;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Bezirksplattform.Reporting.Jobs.ScheduleReports;

/// <summary>
/// reporting.schedule.&lt;key&gt;: one trigger per definition, at its cron in Berlin time. It only queues
/// the run for the last complete period; the runner does the work. The job key names the definition.
/// </summary>
internal sealed class ScheduleReportJob(IServiceScopeFactory scopes) : IJob
{
    public const string KeyPrefix = "reporting.schedule.";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var definition = context.JobDetail.Key.Name[KeyPrefix.Length..];
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new EnqueueScheduledReportCommand(definition), cancellationToken);
    }
}

/// <summary>
/// Queues the scheduled run of a definition for the period its schedule covers on today's Berlin date.
/// The unique index on scheduled (definition, period) makes a second firing, on this host or another,
/// a no-op; returns the run's id, or null when it was already there.
/// </summary>
internal sealed record EnqueueScheduledReportCommand(string Definition) : ICommand<Guid?>;

internal sealed class EnqueueScheduledReportHandler(IDbSession db, IEnumerable<IReportDefinition> definitions, TimeProvider clock)
    : IRequestHandler<EnqueueScheduledReportCommand, Guid?>
{
    public async Task<Guid?> Handle(EnqueueScheduledReportCommand request, CancellationToken ct)
    {
        var definition = definitions.Find(request.Definition)
            ?? throw new InvalidOperationException($"Schedule for unknown report definition '{request.Definition}'.");
        var period = definition.PeriodForScheduledRun(clock.Today());
        return await db.ExecuteScalarAsync<Guid?>(
            """
            insert into reporting.report_runs (id, definition, period_key, period_from, period_to, for_publication, trigger, status, queued_at)
            values (@id, @definition, @Key, @From, @To, true, 'scheduled', 'queued', @now)
            on conflict (definition, period_key) where trigger = 'scheduled' do nothing
            returning id
            """, new { id = Guid.CreateVersion7(), definition = definition.Key, period.Key, period.From, period.To, now = clock.GetUtcNow() }, ct);
    }
}
