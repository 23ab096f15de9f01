using System.Text.Json.Nodes;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Content.Items;
using Bezirksplattform.Content.PublicApi;
using Bezirksplattform.Content.Publishing;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using P = Bezirksplattform.Content.PublicApi.QueryParameterCatalog;

namespace Bezirksplattform.Content.Features.PublicPreviewItem;

internal sealed record PreviewDocument(string Document, string Status, int Version, DateTimeOffset UpdatedAt, Guid[] ImageIds, Guid[] DownloadIds,
    IReadOnlyDictionary<Guid, PublicFile> Files);

/// <summary>
/// The draft of an item rendered exactly as publishing would render it. The only public read of
/// content.items; the endpoint verifies the preview token before it sends this query.
/// </summary>
internal sealed record PublicPreviewItemQuery(Guid ItemId, Guid SiteId, Includes Include) : IQuery<PreviewDocument>;

internal sealed class PublicPreviewItemHandler(IDbSession db, TimeProvider clock) : IRequestHandler<PublicPreviewItemQuery, PreviewDocument>
{
    public async Task<PreviewDocument> Handle(PublicPreviewItemQuery request, CancellationToken ct)
    {
        var item = await ItemReads.LoadAsync(db, request.ItemId, ct);
        if (!item.SiteIds.Contains(request.SiteId)) throw new NotFoundException("Dieser Inhalt gehört nicht zu dieser Website.");
        var fields = ItemFields.FromJson(item.Fields);
        var rendered = await PublicDocument.BuildAsync(db, item, fields, clock.GetUtcNow(), ct);
        var files = await PublishedItems.LoadFilesAsync(db,
            (request.Include.Images ? fields.ImageIds : []).Concat(request.Include.Downloads ? fields.DownloadIds : []), ct);
        return new PreviewDocument(rendered.Document.ToJsonString(), item.Status, item.Version, item.UpdatedAt, fields.ImageIds, fields.DownloadIds, files);
    }
}

internal static class PublicPreviewItemEndpoint
{
    public static void MapPublicPreviewItem(this IEndpointRouteBuilder site) =>
        site.MapGet("/preview/{itemId:guid}", async (Guid itemId, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var siteInfo = PublicSiteFeature.Of(http);
                var query = QueryReader.For(http);
                http.RequestServices.GetRequiredService<PreviewTokens>().Verify(query.Raw("token"), itemId);
                var include = Includes.From(query);
                var preview = await mediator.Send(new PublicPreviewItemQuery(itemId, siteInfo.Id, include), ct);
                var document = JsonNode.Parse(preview.Document)!.AsObject();
                document["preview"] = new JsonObject { ["status"] = preview.Status, ["version"] = preview.Version };
                var body = PublicJson.Write(writer =>
                    PublicJson.WriteItem(writer, document.ToJsonString(), preview.ImageIds, preview.DownloadIds,
                        new ItemShape(siteInfo.Slug, null, include, preview.Files)));
                return new PublicAnswer
                {
                    ContentType = PublicAnswer.JsonType,
                    Body = body,
                    LastModified = preview.UpdatedAt,
                    Cacheable = false,
                    Private = true,
                };
            })
            .WithQueryParameters(P.Token, P.Include)
            .WithName("PublicPreviewItem").WithSummary("Vorschau eines Entwurfs mit Vorschau-Token (Cache-Control: private, no-store)")
            .WithDescription("Das Token erzeugt die Redaktion mit POST /api/content/items/{id}/preview-token; es gilt 15 Minuten. "
                + "Fehlt es oder ist es abgelaufen: 401; ist es verändert oder für einen anderen Inhalt: 403.")
            .ProducesPublicJson<JsonObject>().ProducesProblem(StatusCodes.Status403Forbidden);
}
