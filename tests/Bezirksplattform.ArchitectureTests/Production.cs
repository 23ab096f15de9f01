using System.Reflection;
using Bezirksplattform.BuildingBlocks.Modules;

namespace Bezirksplattform.ArchitectureTests;

/// <summary>
/// The production modules and the repository they are built from. Modules are found the way the host composes them:
/// every non-abstract <see cref="PlatformModule"/> in the Bezirksplattform.* assemblies the host references, created
/// with its parameterless constructor like Program.cs does. The test-only modules live in the integration test
/// assembly, which neither the host nor this project references, so they are never among them.
/// </summary>
internal static class Production
{
    /// <summary>The modules the architecture names. A new module is added here deliberately.</summary>
    public static readonly IReadOnlyList<string> ExpectedModuleNames = ["Identity", "Counselling", "Coaching", "Partners", "Content", "Reporting"];

    private static readonly Lazy<IReadOnlyList<PlatformModule>> LazyModules = new(Discover);
    private static readonly Lazy<string> LazyRepoRoot = new(FindRepoRoot);

    public static IReadOnlyList<PlatformModule> Modules => LazyModules.Value;

    public static IReadOnlyList<string> ModuleNames => Modules.Select(m => m.Name).ToList();

    public static IReadOnlyList<string> ModuleSchemas => Modules.Select(m => m.Schema).ToList();

    public static string RepoRoot => LazyRepoRoot.Value;

    public static Assembly HostAssembly => typeof(Program).Assembly;

    /// <summary>The module's Contracts assembly; a module without one fails the layout test, so here it is required.</summary>
    public static Assembly Contracts(PlatformModule module) =>
        module.ContractsAssembly ?? throw new InvalidOperationException($"{module.Name} has no Contracts assembly.");

    public static Type[] TypesOf(Assembly assembly) => assembly.GetTypes();

    public static IReadOnlyList<string> ReferencesOf(Assembly assembly) =>
        assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

    /// <summary>Every C# file of the module (its project and its Contracts), without build output.</summary>
    public static IReadOnlyList<string> SourceFiles(PlatformModule module)
    {
        var folder = Path.Combine(RepoRoot, "modules", module.Name);
        if (!Directory.Exists(folder)) return [];
        return Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public static IReadOnlyList<string> MigrationFiles(string schema)
    {
        var folder = Path.Combine(RepoRoot, "migrations", schema);
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.sql").Order(StringComparer.Ordinal).ToList() : [];
    }

    /// <summary>Every folder under migrations/ with the names of the files in it.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> MigrationFolders() =>
        Directory.EnumerateDirectories(Path.Combine(RepoRoot, "migrations"))
            .ToDictionary(
                d => Path.GetFileName(d),
                d => (IReadOnlyList<string>)Directory.EnumerateFiles(d).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList());

    public static IReadOnlyList<string> ModuleFolders() =>
        Directory.EnumerateDirectories(Path.Combine(RepoRoot, "modules")).Select(d => Path.GetFileName(d)).ToList();

    public static string Relative(string path) => Path.GetRelativePath(RepoRoot, path).Replace('\\', '/');

    private static IReadOnlyList<PlatformModule> Discover() =>
        HostAssembly.GetReferencedAssemblies()
            .Where(a => ArchitectureRules.IsPlatformAssembly(a.Name))
            .Select(Assembly.Load)
            .SelectMany(a => a.GetTypes())
            .Where(t => t.IsClass && !t.IsAbstract && t.IsSubclassOf(typeof(PlatformModule)))
            .Select(t => (PlatformModule)Activator.CreateInstance(t)!)
            .ToList();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Bezirksplattform.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains Bezirksplattform.sln.");
    }
}

/// <summary>Assertions shared by the tests.</summary>
internal static class Verify
{
    public static void NoViolations(IReadOnlyList<string> violations, string rule)
    {
        if (violations.Count > 0)
            Assert.Fail($"{rule}: {violations.Count} violation(s):{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", violations));
    }

    /// <summary>Exactly one violation, and it names <paramref name="offender"/>.</summary>
    public static void SingleViolationNaming(IReadOnlyList<string> violations, string offender)
    {
        var violation = Assert.Single(violations);
        Assert.Contains(offender, violation, StringComparison.Ordinal);
    }

    /// <summary>The production modules are the five expected ones, each with a module assembly that has types.</summary>
    public static IReadOnlyList<PlatformModule> ProductionModules()
    {
        var modules = Production.Modules;
        Assert.Equal(Production.ExpectedModuleNames.Order(StringComparer.Ordinal), modules.Select(m => m.Name).Order(StringComparer.Ordinal));
        foreach (var module in modules)
        {
            Assert.NotEmpty(Production.TypesOf(module.Assembly));
            Assert.NotNull(module.ContractsAssembly);
        }

        return modules;
    }
}
