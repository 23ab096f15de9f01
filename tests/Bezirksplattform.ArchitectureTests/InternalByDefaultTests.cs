using Bezirksplattform.ArchitectureTests.Samples;
using Bezirksplattform.Identity;

namespace Bezirksplattform.ArchitectureTests;

/// <summary>Convention 2: only the module's registration type and its Contracts are public.</summary>
public sealed class InternalByDefaultTests
{
    [Fact]
    public void Module_assemblies_expose_only_their_registration_class()
    {
        var violations = new List<string>();
        foreach (var module in Verify.ProductionModules())
        {
            var types = Production.TypesOf(module.Assembly);
            Assert.Contains(module.GetType(), types); // the assembly inspected is the one holding the module
            violations.AddRange(ArchitectureRules.ModulePublicTypeViolations(module.Assembly.GetName().Name!, types));
        }

        Verify.NoViolations(violations, "Internal by default (module assemblies)");
    }

    [Fact]
    public void Contracts_expose_only_integration_events_queries_and_sealed_records()
    {
        var violations = new List<string>();
        var inspected = 0;
        foreach (var module in Verify.ProductionModules())
        {
            var contracts = Production.Contracts(module);
            var types = Production.TypesOf(contracts);
            inspected += types.Count(t => t.IsVisible);
            violations.AddRange(ArchitectureRules.ContractsPublicTypeViolations(contracts.GetName().Name!, types));
        }

        Assert.True(inspected > 0, "No public Contracts type was inspected (Identity.Contracts has its staff queries).");
        Verify.NoViolations(violations, "Internal by default (Contracts)");
    }

    [Fact]
    public void A_public_type_beside_the_registration_class_is_reported()
    {
        var identity = typeof(IdentityModule).Assembly;
        var types = Production.TypesOf(identity).Append(typeof(LeakedHandler)).Append(typeof(InternalHelper));

        var violations = ArchitectureRules.ModulePublicTypeViolations("Bezirksplattform.Identity", types);

        Verify.SingleViolationNaming(violations, typeof(LeakedHandler).FullName!);
    }

    [Fact]
    public void A_public_nested_type_of_the_registration_class_is_reported()
    {
        var violations = ArchitectureRules.ModulePublicTypeViolations("Sample",
            [typeof(SecondSampleModule), typeof(SecondSampleModule.LeakedOptions), typeof(InternalHelper)]);

        Verify.SingleViolationNaming(violations, typeof(SecondSampleModule.LeakedOptions).FullName!);
    }

    [Fact]
    public void A_module_assembly_without_or_with_two_registration_classes_is_reported()
    {
        var none = ArchitectureRules.ModulePublicTypeViolations("Sample", [typeof(InternalHelper)]);
        var two = ArchitectureRules.ModulePublicTypeViolations("Sample", [typeof(SampleModule), typeof(SecondSampleModule)]);

        Verify.SingleViolationNaming(none, "found 0");
        Verify.SingleViolationNaming(two, "found 2");
        Assert.Empty(ArchitectureRules.ModulePublicTypeViolations("Sample", [typeof(SampleModule), typeof(InternalHelper)]));
    }

    [Fact]
    public void Contracts_declaring_a_command_a_plain_request_or_a_non_record_are_reported()
    {
        var identityContracts = typeof(Identity.Contracts.GetStaffUserQuery).Assembly;
        Type[] offenders =
        [
            typeof(PublishPageCommand), typeof(RawMediatRRequest), typeof(PlainNotification), typeof(UnsealedResult),
            typeof(MutableDto), typeof(IPublicContract),
        ];
        Type[] allowed = [typeof(SampleResult), typeof(GetSampleQuery), typeof(PagePublished), typeof(InternalCommand), typeof(SampleStatus)];

        var violations = ArchitectureRules.ContractsPublicTypeViolations("Bezirksplattform.Sample.Contracts",
            Production.TypesOf(identityContracts).Concat(offenders).Concat(allowed));

        Assert.Equal(offenders.Length, violations.Count);
        foreach (var offender in offenders)
            Assert.Single(violations, v => v.Contains($" {offender.FullName} ", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains(nameof(PublishPageCommand), StringComparison.Ordinal) && v.Contains("command", StringComparison.Ordinal));
    }
}
