namespace Bezirksplattform.ArchitectureTests;

/// <summary>The other rules are only as good as what they inspect: here the inspected modules are pinned down.</summary>
public sealed class ModuleDiscoveryTests
{
    [Fact]
    public void The_host_composes_exactly_the_five_production_modules()
    {
        var modules = Verify.ProductionModules();

        Assert.All(modules, m => Assert.False(m.Assembly.GetName().Name!.EndsWith("Tests", StringComparison.Ordinal)));
        Assert.All(modules, m => Assert.Contains(m.Assembly.GetName().Name!, Production.ReferencesOf(Production.HostAssembly)));
    }

    [Fact]
    public void The_repository_root_holds_the_modules_and_their_migrations()
    {
        Assert.True(File.Exists(Path.Combine(Production.RepoRoot, "Bezirksplattform.sln")));
        Assert.All(Verify.ProductionModules(), m => Assert.NotEmpty(Production.SourceFiles(m)));
        // Migrations folders are optional until a module has tables; Identity has.
        Assert.NotEmpty(Production.MigrationFiles("identity"));
    }
}
