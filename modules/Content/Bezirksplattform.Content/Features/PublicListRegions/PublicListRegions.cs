using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.PublicApi;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.PublicListRegions;

internal sealed record PublicRegion(string Code, string Name, string DistrictCode, string DistrictName, long Count);

internal sealed record PublicRegionList(IReadOnlyList<PublicRegion> Items, DateTimeOffset? LastChange);

/// <summary>The district regions (public reference data) with how many of the site's published items name each.</summary>
internal sealed record PublicListRegionsQuery(Guid SiteId) : IQuery<PublicRegionList>;

internal sealed class PublicListRegionsHandler(IDbSession db) : IRequestHandler<PublicListRegionsQuery, PublicRegionList>
{
    public async Task<PublicRegionList> Handle(PublicListRegionsQuery request, CancellationToken ct)
    {
        await using var grid = await db.QueryMultipleAsync(
            """
            select r.code, r.name, r.district_code, r.district_name,
                   (select count(*) from content.published p where p.site_id = @SiteId and r.code = any(p.region_codes)) as count
            from content.regions r
            order by r.district_code, r.code;
            select c.changed_at from content.changes c where c.site_id = @SiteId order by c.seq desc limit 1;
            """, request, ct);
        var regions = (await grid.ReadAsync<PublicRegion>()).ToList();
        return new PublicRegionList(regions, await grid.ReadSingleOrDefaultAsync<DateTimeOffset?>());
    }
}

internal static class PublicListRegionsEndpoint
{
    public static void MapPublicListRegions(this IEndpointRouteBuilder site) =>
        site.MapGet("/regions", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var siteInfo = PublicSiteFeature.Of(http);
                QueryReader.For(http);
                var regions = await mediator.Send(new PublicListRegionsQuery(siteInfo.Id), ct);
                // The records' own names are the wire names (camelCase through the platform's options).
                var body = JsonSerializer.SerializeToUtf8Bytes(new { items = regions.Items }, PlatformJson.Options);
                return PublicAnswer.Json(body, regions.LastChange, [], isList: true);
            })
            .CachedOnServer().WithQueryParameters()
            .WithName("PublicListRegions").WithSummary("Bezirksregionen mit Bezirk und Anzahl veröffentlichter Inhalte der Website")
            .WithDescription("Beispiel: `{\"items\":[{\"code\":\"0901\",\"name\":\"Alt-Treptow\",\"districtCode\":\"09\",\"districtName\":\"Treptow-Köpenick\",\"count\":1}]}`")
            .ProducesPublicJson<PublicRegionListView>();
}

internal sealed record PublicRegionListView(IReadOnlyList<PublicRegion> Items);
