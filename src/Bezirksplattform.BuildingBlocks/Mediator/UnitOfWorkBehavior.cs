using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Modules;
using MediatR;
using Npgsql;
using Polly;

namespace Bezirksplattform.BuildingBlocks.Mediator;

/// <summary>
/// One connection per request of a module; for a command also one transaction, committed only
/// when the handler returns. A command sent while a command of the same module is already
/// running on this flow (e.g. from an inbox handler) joins that transaction. Transient failures
/// re-run the whole handler: nothing it did survives a rollback, so that is safe.
/// </summary>
internal sealed class UnitOfWorkBehavior<TRequest, TResponse>(
    NpgsqlDataSource dataSource,
    ModuleCatalog modules,
    DatabaseRetryPipeline retry)
    : IPipelineBehavior<TRequest, TResponse>
    where TRequest : IRequest<TResponse>
{
    private static readonly bool IsCommand = typeof(TRequest).GetInterfaces()
        .Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>));

    private static readonly bool IsQuery = typeof(TRequest).GetInterfaces()
        .Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IQuery<>));

    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (!IsCommand && !IsQuery) return await next();

        var module = modules.ForType(typeof(TRequest));
        var outer = CurrentDbSession.Value;
        if (outer is not null && outer.Module == module && (outer.Transaction is not null || !IsCommand))
            return await next();

        try
        {
            return await retry.Pipeline.ExecuteAsync(async ct => await RunAsync(module, next, ct), cancellationToken);
        }
        finally
        {
            CurrentDbSession.Value = outer;
        }
    }

    private async Task<TResponse> RunAsync(PlatformModule module, RequestHandlerDelegate<TResponse> next, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (!IsCommand)
        {
            CurrentDbSession.Value = new DbSession(module, connection, null);
            return await next();
        }

        await using var transaction = await connection.BeginTransactionAsync(ct);
        CurrentDbSession.Value = new DbSession(module, connection, transaction);
        var response = await next();
        try
        {
            await transaction.CommitAsync(ct);
        }
        catch (NpgsqlException e) when (e is not PostgresException)
        {
            throw new CommitOutcomeUnknownException(e);
        }

        return response;
    }
}

/// <summary>The singleton retry pipeline for database work (see <see cref="DatabaseRetry"/>).</summary>
public sealed class DatabaseRetryPipeline
{
    public ResiliencePipeline Pipeline { get; } = DatabaseRetry.CreatePipeline();
}
