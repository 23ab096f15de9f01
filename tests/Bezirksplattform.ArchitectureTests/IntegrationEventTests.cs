using Bezirksplattform.ArchitectureTests.Samples;
using Bezirksplattform.Identity.Contracts;

namespace Bezirksplattform.ArchitectureTests;

/// <summary>Convention 4 (and 6): events carry stable versioned names of their module; Contracts hold no commands.</summary>
public sealed class IntegrationEventTests
{
    [Fact]
    public void Integration_events_have_versioned_names_of_their_module_and_contracts_declare_no_commands()
    {
        var modules = Verify.ProductionModules()
            .Select(m => new ModuleMessages(m.Name, m.Schema, Production.TypesOf(Production.Contracts(m)), Production.TypesOf(m.Assembly)))
            .ToList();
        // No module publishes an event yet; the rule still has to see every module's types, Identity's queries among them.
        Assert.Equal(Production.ExpectedModuleNames.Count, modules.Count);
        Assert.Contains(typeof(GetStaffUserQuery), modules.Single(m => m.Name == "Identity").ContractsTypes);

        Verify.NoViolations(ArchitectureRules.MessagingViolations(modules), "Integration events and Contracts messages");
    }

    [Fact]
    public void An_event_without_a_name_with_a_foreign_prefix_or_without_a_version_is_reported()
    {
        var content = new ModuleMessages("Content", "content",
            [typeof(PagePublished), typeof(UnnamedEvent), typeof(ForeignPrefixEvent), typeof(UnversionedEvent), typeof(SampleResult)], []);

        var violations = ArchitectureRules.MessagingViolations([content]);

        Assert.Equal(3, violations.Count);
        Assert.Single(violations, v => v.Contains(typeof(UnnamedEvent).FullName!, StringComparison.Ordinal) && v.Contains("no [IntegrationEventName", StringComparison.Ordinal));
        Assert.Single(violations, v => v.Contains("'partners.page-published.v1'", StringComparison.Ordinal));
        Assert.Single(violations, v => v.Contains("'content.PagePublished'", StringComparison.Ordinal));
    }

    [Fact]
    public void An_event_name_used_twice_across_modules_is_reported()
    {
        var content = new ModuleMessages("Content", "content", [typeof(PagePublished)], []);
        var contentAgain = new ModuleMessages("ContentCopy", "content", [], [typeof(SameNameEvent)]);

        var violations = ArchitectureRules.MessagingViolations([content, contentAgain]);

        Verify.SingleViolationNaming(violations, "'content.page-published.v1' is used by");
        Assert.Contains(nameof(SameNameEvent), violations[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_command_or_a_plain_request_in_contracts_is_reported_whatever_its_visibility()
    {
        var identityContracts = Production.TypesOf(typeof(GetStaffUserQuery).Assembly);
        var identity = new ModuleMessages("Identity", "identity",
            [.. identityContracts, typeof(PublishPageCommand), typeof(InternalCommand), typeof(RawMediatRRequest), typeof(GetSampleQuery)], []);

        var violations = ArchitectureRules.MessagingViolations([identity]);

        Assert.Equal(3, violations.Count);
        Assert.Single(violations, v => v.Contains($"command {typeof(PublishPageCommand).FullName}", StringComparison.Ordinal));
        Assert.Single(violations, v => v.Contains($"command {typeof(InternalCommand).FullName}", StringComparison.Ordinal));
        Assert.Single(violations, v => v.Contains($"request {typeof(RawMediatRRequest).FullName}", StringComparison.Ordinal));
    }
}
