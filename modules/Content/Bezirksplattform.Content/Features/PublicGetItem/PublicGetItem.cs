using System.Text.Json.Nodes;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Content.Items;
using Bezirksplattform.Content.PublicApi;
using Bezirksplattform.Content.Text;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using P = Bezirksplattform.Content.PublicApi.QueryParameterCatalog;

namespace Bezirksplattform.Content.Features.PublicGetItem;

/// <summary>A published item by its address, or where a former address now points.</summary>
internal sealed record PublicGetItemQuery(Guid SiteId, string Type, string Slug, Includes Include) : IQuery<PublicItemLookup>;

internal sealed record PublicItemLookup(PublishedRow? Row, Guid? MovedItemId, string? MovedToSlug, IReadOnlyDictionary<Guid, PublicFile> Files);

internal sealed class PublicGetItemHandler(IDbSession db) : IRequestHandler<PublicGetItemQuery, PublicItemLookup>
{
    public async Task<PublicItemLookup> Handle(PublicGetItemQuery request, CancellationToken ct)
    {
        PublishedRow? row;
        Moved? moved;
        await using (var grid = await db.QueryMultipleAsync(
            """
            select p.item_id, p.type, p.slug, p.title, p.published_on, p.updated_at, p.image_ids, p.download_ids, p.document::text as document
            from content.published p where p.site_id = @SiteId and p.type = @Type and p.slug = @Slug;
            select cur.item_id, cur.slug from content.slugs s
            join content.published cur on cur.item_id = s.item_id and cur.site_id = s.site_id
            where s.site_id = @SiteId and s.type = @Type and s.slug = @Slug and not s.is_current;
            """, request, ct))
        {
            row = await grid.ReadSingleOrDefaultAsync<PublishedRow>();
            moved = await grid.ReadFirstOrDefaultAsync<Moved>();
        }

        if (row is null) return new PublicItemLookup(null, moved?.ItemId, moved?.Slug, new Dictionary<Guid, PublicFile>());
        var files = await PublishedItems.LoadFilesAsync(db, PublishedItems.FileIds([row], request.Include), ct);
        return new PublicItemLookup(row, null, null, files);
    }

    private sealed record Moved(Guid ItemId, string Slug);
}

internal sealed record PublicRedirect(PublicRedirectTarget RedirectTo);

internal sealed record PublicRedirectTarget(string Slug, string Href);

internal static class PublicGetItemEndpoints
{
    public static void MapPublicGetItem(this IEndpointRouteBuilder site)
    {
        site.MapGet("/articles/{slug}", (string slug, HttpContext http, IMediator mediator, CancellationToken ct) => GetAsync(http, mediator, ItemTypes.Article, slug, ct))
            .CachedOnServer().WithQueryParameters(P.Fields, P.Include)
            .WithName("PublicGetArticle").WithSummary("Eine veröffentlichte Meldung; eine frühere Adresse antwortet mit 301 und redirectTo")
            .WithDescription("Beispiel: `GET /api/public/v1/sites/pankow/articles/kooperationsvereinbarung-pankow?include=images,downloads`")
            .ProducesPublicJson<JsonObject>().Produces<PublicRedirect>(StatusCodes.Status301MovedPermanently);

        site.MapGet("/projects/{slug}", (string slug, HttpContext http, IMediator mediator, CancellationToken ct) => GetAsync(http, mediator, ItemTypes.Project, slug, ct))
            .CachedOnServer().WithQueryParameters(P.Fields, P.Include)
            .WithName("PublicGetProject").WithSummary("Ein veröffentlichtes Projekt; eine frühere Adresse antwortet mit 301 und redirectTo")
            .ProducesPublicJson<JsonObject>().Produces<PublicRedirect>(StatusCodes.Status301MovedPermanently);

        site.MapGet("/pages/{**path}", (string? path, HttpContext http, IMediator mediator, CancellationToken ct) => GetAsync(http, mediator, ItemTypes.Page, (path ?? "").Trim('/'), ct))
            .CachedOnServer().WithQueryParameters(P.Fields, P.Include)
            .WithName("PublicGetPage").WithSummary("Eine veröffentlichte Seite über ihren ganzen Pfad, z. B. bezirkskoordination/aufgaben")
            .WithDescription("Beispiel: `GET /api/public/v1/sites/treptow-koepenick/pages/bezirkskoordination/aufgaben`")
            .ProducesPublicJson<JsonObject>().Produces<PublicRedirect>(StatusCodes.Status301MovedPermanently);
    }

    private static async Task<IResult> GetAsync(HttpContext http, IMediator mediator, string type, string slug, CancellationToken ct)
    {
        var site = PublicSiteFeature.Of(http);
        var query = QueryReader.For(http);
        var fields = query.Subset("fields", PublicFields.For(type));
        var include = Includes.From(query);
        var valid = type == ItemTypes.Page ? GermanSlug.IsValidPath(slug) : GermanSlug.IsValidSegment(slug);
        if (!valid) throw new NotFoundException($"Unter '{slug}' ist hier nichts veröffentlicht.");

        var found = await mediator.Send(new PublicGetItemQuery(site.Id, type, slug, include), ct);
        var addressTag = PublicCache.SlugTag(site.Slug, type, slug);
        if (found.Row is { } row)
        {
            var body = PublicJson.Write(writer =>
                PublicJson.WriteItem(writer, row.Document, row.ImageIds, row.DownloadIds, new ItemShape(site.Slug, fields, include, found.Files)));
            return PublicAnswer.Json(body, row.UpdatedAt, row.DependsOn, isList: false, addressTag);
        }

        if (found.MovedToSlug is { } current)
        {
            var href = $"/api/public/v1/sites/{site.Slug}/{ItemTypes.RouteOf(type)}/{current}";
            var body = PublicJson.Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartObject("redirectTo");
                writer.WriteString("slug", current);
                writer.WriteString("href", href);
                writer.WriteEndObject();
                writer.WriteEndObject();
            });
            return new PublicAnswer
            {
                Status = StatusCodes.Status301MovedPermanently,
                ContentType = PublicAnswer.JsonType,
                Body = body,
                Location = href + http.Request.QueryString,
                DependsOn = [found.MovedItemId!.Value],
                ExtraTags = [addressTag],
            };
        }

        throw new NotFoundException($"Unter '{slug}' ist hier nichts veröffentlicht.");
    }
}
