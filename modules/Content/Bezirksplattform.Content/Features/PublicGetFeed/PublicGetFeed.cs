using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.Items;
using Bezirksplattform.Content.PublicApi;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using P = Bezirksplattform.Content.PublicApi.QueryParameterCatalog;

namespace Bezirksplattform.Content.Features.PublicGetFeed;

/// <summary>The newest published items of a site for its RSS and Atom feeds.</summary>
internal sealed record PublicFeedQuery(PublishedFilter Filter) : IQuery<PublishedPage>;

internal sealed class PublicFeedHandler(IDbSession db) : IRequestHandler<PublicFeedQuery, PublishedPage>
{
    public const int Size = 50;

    public Task<PublishedPage> Handle(PublicFeedQuery request, CancellationToken ct) =>
        PublishedItems.LoadPageAsync(db, request.Filter, new PageRequest("-publishedAt", 1, Size, null), snippets: false, Includes.None, ct);
}

internal static class PublicGetFeedEndpoints
{
    private static readonly string[] Types = [ItemTypes.Article, ItemTypes.Page, ItemTypes.Project];

    public static void MapPublicGetFeed(this IEndpointRouteBuilder site)
    {
        site.MapGet("/feed.rss", (HttpContext http, IMediator mediator, CancellationToken ct) => FeedAsync(http, mediator, atom: false, ct))
            .CachedOnServer().WithQueryParameters(P.Type with { Description = "Art: article (Standard), page, project; mehrere durch Komma." }, P.Tag, P.Region)
            .WithName("PublicRssFeed").WithSummary("RSS 2.0: die 50 neuesten veröffentlichten Inhalte (Standard: Meldungen)")
            .WithDescription("Beispiel: `GET /api/public/v1/sites/pankow/feed.rss?tag=nachbarschaftsarbeit`. Links zeigen auf base_url der Website.")
            .ProducesPublicXml("application/rss+xml");

        site.MapGet("/feed.atom", (HttpContext http, IMediator mediator, CancellationToken ct) => FeedAsync(http, mediator, atom: true, ct))
            .CachedOnServer().WithQueryParameters(P.Type with { Description = "Art: article (Standard), page, project; mehrere durch Komma." }, P.Tag, P.Region)
            .WithName("PublicAtomFeed").WithSummary("Atom: die 50 neuesten veröffentlichten Inhalte (Standard: Meldungen)")
            .ProducesPublicXml("application/atom+xml");
    }

    private static async Task<IResult> FeedAsync(HttpContext http, IMediator mediator, bool atom, CancellationToken ct)
    {
        var site = PublicSiteFeature.Of(http);
        var query = QueryReader.For(http);
        var filter = new PublishedFilter(site.Id, query.Subset("type", Types) ?? [ItemTypes.Article])
        {
            Tags = query.Codes("tag"),
            Regions = query.Codes("region"),
        };
        var page = await mediator.Send(new PublicFeedQuery(filter), ct);
        var entries = page.Rows.Select(r => new Entry(r, JsonNode.Parse(r.Document)!.AsObject())).ToList();
        var updated = page.LastModified ?? site.CreatedAt;
        var body = Xml(writer =>
        {
            if (atom) WriteAtom(writer, site, http.Request, entries, updated);
            else WriteRss(writer, site, http.Request, entries, updated);
        });
        return new PublicAnswer
        {
            ContentType = (atom ? "application/atom+xml" : "application/rss+xml") + "; charset=utf-8",
            Body = body,
            LastModified = page.LastModified,
            DependsOn = [.. page.Rows.Select(r => r.ItemId)],
            IsList = true,
        };
    }

    private sealed record Entry(PublishedRow Row, JsonObject Document)
    {
        public string Summary => Document["summary"]?.GetValue<string>() ?? "";

        public IEnumerable<(string Slug, string Name)> Tags =>
            (Document["tags"] as JsonArray ?? []).OfType<JsonObject>()
                .Select(t => (t["slug"]?.GetValue<string>() ?? "", t["name"]?.GetValue<string>() ?? ""));
    }

    private static void WriteRss(XmlWriter writer, PublicSite site, HttpRequest request, List<Entry> entries, DateTimeOffset updated)
    {
        const string AtomNs = "http://www.w3.org/2005/Atom";
        writer.WriteStartElement("rss");
        writer.WriteAttributeString("version", "2.0");
        writer.WriteAttributeString("xmlns", "atom", null, AtomNs);
        writer.WriteStartElement("channel");
        writer.WriteElementString("title", site.Name);
        writer.WriteElementString("link", PublicLinks.SiteHome(site, request));
        writer.WriteElementString("description", $"Veröffentlichungen: {site.Name}");
        writer.WriteElementString("language", "de-DE");
        writer.WriteElementString("lastBuildDate", updated.ToString("R", CultureInfo.InvariantCulture));
        writer.WriteStartElement("atom", "link", AtomNs);
        writer.WriteAttributeString("href", PublicLinks.Self(request));
        writer.WriteAttributeString("rel", "self");
        writer.WriteAttributeString("type", "application/rss+xml");
        writer.WriteEndElement();
        foreach (var entry in entries)
        {
            writer.WriteStartElement("item");
            writer.WriteElementString("title", entry.Row.Title);
            writer.WriteElementString("link", PublicLinks.Item(site, request, entry.Row.Type, entry.Row.Slug));
            writer.WriteStartElement("guid");
            writer.WriteAttributeString("isPermaLink", "false");
            writer.WriteString($"urn:uuid:{entry.Row.ItemId:D}");
            writer.WriteEndElement();
            writer.WriteElementString("pubDate", entry.Row.PublishedOn.ToString("R", CultureInfo.InvariantCulture));
            writer.WriteElementString("description", entry.Summary);
            foreach (var (_, name) in entry.Tags) writer.WriteElementString("category", name);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private static void WriteAtom(XmlWriter writer, PublicSite site, HttpRequest request, List<Entry> entries, DateTimeOffset updated)
    {
        const string Ns = "http://www.w3.org/2005/Atom";
        writer.WriteStartElement("feed", Ns);
        writer.WriteAttributeString("xml", "lang", null, "de");
        writer.WriteElementString("id", Ns, $"urn:uuid:{site.Id:D}");
        writer.WriteElementString("title", Ns, site.Name);
        writer.WriteElementString("updated", Ns, Rfc3339(updated));
        WriteLink(writer, Ns, "self", PublicLinks.Self(request), "application/atom+xml");
        WriteLink(writer, Ns, "alternate", PublicLinks.SiteHome(site, request), "text/html");
        writer.WriteStartElement("author", Ns);
        writer.WriteElementString("name", Ns, site.Name);
        writer.WriteEndElement();
        foreach (var entry in entries)
        {
            writer.WriteStartElement("entry", Ns);
            writer.WriteElementString("id", Ns, $"urn:uuid:{entry.Row.ItemId:D}");
            writer.WriteElementString("title", Ns, entry.Row.Title);
            WriteLink(writer, Ns, "alternate", PublicLinks.Item(site, request, entry.Row.Type, entry.Row.Slug), "text/html");
            writer.WriteElementString("published", Ns, Rfc3339(entry.Row.PublishedOn));
            writer.WriteElementString("updated", Ns, Rfc3339(entry.Row.UpdatedAt));
            writer.WriteElementString("summary", Ns, entry.Summary);
            foreach (var (slug, name) in entry.Tags)
            {
                writer.WriteStartElement("category", Ns);
                writer.WriteAttributeString("term", slug);
                writer.WriteAttributeString("label", name);
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    private static void WriteLink(XmlWriter writer, string ns, string rel, string href, string type)
    {
        writer.WriteStartElement("link", ns);
        writer.WriteAttributeString("rel", rel);
        writer.WriteAttributeString("type", type);
        writer.WriteAttributeString("href", href);
        writer.WriteEndElement();
    }

    private static string Rfc3339(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    internal static byte[] Xml(Action<XmlWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true }))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }

        return stream.ToArray();
    }
}
