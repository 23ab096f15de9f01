using Quartz;

namespace Bezirksplattform.BuildingBlocks.Jobs;

/// <summary>
/// A module's recurring job: the Quartz job type, a stable key (<c>module.job-name</c>) and its
/// schedule, either a fixed interval or a cron expression read in Europe/Berlin local time.
/// </summary>
public sealed record RecurringJob(Type JobType, string Key, TimeSpan? Interval, string? Cron, string Description)
{
    public static RecurringJob Every<TJob>(string key, TimeSpan interval, string description) where TJob : IJob =>
        new(typeof(TJob), key, interval, null, description);

    public static RecurringJob AtCron<TJob>(string key, string cronInBerlinTime, string description) where TJob : IJob =>
        new(typeof(TJob), key, null, cronInBerlinTime, description);
}
