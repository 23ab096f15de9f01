using Bezirksplattform.BuildingBlocks.Contracts;

namespace Bezirksplattform.Content.Contracts;

/// <summary>A website that pulls content: its slug (as used in the public API) and name.</summary>
public sealed record ContentSiteInfo(string Slug, string Name);

/// <summary>All content sites, ordered by slug (e.g. to check site slugs another module publishes to).</summary>
public sealed record ListSitesQuery : IQuery<IReadOnlyList<ContentSiteInfo>>;
