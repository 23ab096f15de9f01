namespace Bezirksplattform.ArchitectureTests;

/// <summary>Each module owns one schema, named like its migrations folder (if it has tables yet), which starts with 0001_*.sql and ships embedded.</summary>
public sealed class ModuleLayoutTests
{
    private static ModuleLayout Layout(string name, string schema, params string[] resources) =>
        new(name, schema, "Bezirksplattform." + name, $"Bezirksplattform.{name}.Contracts", resources);

    [Fact]
    public void Schemas_are_unique_and_match_migration_folders_that_start_with_0001()
    {
        var modules = Verify.ProductionModules()
            .Select(m => new ModuleLayout(m.Name, m.Schema, m.Assembly.GetName().Name!, m.ContractsAssembly?.GetName().Name,
                m.Assembly.GetManifestResourceNames()))
            .ToList();
        var folders = Production.MigrationFolders();
        Assert.Equal(Production.ExpectedModuleNames.Count, modules.Count);
        // The resources inspected are the ones the host migrates from (Identity has tables today).
        Assert.Contains("migrations/identity/0001_staff_users.sql", modules.Single(m => m.Name == "Identity").EmbeddedResources);

        Verify.NoViolations(ArchitectureRules.LayoutViolations(modules, folders, Production.ModuleFolders()), "Module layout");
    }

    [Fact]
    public void A_shared_schema_a_missing_folder_a_missing_first_migration_or_an_unembedded_file_is_reported()
    {
        ModuleLayout[] modules =
        [
            Layout("Coaching", "coaching", "migrations/coaching/0001_coaching_schema.sql"),
            Layout("Partners", "coaching", "migrations/coaching/0001_coaching_schema.sql"),
            Layout("Content", "content", "migrations/content/0002_pages.sql"),
            Layout("Counselling", "counselling_v2", "migrations/counselling/0001_counselling_schema.sql"),
            Layout("Identity", "identity", "migrations/identity/0001_identity_schema.sql"),
        ];
        var folders = new Dictionary<string, IReadOnlyList<string>>
        {
            ["coaching"] = ["0001_coaching_schema.sql"],
            ["content"] = ["0002_pages.sql"],
            ["identity"] = ["0001_identity_schema.sql", "0002_staff_teams.sql", "3_Bad-Name.sql"],
            ["counselling"] = ["0001_counselling_schema.sql"],
        };
        string[] moduleFolders = ["Coaching", "Partners", "Content", "Counselling", "Identity"];

        var violations = ArchitectureRules.LayoutViolations(modules, folders, moduleFolders);

        string[] expected =
        [
            "Schema 'coaching' is claimed by Coaching and Partners",
            "Content: migrations/content/ has no 0001_*.sql.",
            "Counselling: embeds migrations but there is no folder migrations/counselling_v2/",
            "Identity: migrations/identity/0002_staff_teams.sql is not embedded",
            "Identity: migrations/identity/3_Bad-Name.sql is not named NNNN_snake_case.sql.",
            "migrations/counselling/ belongs to no module",
        ];
        Assert.Equal(expected.Length, violations.Count);
        foreach (var start in expected)
            Assert.Single(violations, v => v.StartsWith(start, StringComparison.Ordinal));
    }

    [Fact]
    public void A_misnamed_assembly_a_missing_contracts_or_folder_or_a_reserved_schema_is_reported()
    {
        ModuleLayout[] modules =
        [
            new("Reporting", "platform", "Bezirksplattform.Reports", null, ["migrations/platform/0001_reporting.sql"]),
        ];
        var folders = new Dictionary<string, IReadOnlyList<string>> { ["platform"] = ["0001_reporting.sql"] };

        var violations = ArchitectureRules.LayoutViolations(modules, folders, ["Coaching"]);

        string[] expected =
        [
            "Reporting: its assembly is Bezirksplattform.Reports",
            "Reporting: its Contracts assembly is missing",
            "Reporting: there is no folder modules/Reporting/",
            "Reporting: schema 'platform' must be lower-case snake_case and not one of",
        ];
        Assert.Equal(expected.Length, violations.Count);
        foreach (var start in expected)
            Assert.Single(violations, v => v.StartsWith(start, StringComparison.Ordinal));
    }
}
