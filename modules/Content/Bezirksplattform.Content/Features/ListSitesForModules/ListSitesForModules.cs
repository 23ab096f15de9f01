using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.Contracts;
using MediatR;

namespace Bezirksplattform.Content.Features.ListSitesForModules;

/// <summary>Answers other modules' question which sites exist (e.g. the partner network before it publishes a project).</summary>
internal sealed class ListSitesForModulesHandler(IDbSession db) : IRequestHandler<ListSitesQuery, IReadOnlyList<ContentSiteInfo>>
{
    public Task<IReadOnlyList<ContentSiteInfo>> Handle(ListSitesQuery request, CancellationToken ct) =>
        db.QueryAsync<ContentSiteInfo>("select slug, name from content.sites order by slug", ct: ct);
}
