using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.Items;
using Bezirksplattform.Content.PublicApi;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using P = Bezirksplattform.Content.PublicApi.QueryParameterCatalog;

namespace Bezirksplattform.Content.Features.PublicSearch;

/// <summary>German full-text search over a site's published items of every type, best match first, with marked snippets.</summary>
internal sealed record PublicSearchQuery(PublishedFilter Filter, PageRequest Page, Includes Include) : IQuery<PublishedPage>;

internal sealed class PublicSearchHandler(IDbSession db) : IRequestHandler<PublicSearchQuery, PublishedPage>
{
    public Task<PublishedPage> Handle(PublicSearchQuery request, CancellationToken ct) =>
        PublishedItems.LoadPageAsync(db, request.Filter, request.Page, snippets: true, request.Include, ct);
}

internal static class PublicSearchEndpoint
{
    private static readonly string[] Types = [ItemTypes.Article, ItemTypes.Page, ItemTypes.Project];
    private static readonly QueryParameter RequiredQ = P.Q with { Required = true };

    public static void MapPublicSearch(this IEndpointRouteBuilder site) =>
        site.MapGet("/search", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var siteInfo = PublicSiteFeature.Of(http);
                var query = QueryReader.For(http);
                var q = query.Text("q", 200) ?? throw PublicQueryProblem.For("q", "Der Suchbegriff fehlt. Erlaubt: bis zu 200 Zeichen, z. B. q=Bürgerbeteiligung.", ["q"]);
                var filter = new PublishedFilter(siteInfo.Id, query.Subset("type", Types) ?? Types)
                {
                    Tags = query.Codes("tag"),
                    Districts = query.Codes("district"),
                    Regions = query.Codes("region"),
                    From = query.Bound("from", upper: false),
                    ToExclusive = query.Bound("to", upper: true),
                    Q = q,
                };
                if (filter.From >= filter.ToExclusive)
                    throw PublicQueryProblem.For("to", "Liegt vor from. Erlaubt: to am oder nach from.", ["from", "to"]);
                var sort = query.Choice("sort", PublishedItems.SearchSorts, "relevance");
                var fields = query.Subset("fields", PublicFields.Search);
                var include = Includes.From(query);
                var fingerprint = filter.Fingerprint(sort);
                var (page, pageSize, cursor) = query.Paging(fingerprint, sort);
                var request = new PageRequest(sort, page, pageSize, cursor);

                var result = await mediator.Send(new PublicSearchQuery(filter, request, include), ct);
                var body = PublicJson.ListEnvelope(result, request, PublishedItems.NextCursor(result, request, fingerprint),
                    new ItemShape(siteInfo.Slug, fields, include, result.Files));
                return PublicAnswer.Json(body, result.LastModified, result.Rows.SelectMany(r => r.DependsOn), isList: true);
            })
            .CachedOnServer()
            .WithQueryParameters(RequiredQ, P.Type, P.District, P.Region, P.Tag, P.From, P.To,
                P.Sort with { Description = "relevance (Standard), -publishedAt, publishedAt, title, -title." }, P.Fields, P.Include, P.Page, P.PageSize, P.Cursor)
            .WithName("PublicSearch").WithSummary("Volltextsuche über alle veröffentlichten Inhalte einer Website, mit markierten Textausschnitten")
            .WithDescription("Beispiel: `GET /api/public/v1/sites/pankow/search?q=Buerger` findet auch „Bürger“; jedes Ergebnis hat snippet mit <mark>…</mark> "
                + "(der Text darin ist HTML-maskiert).")
            .ProducesPublicJson<PublicItemList>();
}
