using System.Globalization;
using System.Text;
using System.Xml;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.PublicApi;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.PublicGetSitemap;

internal sealed record SitemapEntry(Guid ItemId, string Type, string Slug, DateTimeOffset UpdatedAt);

internal sealed record SitemapData(IReadOnlyList<SitemapEntry> Entries, DateTimeOffset? LastChange);

/// <summary>Every published item of a site (at most 50,000, the sitemap limit).</summary>
internal sealed record PublicSitemapQuery(Guid SiteId) : IQuery<SitemapData>;

internal sealed class PublicSitemapHandler(IDbSession db) : IRequestHandler<PublicSitemapQuery, SitemapData>
{
    public const int MaxUrls = 50_000;

    public async Task<SitemapData> Handle(PublicSitemapQuery request, CancellationToken ct)
    {
        await using var grid = await db.QueryMultipleAsync(
            """
            select p.item_id, p.type, p.slug, p.updated_at from content.published p where p.site_id = @SiteId
            order by p.type, p.slug limit @MaxUrls;
            select c.changed_at from content.changes c where c.site_id = @SiteId order by c.seq desc limit 1;
            """, new { request.SiteId, MaxUrls }, ct);
        var entries = (await grid.ReadAsync<SitemapEntry>()).ToList();
        return new SitemapData(entries, await grid.ReadSingleOrDefaultAsync<DateTimeOffset?>());
    }
}

internal static class PublicGetSitemapEndpoint
{
    private const string Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";

    public static void MapPublicGetSitemap(this IEndpointRouteBuilder site) =>
        site.MapGet("/sitemap.xml", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var siteInfo = PublicSiteFeature.Of(http);
                QueryReader.For(http);
                var data = await mediator.Send(new PublicSitemapQuery(siteInfo.Id), ct);
                using var stream = new MemoryStream();
                using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
                {
                    writer.WriteStartDocument();
                    writer.WriteStartElement("urlset", Ns);
                    foreach (var entry in data.Entries)
                    {
                        writer.WriteStartElement("url", Ns);
                        writer.WriteElementString("loc", Ns, PublicLinks.Item(siteInfo, http.Request, entry.Type, entry.Slug));
                        writer.WriteElementString("lastmod", Ns, entry.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                        writer.WriteEndElement();
                    }

                    writer.WriteEndElement();
                    writer.WriteEndDocument();
                }

                return new PublicAnswer
                {
                    ContentType = "application/xml; charset=utf-8",
                    Body = stream.ToArray(),
                    LastModified = data.Entries.Select(e => (DateTimeOffset?)e.UpdatedAt).Append(data.LastChange).Max(),
                    DependsOn = [.. data.Entries.Select(e => e.ItemId)],
                    IsList = true,
                };
            })
            .CachedOnServer().WithQueryParameters()
            .WithName("PublicSitemap").WithSummary("Sitemap (sitemaps.org) aller veröffentlichten Inhalte einer Website")
            .ProducesPublicXml("application/xml");
}
