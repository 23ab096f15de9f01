using System.Collections.Concurrent;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Quartz;

namespace Bezirksplattform.IntegrationTests.Platform;

/// <summary>Quartz in clustered mode: two hosts on one database, each firing runs on one of them.</summary>
public sealed class JobsTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private PlatformFactory _hostA = null!;
    private PlatformFactory _hostB = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync();
        await using (var connection = await _db.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("create table public.job_firings (job text not null, scheduled_at timestamptz, fired_at timestamptz not null default clock_timestamp(), instance text not null)");
        var settings = new Dictionary<string, string?>
        {
            ["Jobs:Enabled"] = "true",
            ["Jobs:ClusterCheckinInterval"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Information",
        };
        var clock = TestClock.RunningFromNow();
        _hostA = new PlatformFactory(_db, clock, settings);
        _hostB = new PlatformFactory(_db, clock, settings);
        _ = _hostA.Server;
        _ = _hostB.Server;
        // The hosted service starts the scheduler once the application has started.
        await WaitForAsync(async () => (await SchedulerOf(_hostA)).Status == SchedulerStatus.Running
            && (await SchedulerOf(_hostB)).Status == SchedulerStatus.Running, TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        await _hostA.DisposeAsync();
        await _hostB.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<IScheduler> SchedulerOf(PlatformFactory host) =>
        await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    private async Task<List<(DateTimeOffset ScheduledAt, string Instance)>> FiringsAsync(string job)
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<(DateTime, string)>(
            "select scheduled_at, instance from public.job_firings where job = @job order by scheduled_at", new { job }))
            .Select(r => (new DateTimeOffset(r.Item1, TimeSpan.Zero), r.Item2)).ToList();
    }

    private async Task WaitForAsync(Func<Task<bool>> done, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await done() && DateTime.UtcNow < until) await Task.Delay(200);
    }

    [Fact]
    public async Task Both_hosts_join_one_cluster_with_distinct_instance_ids()
    {
        var a = await SchedulerOf(_hostA);
        var b = await SchedulerOf(_hostB);

        Assert.Equal(SchedulerStatus.Running, a.Status);
        Assert.Equal(SchedulerStatus.Running, b.Status);
        Assert.Equal(a.SchedulerName, b.SchedulerName);
        Assert.NotEqual(a.SchedulerInstanceId, b.SchedulerInstanceId);
        // The platform's own recurring job is registered in the shared store.
        Assert.True(await a.Exists(new JobKey("platform.dispatch-outbox")));
    }

    [Fact]
    public async Task A_recurring_job_in_two_hosts_on_one_database_runs_once_per_firing()
    {
        const int firings = 8;
        var scheduler = await SchedulerOf(_hostA);
        var job = JobBuilder.Create<RecordFiringJob>().WithIdentity("test.record-firing").UsingJobData("name", "recurring").StoreDurably().Build();
        var trigger = TriggerBuilder.Create().WithIdentity("test.record-firing.trigger").ForJob(job)
            .StartAt(_hostA.Clock.GetUtcNow().AddSeconds(1))
            .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(TimeSpan.FromMilliseconds(500)).WithRepeatCount(firings - 1))
            .Build();
        await scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions(), CancellationToken.None);

        await WaitForAsync(async () => (await FiringsAsync("recurring")).Count >= firings, TimeSpan.FromSeconds(30));
        await Task.Delay(1500); // room for a duplicate to show up, if there were one

        var recorded = await FiringsAsync("recurring");
        Assert.Equal(firings, recorded.Count);
        Assert.Equal(firings, recorded.Select(r => r.ScheduledAt).Distinct().Count());
    }

    [Fact]
    public async Task A_job_that_throws_is_logged_with_its_name_and_retried_by_its_own_policy()
    {
        var scheduler = await SchedulerOf(_hostB);
        var job = JobBuilder.Create<FailingTwiceJob>().WithIdentity("test.failing-twice").StoreDurably().Build();
        var trigger = TriggerBuilder.Create().WithIdentity("test.failing-twice.trigger").ForJob(job).StartNow().Build();
        await scheduler.ScheduleJob(job, trigger, new ScheduleJobOptions(), CancellationToken.None);

        await WaitForAsync(async () => (await FiringsAsync("failing-twice")).Count >= 3, TimeSpan.FromSeconds(30));

        var attempts = await FiringsAsync("failing-twice");
        Assert.Equal(3, attempts.Count); // two failures, then the retry that succeeds
        var logs = _hostA.Logs.Lines.Concat(_hostB.Logs.Lines).ToList();
        Assert.Contains(logs, l => l.Level == LogLevel.Error && l.Message.Contains("Job DEFAULT.test.failing-twice failed") || l.Message.Contains("test.failing-twice failed"));
    }
}

/// <summary>Records which node ran which scheduled firing.</summary>
[DisallowConcurrentExecution]
internal sealed class RecordFiringJob(NpgsqlDataSource db) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "insert into public.job_firings (job, scheduled_at, instance) values (@job, @scheduled, @instance)",
            new { job = context.MergedJobDataMap.GetString("name"), scheduled = context.ScheduledFireTimeUtc?.UtcDateTime, instance = context.Scheduler.SchedulerInstanceId });
    }
}

/// <summary>Fails on its first two attempts; the retry policy on the class brings it through.</summary>
[RetryPolicy(3, "00:00:00.200", 1.0)]
internal sealed class FailingTwiceJob(NpgsqlDataSource db) : IJob
{
    private static readonly ConcurrentDictionary<string, int> Attempts = new();

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(
            "insert into public.job_firings (job, scheduled_at, instance) values ('failing-twice', clock_timestamp(), @instance)",
            new { instance = context.Scheduler.SchedulerInstanceId });
        var attempt = Attempts.AddOrUpdate(db.ConnectionString, 1, (_, n) => n + 1);
        if (attempt <= 2) throw new InvalidOperationException($"Attempt {attempt} fails on purpose.");
    }
}
