using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Mediator;
using Bezirksplattform.BuildingBlocks.Modules;
using Dapper;
using MediatR;
using Npgsql;
using Polly;

namespace Bezirksplattform.BuildingBlocks.Messaging;

/// <summary>
/// Base of every consumer of another module's integration event. The effect runs in one
/// transaction of the consuming module together with the inbox row (event id, handler), so a
/// redelivered event changes nothing. Derived classes do their work in <see cref="HandleAsync"/>.
/// </summary>
public abstract class IntegrationEventHandler<TEvent>(InboxProcessor inbox) : INotificationHandler<TEvent>
    where TEvent : IntegrationEvent
{
    public Task Handle(TEvent notification, CancellationToken cancellationToken) =>
        inbox.ProcessAsync(GetType(), notification, (session, ct) => HandleAsync(notification, session, ct), cancellationToken);

    protected abstract Task HandleAsync(TEvent @event, IDbSession session, CancellationToken ct);
}

public sealed class InboxProcessor(NpgsqlDataSource dataSource, ModuleCatalog modules, DatabaseRetryPipeline retry, TimeProvider clock)
{
    public async Task ProcessAsync(Type handlerType, IntegrationEvent @event, Func<IDbSession, CancellationToken, Task> effect, CancellationToken ct)
    {
        var module = modules.ForType(handlerType);
        var schema = SqlIdentifier.Schema(module.Schema);
        var handler = handlerType.FullName ?? handlerType.Name;
        var outer = CurrentDbSession.Value;
        try
        {
            await retry.Pipeline.ExecuteAsync(async token =>
            {
                await using var connection = await dataSource.OpenConnectionAsync(token);
                await using var transaction = await connection.BeginTransactionAsync(token);
                var session = new DbSession(module, connection, transaction);
                CurrentDbSession.Value = session;

                var first = await connection.ExecuteAsync(new CommandDefinition(
                    $"""
                    insert into {schema}.inbox_messages (event_id, handler, event_name, processed_at)
                    values (@EventId, @Handler, @EventName, @Now)
                    on conflict do nothing
                    """,
                    new { @event.EventId, Handler = handler, EventName = IntegrationEventRegistry.NameOf(@event.GetType()), Now = clock.GetUtcNow() },
                    transaction, cancellationToken: token));
                if (first == 0) return; // already processed: a redelivery

                await effect(session, token);
                await transaction.CommitAsync(token);
            }, ct);
        }
        finally
        {
            CurrentDbSession.Value = outer;
        }
    }
}
