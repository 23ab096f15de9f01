using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bezirksplattform.BuildingBlocks.Seeding;

/// <summary>
/// A module's demo data. Must be idempotent: seeding twice leaves the same data (stable ids,
/// <c>on conflict do nothing</c>), so the run command can seed on every start.
/// </summary>
public interface IDemoDataSeeder
{
    /// <summary>Lower runs first; reference data before the data that points at it.</summary>
    int Order { get; }

    Task SeedAsync(CancellationToken ct);
}

public sealed class DemoDataLoader(IServiceScopeFactory scopes, IHostEnvironment environment, ILogger<DemoDataLoader> logger)
{
    public async Task LoadAsync(CancellationToken ct = default)
    {
        // Demo accounts have published passwords: they never belong in a production database.
        if (environment.IsProduction())
            throw new InvalidOperationException("Demo data is not loaded in the Production environment.");

        await using var scope = scopes.CreateAsyncScope();
        foreach (var seeder in scope.ServiceProvider.GetServices<IDemoDataSeeder>().OrderBy(s => s.Order))
        {
            await seeder.SeedAsync(ct);
            logger.LogInformation("Demo data loaded: {Seeder}", seeder.GetType().Name);
        }
    }
}
