using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Migrations;
using Bezirksplattform.BuildingBlocks.Modules;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Bezirksplattform.IntegrationTests.Infrastructure;

/// <summary>
/// A real PostgreSQL database per test class, copied from a template that was migrated once per
/// test run (CREATE DATABASE … TEMPLATE is a file copy: fast, and every class starts clean).
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ServerVariable = "BEZIRKSPLATTFORM_TEST_DB";

    private static readonly SemaphoreSlim CreateLock = new(1, 1);
    private static Task<string>? _template;

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string Name { get; }
    public string ConnectionString { get; }

    /// <summary>For assertions in tests: read the database directly, as an auditor would.</summary>
    public NpgsqlDataSource DataSource { get; }

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set. Run the tests with ./test.sh, which starts a throwaway PostgreSQL, " +
                "or set it to an admin connection string of a PostgreSQL server you own.");

    /// <summary>A database with every production migration applied.</summary>
    public static Task<TestDatabase> CreateMigratedAsync() => CreateAsync(fromTemplate: true);

    /// <summary>A database with nothing in it, for migration tests.</summary>
    public static Task<TestDatabase> CreateEmptyAsync() => CreateAsync(fromTemplate: false);

    private static async Task<TestDatabase> CreateAsync(bool fromTemplate)
    {
        var template = fromTemplate ? await (_template ??= CreateTemplateAsync()) : "template0";
        var name = "bp_test_" + Guid.NewGuid().ToString("N")[..16];
        await CreateLock.WaitAsync();
        try
        {
            await using var admin = new NpgsqlConnection(ServerConnectionString);
            await admin.OpenAsync();
            await admin.ExecuteAsync($"create database \"{name}\" template \"{template}\"");
        }
        finally
        {
            CreateLock.Release();
        }

        return new TestDatabase(name, ConnectionStringFor(name));
    }

    private static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, MaxPoolSize = 30 }.ConnectionString;

    private static async Task<string> CreateTemplateAsync()
    {
        DapperSetup.Configure();
        var name = $"bp_template_{Environment.ProcessId}_{Guid.NewGuid().ToString("N")[..8]}";
        await using (var admin = new NpgsqlConnection(ServerConnectionString))
        {
            await admin.OpenAsync();
            await admin.ExecuteAsync($"create database \"{name}\" template template0");
        }

        await using (var dataSource = NpgsqlDataSource.Create(ConnectionStringFor(name)))
        {
            var runner = new MigrationRunner(dataSource, ProductionMigrationSources(), NullLogger<MigrationRunner>.Instance);
            await runner.RunAsync();
        }

        NpgsqlConnection.ClearAllPools(); // a template must have no open connections to be copied
        AppDomain.CurrentDomain.ProcessExit += (_, _) => DropQuietly(name);
        return name;
    }

    public static IReadOnlyList<IMigrationSource> ProductionMigrationSources()
    {
        var modules = new ModuleCatalog(PlatformFactory.ProductionModules());
        return [new PlatformExtensionsSource(), new QuartzSchemaSource(), new ModuleMessagingTablesSource(modules), new ModuleMigrationSource(modules)];
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        DropQuietly(Name);
    }

    private static void DropQuietly(string name)
    {
        try
        {
            using var admin = new NpgsqlConnection(ServerConnectionString);
            admin.Open();
            admin.Execute($"drop database if exists \"{name}\" with (force)");
        }
        catch (Exception)
        {
            // The throwaway server is removed after the run anyway.
        }
    }
}
