using Bezirksplattform.BuildingBlocks.Modules;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Bezirksplattform.BuildingBlocks.Messaging;

/// <summary>Nightly: deletes dispatched outbox rows and old inbox rows of every module.</summary>
[DisallowConcurrentExecution]
[RetryPolicy(3, "00:05:00", 2.0)]
internal sealed class PurgeMessagesJob(NpgsqlDataSource db, ModuleCatalog modules, TimeProvider clock, IOptions<OutboxOptions> options, ILogger<PurgeMessagesJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await PurgeAsync(cancellationToken);

    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var total = 0;
        await using var connection = await db.OpenConnectionAsync(ct);
        foreach (var module in modules.All)
        {
            var schema = SqlIdentifier.Schema(module.Schema);
            var deleted = await connection.ExecuteAsync(new CommandDefinition(
                $"""
                delete from {schema}.outbox_messages where status = 'dispatched' and dispatched_at < @outboxBefore;
                delete from {schema}.inbox_messages where processed_at < @inboxBefore;
                """,
                new { outboxBefore = now - options.Value.DispatchedRetention, inboxBefore = now - options.Value.InboxRetention },
                cancellationToken: ct));
            total += deleted;
        }

        logger.LogInformation("Purged {Count} delivered messages", total);
        return total;
    }
}
