using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Quartz;
using Bezirksplattform.BuildingBlocks.Jobs;

namespace Bezirksplattform.BuildingBlocks.Hosting;

internal sealed class DatabaseHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("select 1");
            await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy("PostgreSQL antwortet.");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL ist nicht erreichbar.", e);
        }
    }
}

internal sealed class SchedulerHealthCheck(ISchedulerFactory schedulers, JobsOptions options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Enabled) return HealthCheckResult.Healthy("Hintergrundjobs laufen in diesem Prozess nicht (Jobs:Enabled=false).");
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        if (scheduler.Status != SchedulerStatus.Running)
            return HealthCheckResult.Unhealthy($"Der Scheduler läuft nicht (Status {scheduler.Status}).");
        return HealthCheckResult.Healthy($"Scheduler {scheduler.SchedulerInstanceId} läuft im Cluster.");
    }
}
