using Bezirksplattform.BuildingBlocks.Migrations;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Bezirksplattform.IntegrationTests.Platform;

public sealed class MigrationTests
{
    private static MigrationRunner Runner(NpgsqlDataSource dataSource, IEnumerable<IMigrationSource>? sources = null) =>
        new(dataSource, sources ?? TestDatabase.ProductionMigrationSources(), NullLogger<MigrationRunner>.Instance);

    private static readonly string[] Schemas = ["quartz", "identity", "counselling", "coaching", "partners", "content"];

    [Fact]
    public async Task Two_hosts_migrating_one_empty_database_at_the_same_moment_apply_every_migration_once()
    {
        await using var db = await TestDatabase.CreateEmptyAsync();
        var expected = TestDatabase.ProductionMigrationSources().SelectMany(s => s.GetScripts()).Select(s => s.Path).ToList();

        // Two hosts = two processes' worth of connection pools, started together.
        await using var hostA = NpgsqlDataSource.Create(db.ConnectionString);
        await using var hostB = NpgsqlDataSource.Create(db.ConnectionString);
        using var start = new SemaphoreSlim(0, 2);
        var a = Task.Run(async () => { await start.WaitAsync(); return await Runner(hostA).RunAsync(); });
        var b = Task.Run(async () => { await start.WaitAsync(); return await Runner(hostB).RunAsync(); });
        start.Release(2);
        var applied = await Task.WhenAll(a, b);

        // Exactly one of them did the work; together they applied each file once.
        Assert.Equal(expected.Order(), applied.SelectMany(x => x).Order());
        Assert.Contains(applied, x => x.Count == 0);

        await using var connection = await db.DataSource.OpenConnectionAsync();
        var journal = (await connection.QueryAsync<(string Module, string Name)>("select module, name from platform.schema_migrations")).ToList();
        Assert.Equal(expected.Count, journal.Count);
        Assert.Equal(expected.Count, journal.Distinct().Count());
        var schemas = (await connection.QueryAsync<string>("select nspname from pg_namespace")).ToHashSet();
        Assert.All(Schemas, s => Assert.Contains(s, schemas));
        Assert.True(await connection.ExecuteScalarAsync<bool>("select to_regclass('quartz.qrtz_triggers') is not null"));
    }

    [Fact]
    public async Task Running_again_applies_nothing_and_a_new_file_is_applied_alone()
    {
        await using var db = await TestDatabase.CreateMigratedAsync();
        Assert.Empty(await Runner(db.DataSource).RunAsync());

        var extra = new FixedSource(new MigrationScript("content", "9999_added_later.sql", "create table content.added_later (id int);"));
        var applied = await Runner(db.DataSource, [.. TestDatabase.ProductionMigrationSources(), extra]).RunAsync();

        Assert.Equal(["migrations/content/9999_added_later.sql"], applied);
    }

    [Fact]
    public async Task An_edited_migration_that_was_already_applied_stops_the_runner_naming_the_file()
    {
        await using var db = await TestDatabase.CreateMigratedAsync();
        var edited = new EditedSource(TestDatabase.ProductionMigrationSources(), "migrations/content/0000_platform_messaging.sql");

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner(db.DataSource, [edited]).RunAsync());

        Assert.Contains("migrations/content/0000_platform_messaging.sql", error.Message);
        Assert.Contains("changed after it was applied", error.Message);
    }

    [Fact]
    public async Task An_edited_migration_stops_host_start_up_with_a_message_naming_the_file()
    {
        await using var db = await TestDatabase.CreateMigratedAsync();
        await using var host = new PlatformFactory(db, services: services =>
        {
            services.RemoveAll<IMigrationSource>();
            services.AddSingleton<IMigrationSource>(new EditedSource(TestDatabase.ProductionMigrationSources(), "migrations/identity/0001_staff_users.sql"));
        });

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        var migration = FindInner<MigrationException>(error);
        Assert.NotNull(migration);
        Assert.Contains("migrations/identity/0001_staff_users.sql", migration!.Message);
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_and_not_journaled()
    {
        await using var db = await TestDatabase.CreateMigratedAsync();
        var broken = new FixedSource(new MigrationScript("content", "9998_broken.sql",
            "create table content.half_done (id int); select * from content.does_not_exist;"));

        var error = await Assert.ThrowsAsync<MigrationException>(() => Runner(db.DataSource, [.. TestDatabase.ProductionMigrationSources(), broken]).RunAsync());

        Assert.Contains("migrations/content/9998_broken.sql", error.Message);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        Assert.False(await connection.ExecuteScalarAsync<bool>("select to_regclass('content.half_done') is not null"));
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from platform.schema_migrations where name = '9998_broken.sql'"));
    }

    private static T? FindInner<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found) return found;
            if (e is AggregateException aggregate)
                foreach (var inner in aggregate.InnerExceptions)
                    if (FindInner<T>(inner) is { } nested) return nested;
        }

        return null;
    }

    private sealed class FixedSource(params MigrationScript[] scripts) : IMigrationSource
    {
        public IEnumerable<MigrationScript> GetScripts() => scripts;
    }

    /// <summary>The production migrations with one file's text changed, as a careless edit would.</summary>
    private sealed class EditedSource(IEnumerable<IMigrationSource> inner, string path) : IMigrationSource
    {
        public IEnumerable<MigrationScript> GetScripts() =>
            inner.SelectMany(s => s.GetScripts()).Select(s => s.Path == path ? s with { Sql = s.Sql + "\n-- edited afterwards\n" } : s);
    }
}
