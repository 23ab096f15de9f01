using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bezirksplattform.BuildingBlocks.Migrations;

public sealed class MigrationException(string message) : Exception(message);

/// <summary>
/// Applies pending migrations in order, each file in its own transaction together with its
/// journal row. A session-level advisory lock makes concurrent starters wait for each other, so
/// each file is applied once. An applied file whose checksum changed stops everything, by name.
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource, IEnumerable<IMigrationSource> sources, ILogger<MigrationRunner> logger)
{
    // Any fixed 64-bit number: the lock key all hosts of this platform agree on.
    private const long AdvisoryLockKey = 0x42_657A_6972_6B73;

    public async Task<IReadOnlyList<string>> RunAsync(CancellationToken ct = default)
    {
        var scripts = sources.SelectMany(s => s.GetScripts()).ToList();
        var duplicates = scripts.GroupBy(s => s.Path).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0) throw new MigrationException("Migration listed twice: " + string.Join(", ", duplicates));

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition("select pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: ct));
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                create schema if not exists platform;
                create table if not exists platform.schema_migrations (
                    module      text not null,
                    name        text not null,
                    checksum    text not null,
                    applied_at  timestamptz not null default now(),
                    primary key (module, name)
                );
                """, cancellationToken: ct));

            var applied = (await connection.QueryAsync<AppliedMigration>(new CommandDefinition(
                "select module, name, checksum from platform.schema_migrations", cancellationToken: ct)))
                .ToDictionary(a => $"migrations/{a.Module}/{a.Name}");

            // Quartz's own DDL is idempotent and versioned by name; an older version's entry is history.
            foreach (var (path, entry) in applied.Where(a => a.Value.Module != QuartzSchemaSource.Module))
            {
                var script = scripts.FirstOrDefault(s => s.Path == path);
                if (script is null)
                    throw new MigrationException($"Migration {path} was applied to this database but is missing from this build. Refusing to start.");
                if (script.Checksum != entry.Checksum)
                    throw new MigrationException($"Migration {path} was changed after it was applied (checksum {entry.Checksum[..12]} → {script.Checksum[..12]}). Migrations are forward-only: restore the file and add a new one. Refusing to start.");
            }

            var done = new List<string>();
            foreach (var script in scripts.Where(s => !applied.ContainsKey(s.Path)))
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                try
                {
                    await connection.ExecuteAsync(new CommandDefinition(script.Sql, transaction: transaction, cancellationToken: ct, commandTimeout: 600));
                }
                catch (PostgresException e)
                {
                    throw new MigrationException($"Migration {script.Path} failed: {e.MessageText} (SQLSTATE {e.SqlState}{(e.Position > 0 ? $", position {e.Position}" : "")}).");
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    "insert into platform.schema_migrations (module, name, checksum) values (@Module, @Name, @Checksum)",
                    new { script.Module, script.Name, script.Checksum }, transaction, cancellationToken: ct));
                await transaction.CommitAsync(ct);
                logger.LogInformation("Applied migration {Migration}", script.Path);
                done.Add(script.Path);
            }

            if (done.Count == 0) logger.LogInformation("Database schema is up to date ({Count} migrations)", scripts.Count);
            return done;
        }
        finally
        {
            await connection.ExecuteAsync("select pg_advisory_unlock(@key)", new { key = AdvisoryLockKey });
        }
    }

    private sealed record AppliedMigration(string Module, string Name, string Checksum);
}
