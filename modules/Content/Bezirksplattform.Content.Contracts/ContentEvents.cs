using Bezirksplattform.BuildingBlocks.Contracts;

namespace Bezirksplattform.Content.Contracts;

/// <summary>
/// A version of an item went live (first publication or an update of a live item) on the
/// listed sites. Raised alike by the editor's action and by the scheduled-publication job.
/// </summary>
[IntegrationEventName("content.item-published.v1")]
public sealed record ItemPublished(
    Guid ItemId, string Type, string Slug, string Title, string[] SiteSlugs, int VersionNo, bool IsFirstPublication) : IntegrationEvent;

/// <summary>An item was taken off the listed sites (unpublished or archived, now or as scheduled).</summary>
[IntegrationEventName("content.item-unpublished.v1")]
public sealed record ItemUnpublished(Guid ItemId, string Type, string Slug, string Title, string[] SiteSlugs) : IntegrationEvent;
