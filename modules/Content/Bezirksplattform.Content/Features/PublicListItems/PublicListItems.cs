using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.Items;
using Bezirksplattform.Content.PublicApi;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using P = Bezirksplattform.Content.PublicApi.QueryParameterCatalog;

namespace Bezirksplattform.Content.Features.PublicListItems;

/// <summary>A page of a site's published articles or projects, filtered and sorted; read from content.published only.</summary>
internal sealed record PublicListItemsQuery(PublishedFilter Filter, PageRequest Page, Includes Include) : IQuery<PublishedPage>;

internal sealed class PublicListItemsHandler(IDbSession db) : IRequestHandler<PublicListItemsQuery, PublishedPage>
{
    public Task<PublishedPage> Handle(PublicListItemsQuery request, CancellationToken ct) =>
        PublishedItems.LoadPageAsync(db, request.Filter, request.Page, snippets: request.Filter.Q is not null, request.Include, ct);
}

internal static class PublicListItemsEndpoints
{
    public static void MapPublicListItems(this IEndpointRouteBuilder site)
    {
        site.MapGet("/articles", (HttpContext http, IMediator mediator, CancellationToken ct) => ListAsync(http, mediator, ItemTypes.Article, ct))
            .CachedOnServer()
            .WithQueryParameters(P.District, P.Region, P.Tag, P.From, P.To, P.Q, P.Sort, P.Fields, P.Include, P.Page, P.PageSize, P.Cursor)
            .WithName("PublicListArticles").WithSummary("Veröffentlichte Meldungen einer Website, gefiltert, sortiert und seitenweise")
            .WithDescription("Beispiel: `GET /api/public/v1/sites/pankow/articles?tag=nachbarschaftsarbeit&from=2026-01-01&fields=title,summary,publishedAt&pageSize=10`. "
                + "Zum vollständigen Abrufen nextCursor als cursor weitergeben, bis nextCursor null ist.")
            .ProducesPublicJson<PublicItemList>();

        site.MapGet("/projects", (HttpContext http, IMediator mediator, CancellationToken ct) => ListAsync(http, mediator, ItemTypes.Project, ct))
            .CachedOnServer()
            .WithQueryParameters(P.District, P.Region, P.Tag, P.From, P.To, P.Q, P.Status, P.Programme, P.Sort, P.Fields, P.Include, P.Page, P.PageSize, P.Cursor)
            .WithName("PublicListProjects").WithSummary("Veröffentlichte Projekte einer Website, auch nach Status und Förderprogramm")
            .WithDescription("Beispiel: `GET /api/public/v1/sites/leipziger-osten/projects?status=running&include=images`")
            .ProducesPublicJson<PublicItemList>();
    }

    private static async Task<IResult> ListAsync(HttpContext http, IMediator mediator, string type, CancellationToken ct)
    {
        var site = PublicSiteFeature.Of(http);
        var query = QueryReader.For(http);
        var filter = new PublishedFilter(site.Id, [type])
        {
            Tags = query.Codes("tag"),
            Districts = query.Codes("district"),
            Regions = query.Codes("region"),
            From = query.Bound("from", upper: false),
            ToExclusive = query.Bound("to", upper: true),
            Q = query.Text("q", 200),
            Programme = type == ItemTypes.Project ? query.Text("programme", 200) : null,
            Statuses = type == ItemTypes.Project ? query.Subset("status", ProjectStatuses.All) : null,
        };
        if (filter.From >= filter.ToExclusive)
            throw PublicQueryProblem.For("to", "Liegt vor from. Erlaubt: to am oder nach from.", ["from", "to"]);
        var sort = query.Choice("sort", filter.Q is null ? PublishedItems.ListSorts : PublishedItems.SearchSorts, "-publishedAt");
        string[] fields = filter.Q is null ? PublicFields.For(type) : [.. PublicFields.For(type), "snippet"];
        var shapeFields = query.Subset("fields", fields);
        var include = Includes.From(query);
        var fingerprint = filter.Fingerprint(sort);
        var (page, pageSize, cursor) = query.Paging(fingerprint, sort);
        var request = new PageRequest(sort, page, pageSize, cursor);

        var result = await mediator.Send(new PublicListItemsQuery(filter, request, include), ct);
        var body = PublicJson.ListEnvelope(result, request, PublishedItems.NextCursor(result, request, fingerprint),
            new ItemShape(site.Slug, shapeFields, include, result.Files));
        return PublicAnswer.Json(body, result.LastModified, result.Rows.SelectMany(r => r.DependsOn), isList: true);
    }
}
