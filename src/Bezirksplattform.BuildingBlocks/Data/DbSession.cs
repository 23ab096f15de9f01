using System.Data;
using Bezirksplattform.BuildingBlocks.Modules;
using Dapper;
using Npgsql;

namespace Bezirksplattform.BuildingBlocks.Data;

/// <summary>
/// The connection (and, for commands, the transaction) of the request being handled, opened by
/// the unit-of-work behaviour. Handlers run their SQL here and never commit themselves.
/// </summary>
public interface IDbSession
{
    NpgsqlConnection Connection { get; }
    NpgsqlTransaction? Transaction { get; }
    PlatformModule Module { get; }

    Task<int> ExecuteAsync(string sql, object? param = null, CancellationToken ct = default);
    Task<T?> ExecuteScalarAsync<T>(string sql, object? param = null, CancellationToken ct = default);
    Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? param = null, CancellationToken ct = default);
    Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? param = null, CancellationToken ct = default);
    Task<T> QuerySingleAsync<T>(string sql, object? param = null, CancellationToken ct = default);
    Task<SqlMapper.GridReader> QueryMultipleAsync(string sql, object? param = null, CancellationToken ct = default);
}

internal sealed class DbSession(PlatformModule module, NpgsqlConnection connection, NpgsqlTransaction? transaction) : IDbSession
{
    public NpgsqlConnection Connection { get; } = connection;
    public NpgsqlTransaction? Transaction { get; } = transaction;
    public PlatformModule Module { get; } = module;

    private CommandDefinition Command(string sql, object? param, CancellationToken ct) =>
        new(sql, param, Transaction, cancellationToken: ct);

    public Task<int> ExecuteAsync(string sql, object? param = null, CancellationToken ct = default) =>
        Connection.ExecuteAsync(Command(sql, param, ct));

    public Task<T?> ExecuteScalarAsync<T>(string sql, object? param = null, CancellationToken ct = default) =>
        Connection.ExecuteScalarAsync<T>(Command(sql, param, ct));

    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? param = null, CancellationToken ct = default) =>
        (await Connection.QueryAsync<T>(Command(sql, param, ct))).AsList();

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? param = null, CancellationToken ct = default) =>
        Connection.QuerySingleOrDefaultAsync<T>(Command(sql, param, ct));

    public Task<T> QuerySingleAsync<T>(string sql, object? param = null, CancellationToken ct = default) =>
        Connection.QuerySingleAsync<T>(Command(sql, param, ct));

    public Task<SqlMapper.GridReader> QueryMultipleAsync(string sql, object? param = null, CancellationToken ct = default) =>
        Connection.QueryMultipleAsync(Command(sql, param, ct));
}

/// <summary>
/// The session of the innermost request on this async flow. A request sent from inside another
/// (a cross-module query from a command, say) gets its own session and the outer one is
/// restored when it returns, because <see cref="AsyncLocal{T}"/> does not flow back to callers.
/// </summary>
internal sealed class CurrentDbSession : IDbSession
{
    private static readonly AsyncLocal<DbSession?> Current = new();

    internal static DbSession? Value
    {
        get => Current.Value;
        set => Current.Value = value;
    }

    private static DbSession Active => Current.Value
        ?? throw new InvalidOperationException("No database session: a handler's SQL runs inside a mediator request.");

    public NpgsqlConnection Connection => Active.Connection;
    public NpgsqlTransaction? Transaction => Active.Transaction;
    public PlatformModule Module => Active.Module;

    public Task<int> ExecuteAsync(string sql, object? param = null, CancellationToken ct = default) => Active.ExecuteAsync(sql, param, ct);
    public Task<T?> ExecuteScalarAsync<T>(string sql, object? param = null, CancellationToken ct = default) => Active.ExecuteScalarAsync<T>(sql, param, ct);
    public Task<IReadOnlyList<T>> QueryAsync<T>(string sql, object? param = null, CancellationToken ct = default) => Active.QueryAsync<T>(sql, param, ct);
    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? param = null, CancellationToken ct = default) => Active.QuerySingleOrDefaultAsync<T>(sql, param, ct);
    public Task<T> QuerySingleAsync<T>(string sql, object? param = null, CancellationToken ct = default) => Active.QuerySingleAsync<T>(sql, param, ct);
    public Task<SqlMapper.GridReader> QueryMultipleAsync(string sql, object? param = null, CancellationToken ct = default) => Active.QueryMultipleAsync(sql, param, ct);
}
