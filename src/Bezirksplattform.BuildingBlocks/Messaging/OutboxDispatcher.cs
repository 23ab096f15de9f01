using Bezirksplattform.BuildingBlocks.Modules;
using Dapper;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bezirksplattform.BuildingBlocks.Messaging;

public sealed class OutboxOptions
{
    public int BatchSize { get; set; } = 50;
    // With the doubling delay capped at an hour, 34 attempts span a little over 24 hours.
    public int MaxAttempts { get; set; } = 34;
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Dispatched outbox rows are deleted after this; dead ones stay until handled.</summary>
    public TimeSpan DispatchedRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Inbox rows (what a handler has already processed) are kept longer than any plausible
    /// redelivery, including an admin re-queueing a dead message weeks later.
    /// </summary>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(180);

    public TimeSpan DelayAfter(int attempts)
    {
        var seconds = FirstRetryDelay.TotalSeconds * Math.Pow(2, Math.Max(0, attempts - 1));
        return TimeSpan.FromSeconds(Math.Min(seconds, MaxRetryDelay.TotalSeconds));
    }
}

/// <summary>
/// Delivers each module's committed outbox messages through <see cref="IMediator.Publish"/>.
/// Rows are claimed with FOR UPDATE SKIP LOCKED and stay locked until their outcome is written,
/// so concurrent dispatchers (two hosts) never deliver the same row at once; a crash releases
/// the lock and the row is delivered again, which consumers' inboxes absorb.
/// </summary>
public sealed class OutboxDispatcher(
    NpgsqlDataSource dataSource,
    ModuleCatalog modules,
    IntegrationEventRegistry registry,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger)
{
    private readonly OutboxOptions _options = options.Value;

    /// <summary>Dispatches everything due in every module; returns the number of messages handled.</summary>
    public async Task<int> DispatchAllAsync(CancellationToken ct)
    {
        var total = 0;
        foreach (var module in modules.All)
            total += await DispatchAsync(module, ct);
        return total;
    }

    public async Task<int> DispatchAsync(PlatformModule module, CancellationToken ct)
    {
        var schema = SqlIdentifier.Schema(module.Schema);
        var total = 0;
        while (!ct.IsCancellationRequested)
        {
            await using var connection = await dataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            var batch = (await connection.QueryAsync<OutboxRow>(new CommandDefinition(
                $"""
                select id, event_name, payload::text as payload, attempts
                from {schema}.outbox_messages
                where status = 'pending' and next_attempt_at <= @Now
                order by occurred_at, id
                limit @Batch
                for update skip locked
                """,
                new { Now = clock.GetUtcNow(), Batch = _options.BatchSize }, transaction, cancellationToken: ct))).AsList();

            foreach (var row in batch)
            {
                var error = await DeliverAsync(row, ct);
                var attempts = row.Attempts + 1;
                var now = clock.GetUtcNow();
                if (error is null)
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        $"update {schema}.outbox_messages set status = 'dispatched', attempts = @attempts, dispatched_at = @now, last_error = null where id = @id",
                        new { attempts, now, id = row.Id }, transaction, cancellationToken: ct));
                    continue;
                }

                var dead = attempts >= _options.MaxAttempts || error.StartsWith(UnknownPrefix, StringComparison.Ordinal);
                if (dead)
                    logger.LogError("Outbox message {EventId} ({EventName}) of {Module} is dead after {Attempts} attempts: {Error}", row.Id, row.EventName, module.Name, attempts, error);
                else
                    logger.LogWarning("Outbox message {EventId} ({EventName}) of {Module} failed attempt {Attempts}: {Error}", row.Id, row.EventName, module.Name, attempts, error);

                await connection.ExecuteAsync(new CommandDefinition(
                    $"""
                    update {schema}.outbox_messages
                    set status = @status, attempts = @attempts, last_error = @error, next_attempt_at = @next
                    where id = @id
                    """,
                    new { status = dead ? "dead" : "pending", attempts, error, next = now + _options.DelayAfter(attempts), id = row.Id },
                    transaction, cancellationToken: ct));
            }

            await transaction.CommitAsync(ct);
            total += batch.Count;
            if (batch.Count < _options.BatchSize) break;
        }

        return total;
    }

    // Errors no retry can cure: the message is parked as dead at once.
    private const string UnknownPrefix = "Undeliverable: ";

    private async Task<string?> DeliverAsync(OutboxRow row, CancellationToken ct)
    {
        Contracts.IntegrationEvent @event;
        try
        {
            @event = registry.Deserialize(row.EventName, row.Payload);
        }
        catch (UnknownIntegrationEventException e)
        {
            return UnknownPrefix + e.Message;
        }
        catch (Exception e)
        {
            return UnknownPrefix + "unreadable payload: " + e.Message;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            await mediator.Publish(@event, ct);
            return null;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    private sealed record OutboxRow(Guid Id, string EventName, string Payload, int Attempts);
}
