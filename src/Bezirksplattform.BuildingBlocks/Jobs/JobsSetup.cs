using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.BuildingBlocks.Modules;
using Bezirksplattform.BuildingBlocks.Time;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Bezirksplattform.BuildingBlocks.Jobs;

public sealed class JobsOptions
{
    /// <summary>Starts the Quartz scheduler in this process. Several processes may run it: they form a cluster.</summary>
    public bool Enabled { get; set; } = true;
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(10);
    public int ThreadCount { get; set; } = 4;
}

public static class JobsSetup
{
    public const string TablePrefix = "quartz.qrtz_";

    /// <summary>
    /// Quartz 4.7.3 with its clustered ADO store on PostgreSQL (docs/adr/0003): each firing runs on
    /// exactly one node. Its tables live in schema <c>quartz</c>, created by the migration runner
    /// from the DDL that ships inside Quartz.dll.
    /// </summary>
    public static IServiceCollection AddPlatformJobs(this IServiceCollection services, IConfiguration configuration, IReadOnlyList<PlatformModule> modules, string connectionString)
    {
        var options = configuration.GetSection("Jobs").Get<JobsOptions>() ?? new JobsOptions();
        services.AddSingleton(options);
        var outbox = configuration.GetSection("Outbox").Get<OutboxOptions>() ?? new OutboxOptions();

        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s =>
            {
                s.InstanceName = "Bezirksplattform";
                s.GenerateInstanceId = true;
            });
            q.UseDefaultThreadPool(options.ThreadCount);
            // Quartz takes TimeProvider from DI: the scheduler and the jobs share the platform clock.
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.ConfigureStore(ado => ado.TablePrefix = TablePrefix);
                store.UseClustering(c => c.CheckinInterval = options.ClusterCheckinInterval);
                store.UseSystemTextJsonSerializer();
            });
            q.AddJobListener<JobFailureLogger>(sp => new JobFailureLogger(sp.GetRequiredService<ILogger<JobFailureLogger>>()), [GroupMatcher<JobKey>.AnyGroup()]);

            foreach (var job in PlatformJobs(outbox).Concat(modules.SelectMany(m => m.Jobs)))
                Schedule(q, job);
        });

        if (options.Enabled)
            services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }

    private static IEnumerable<RecurringJob> PlatformJobs(OutboxOptions outbox) =>
    [
        RecurringJob.Every<DispatchOutboxJob>("platform.dispatch-outbox", outbox.PollInterval, "Stellt Integrationsereignisse aus den Outboxen zu."),
        RecurringJob.AtCron<PurgeMessagesJob>("platform.purge-messages", "0 30 3 * * ?", "Löscht zugestellte Outbox- und alte Inbox-Einträge."),
    ];

    private static void Schedule(IQuartzBuilder q, RecurringJob job)
    {
        var key = new JobKey(job.Key);
        q.AddJob(job.JobType, j => j.WithIdentity(key).StoreDurably().WithDescription(job.Description));
        q.AddTrigger<IJob>(t =>
        {
            t.ForJob(key).WithIdentity(job.Key + ".trigger").WithDescription(job.Description);
            if (job.Cron is not null)
                t.WithSchedule(CronScheduleBuilder.Create(job.Cron).InTimeZone(BerlinTime.Zone)
                    .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed));
            else
                t.StartNow().WithSchedule(SimpleScheduleBuilder.Create().WithInterval(job.Interval!.Value).RepeatForever()
                    .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount));
        });
    }
}

/// <summary>Logs every job that throws, with its key, so a failing job is never silent.</summary>
internal sealed class JobFailureLogger(ILogger<JobFailureLogger> logger) : IJobListener
{
    public string Name => "platform.job-failures";

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobProgressChanged(IJobExecutionContext context, Quartz.Extensibility.FireInstanceProgress progress, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        if (jobException is not null)
            logger.LogError(jobException, "Job {JobKey} failed (fire {FireInstanceId}, refire count {RefireCount})",
                context.JobDetail.Key, context.FireInstanceId, context.RefireCount);
        return ValueTask.CompletedTask;
    }
}

/// <summary>The outbox dispatcher as a clustered job: one node dispatches at a time.</summary>
[DisallowConcurrentExecution]
internal sealed class DispatchOutboxJob(OutboxDispatcher dispatcher) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await dispatcher.DispatchAllAsync(cancellationToken);
}
