using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Dapper;

namespace Bezirksplattform.BuildingBlocks.Messaging;

/// <summary>Where a command handler puts the integration events its change implies.</summary>
public interface IIntegrationEventOutbox
{
    /// <summary>
    /// Writes the event into the current module's outbox, inside the command's transaction:
    /// if the command rolls back, the event was never published.
    /// </summary>
    Task EnqueueAsync(IntegrationEvent @event, CancellationToken ct = default);
}

internal sealed class IntegrationEventOutbox(IntegrationEventRegistry registry, TimeProvider clock) : IIntegrationEventOutbox
{
    public async Task EnqueueAsync(IntegrationEvent @event, CancellationToken ct = default)
    {
        var session = CurrentDbSession.Value;
        if (session?.Transaction is null)
            throw new InvalidOperationException("Integration events are enqueued only inside a command's transaction.");

        var now = clock.GetUtcNow();
        var stamped = @event with { OccurredAt = now };
        var schema = SqlIdentifier.Schema(session.Module.Schema);
        await session.Connection.ExecuteAsync(new CommandDefinition(
            $"""
            insert into {schema}.outbox_messages (id, event_name, payload, occurred_at, status, attempts, next_attempt_at)
            values (@Id, @Name, @Payload::jsonb, @Now, 'pending', 0, @Now)
            """,
            new { Id = stamped.EventId, Name = registry.NameFor(stamped), Payload = registry.Serialize(stamped), Now = now },
            session.Transaction, cancellationToken: ct));
    }
}

internal static class SqlIdentifier
{
    /// <summary>Schema names come from module code, never from clients; this guards the interpolation anyway.</summary>
    public static string Schema(string schema) =>
        schema.Length is > 0 and < 64 && schema.All(c => c is >= 'a' and <= 'z' or '_' or >= '0' and <= '9')
            ? schema
            : throw new ArgumentException($"'{schema}' is not a valid schema name.", nameof(schema));
}
