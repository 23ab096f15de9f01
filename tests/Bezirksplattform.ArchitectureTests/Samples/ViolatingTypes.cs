using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Modules;
using MediatR;
using Microsoft.AspNetCore.Routing;

// Types that exist only to be fed to the rules: some obey them, most break them on purpose.
// They are never registered anywhere; this test assembly is not under the rules.

namespace Bezirksplattform.ArchitectureTests.Samples;

public sealed class SampleModule : PlatformModule
{
    public override string Name => "Sample";

    public override string Schema => "sample";

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}

public sealed class SecondSampleModule : PlatformModule
{
    public override string Name => "SecondSample";

    public override string Schema => "second_sample";

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }

    /// <summary>Public because its outer class is: visible outside the assembly.</summary>
    public sealed class LeakedOptions
    {
        public int Value { get; init; }
    }
}

/// <summary>A handler someone forgot to make internal.</summary>
public sealed class LeakedHandler;

internal sealed class InternalHelper;

// Allowed in Contracts.
public sealed record SampleResult(Guid Id, string Name);

public sealed record GetSampleQuery(Guid Id) : IQuery<SampleResult?>;

[IntegrationEventName("content.page-published.v1")]
public sealed record PagePublished(Guid PageId) : IntegrationEvent;

// Not allowed in Contracts.
public sealed record PublishPageCommand(Guid PageId) : ICommand<Guid>;

public sealed record RawMediatRRequest(Guid Id) : IRequest<int>;

public sealed record PlainNotification(Guid Id) : INotification;

public record UnsealedResult(string Name);

public class MutableDto
{
    public string? Name { get; set; }
}

public interface IPublicContract;

public enum SampleStatus { Draft, Published }

internal sealed record InternalCommand(Guid Id) : ICommand<Guid>;

// Integration events with bad names.
public sealed record UnnamedEvent(Guid Id) : IntegrationEvent;

[IntegrationEventName("partners.page-published.v1")]
public sealed record ForeignPrefixEvent(Guid Id) : IntegrationEvent;

[IntegrationEventName("content.PagePublished")]
public sealed record UnversionedEvent(Guid Id) : IntegrationEvent;

[IntegrationEventName("content.page-published.v1")]
public sealed record SameNameEvent(Guid Id) : IntegrationEvent;
