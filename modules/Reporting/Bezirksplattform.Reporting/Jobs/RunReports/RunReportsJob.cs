using Bezirksplattform.Reporting.Runs;
using Quartz;

namespace Bezirksplattform.Reporting.Jobs.RunReports;

/// <summary>
/// reporting.run-reports: every 10 seconds, works off queued runs and sends their mails. Several hosts
/// may run it at once; runs and mails are claimed with SKIP LOCKED, so each is worked on by one host.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RunReportsJob(ReportRunner runner) : IJob
{
    public const string Key = "reporting.run-reports";

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await runner.RunDueAsync(cancellationToken);
}
