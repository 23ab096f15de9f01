using Bezirksplattform.Counselling;
using Bezirksplattform.Identity.Contracts;

namespace Bezirksplattform.ArchitectureTests;

/// <summary>Convention 3: references are the boundary, checked on <c>Assembly.GetReferencedAssemblies()</c> exactly.</summary>
public sealed class ReferenceTests
{
    private static readonly IReadOnlySet<string> Framework = ArchitectureRules.FrameworkAssemblyNames();

    [Fact]
    public void Module_assemblies_reference_only_building_blocks_and_contracts()
    {
        var violations = new List<string>();
        foreach (var module in Verify.ProductionModules())
        {
            var references = Production.ReferencesOf(module.Assembly);
            // Every module subclasses PlatformModule, so BuildingBlocks must show up: proof these are the module's references.
            Assert.Contains(ArchitectureRules.BuildingBlocks, references);
            violations.AddRange(ArchitectureRules.ModuleReferenceViolations(module.Name, references, Production.ModuleNames));
        }

        Verify.NoViolations(violations, "References (module assemblies)");
    }

    [Fact]
    public void Contracts_reference_only_message_abstractions()
    {
        Assert.Contains("System.Runtime", Framework);
        Assert.DoesNotContain("Microsoft.AspNetCore.Http.Abstractions", Framework);
        var violations = new List<string>();
        foreach (var module in Verify.ProductionModules())
        {
            var contracts = Production.Contracts(module);
            var references = Production.ReferencesOf(contracts);
            Assert.NotEmpty(references);
            violations.AddRange(ArchitectureRules.ContractsReferenceViolations(contracts.GetName().Name!, references, Framework));
        }

        // Identity's queries implement IQuery<>, so its Contracts must reference the message abstractions.
        Assert.Contains(ArchitectureRules.BuildingBlocksContracts, Production.ReferencesOf(typeof(GetStaffUserQuery).Assembly));
        Verify.NoViolations(violations, "References (Contracts)");
    }

    [Fact]
    public void A_module_referencing_another_module_or_the_host_is_reported()
    {
        var real = Production.ReferencesOf(typeof(CounsellingModule).Assembly);
        var modules = Production.ExpectedModuleNames;

        var toContent = ArchitectureRules.ModuleReferenceViolations("Counselling", [.. real, "Bezirksplattform.Content"], modules);
        var toHost = ArchitectureRules.ModuleReferenceViolations("Counselling", [.. real, "Bezirksplattform.Host"], modules);
        var toUnknown = ArchitectureRules.ModuleReferenceViolations("Counselling", [.. real, "Bezirksplattform.Billing.Contracts"], modules);
        var toContracts = ArchitectureRules.ModuleReferenceViolations("Counselling",
            [.. real, "Bezirksplattform.Content.Contracts", "Bezirksplattform.Counselling.Contracts", "Dapper"], modules);

        Verify.SingleViolationNaming(toContent, "references Bezirksplattform.Content;");
        Verify.SingleViolationNaming(toHost, "references Bezirksplattform.Host;");
        Verify.SingleViolationNaming(toUnknown, "references Bezirksplattform.Billing.Contracts;");
        Assert.Empty(toContracts);
    }

    [Fact]
    public void Contracts_referencing_building_blocks_other_contracts_or_a_library_are_reported()
    {
        var real = Production.ReferencesOf(typeof(GetStaffUserQuery).Assembly);
        string[] offenders =
        [
            "Bezirksplattform.BuildingBlocks", "Bezirksplattform.Partners.Contracts", "Bezirksplattform.Identity",
            "Dapper", "Microsoft.AspNetCore.Http.Abstractions",
        ];

        var violations = ArchitectureRules.ContractsReferenceViolations("Bezirksplattform.Identity.Contracts",
            [.. real, .. offenders, "MediatR", "System.Collections"], Framework);

        Assert.Equal(offenders.Length, violations.Count);
        foreach (var offender in offenders)
            Assert.Single(violations, v => v.Contains($"references {offender};", StringComparison.Ordinal));
    }
}
