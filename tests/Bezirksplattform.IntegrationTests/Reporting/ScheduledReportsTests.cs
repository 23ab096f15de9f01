using Bezirksplattform.BuildingBlocks.Mail;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Bezirksplattform.IntegrationTests.Partners;
using Bezirksplattform.Reporting.Definitions;
using Bezirksplattform.Reporting.Jobs.ScheduleReports;
using Bezirksplattform.Reporting.Runs;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Bezirksplattform.IntegrationTests.Reporting;

/// <summary>
/// Scheduled runs: the schedule firing on two hosts (and twice) queues one run for the last complete
/// period, two runners make one snapshot, the configured recipients get the mail.
/// </summary>
public sealed class ScheduledReportsTests : IAsyncLifetime
{
    private const string Other = "test-other";

    /// <summary>06:00 Berlin on 3 December 2026, when the test report's cron fires.</summary>
    private static readonly DateTimeOffset Firing = new(2026, 12, 3, 5, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string?> Recipients = new()
    {
        ["Reporting:Recipients:0"] = "alle@bezirk.example",
        ["Reporting:Recipients:1"] = "leitung@bezirk.example",
        [$"Reporting:Recipients:{CoordinatorCountReport.DefaultKey}:0"] = "koordination@bezirk.example",
    };

    private readonly RecordingMailSender _mails = new();
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateMigratedAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private PlatformFactory Host(TestClock clock, IDictionary<string, string?>? settings = null) =>
        new(_db, clock, new Dictionary<string, string?>(Recipients.Concat(settings ?? new Dictionary<string, string?>())), services: s =>
        {
            s.AddSingleton<IMailSender>(_mails);
            s.AddSingleton<IReportDefinition>(new CoordinatorCountReport());
            s.AddSingleton<IReportDefinition>(new CoordinatorCountReport(Other));
        });

    private async Task<List<(Guid Id, string Definition, string PeriodKey, string Trigger, string Status)>> RunsAsync()
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<(Guid, string, string, string, string)>(
            "select id, definition, period_key, trigger, status from reporting.report_runs order by definition")];
    }

    [Fact]
    public async Task The_schedule_fired_on_two_hosts_and_twice_queues_one_run_and_two_runners_make_one_snapshot()
    {
        await using var hostA = Host(new TestClock(Firing));
        await using var hostB = Host(new TestClock(Firing));
        PlatformFactory[] hosts = [hostA, hostB];

        var fired = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => hosts[i % 2].SendAsync(new EnqueueScheduledReportCommand(i < 4 ? CoordinatorCountReport.DefaultKey : Other)))));
        Assert.Equal(2, fired.Count(id => id is not null));
        var runs = await RunsAsync();
        Assert.Equal(
            [(CoordinatorCountReport.DefaultKey, "2026-11", "scheduled", "queued"), (Other, "2026-11", "scheduled", "queued")],
            runs.Select(r => (r.Definition, r.PeriodKey, r.Trigger, r.Status)).ToArray());

        var finished = await Task.WhenAll(hosts.Select(h => Task.Run(() => h.Get<ReportRunner>().RunDueAsync(CancellationToken.None))));
        Assert.Equal(2, finished.Sum());
        await using (var connection = await _db.DataSource.OpenConnectionAsync())
            Assert.Equal(2L, await connection.ExecuteScalarAsync<long>("select count(*) from reporting.report_snapshots"));
        Assert.All(await RunsAsync(), r => Assert.Equal("done", r.Status));

        // A definition with its own list mails only that list; the others get the general list.
        var ours = runs.Single(r => r.Definition == CoordinatorCountReport.DefaultKey).Id;
        Assert.Equal(["koordination@bezirk.example"], _mails.For(ours).Select(m => m.To).ToArray());
        var other = runs.Single(r => r.Definition == Other).Id;
        Assert.Equal(["alle@bezirk.example", "leitung@bezirk.example"], _mails.For(other).Select(m => m.To).Order().ToArray());
        Assert.All(_mails.For(other), m => Assert.Equal("Bericht fertig: Testbericht Koordination – November 2026", m.Subject));

        // The next month's firing queues the next period, once.
        hostA.Clock.Set(Firing.AddMonths(1));
        Assert.NotNull(await hostA.SendAsync(new EnqueueScheduledReportCommand(CoordinatorCountReport.DefaultKey)));
        Assert.Null(await hostB.SendAsync(new EnqueueScheduledReportCommand(CoordinatorCountReport.DefaultKey)));
        Assert.Contains(await RunsAsync(), r => r.PeriodKey == "2026-12" && r.Status == "queued");
    }

    [Fact]
    public async Task The_clustered_schedule_job_fires_once_across_two_hosts_and_the_runner_job_finishes_the_run()
    {
        // Quartz needs a running clock; the expected period follows the real date.
        var clock = TestClock.RunningFromNow();
        var settings = new Dictionary<string, string?> { ["Jobs:Enabled"] = "true", ["Jobs:ClusterCheckinInterval"] = "00:00:01" };
        await using var hostA = Host(clock, settings);
        await using var hostB = Host(clock, settings);
        _ = hostA.Server;
        _ = hostB.Server;

        var scheduler = await hostA.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var until = DateTime.UtcNow.AddSeconds(30);
        while (scheduler.Status != SchedulerStatus.Running && DateTime.UtcNow < until) await Task.Delay(100);
        // The test report is not in the production catalogue, so its schedule job is added the way the module adds one.
        var key = new JobKey(ScheduleReportJob.KeyPrefix + CoordinatorCountReport.DefaultKey);
        await scheduler.ScheduleJob(JobBuilder.Create<ScheduleReportJob>().WithIdentity(key).StoreDurably().Build(),
            TriggerBuilder.Create().ForJob(key).StartNow().Build());
        await scheduler.TriggerJob(key);
        var schedulerB = await hostB.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await schedulerB.TriggerJob(key);

        while (DateTime.UtcNow < until && (await RunsAsync()) is not [{ Status: "done" }]) await Task.Delay(200);
        await Task.Delay(500); // room for a duplicate, if there were one

        var run = Assert.Single(await RunsAsync());
        Assert.Equal("done", run.Status);
        var lastMonth = clock.Today().AddMonths(-1);
        Assert.Equal($"{lastMonth.Year:D4}-{lastMonth.Month:D2}", run.PeriodKey);
        Assert.Equal(["koordination@bezirk.example"], _mails.For(run.Id).Select(m => m.To).ToArray());
    }
}
