using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Content.Items;
using Bezirksplattform.Content.PublicApi;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.CreatePreviewToken;

internal sealed record PreviewTokenBody(string? Site);

internal sealed record PreviewTokenView(string Token, DateTimeOffset ExpiresAt, string Url);

/// <summary>The site a preview of the item is shown on: the one asked for (it must be one of the item's) or its first by slug.</summary>
internal sealed record FindPreviewSiteQuery(Guid ItemId, string? Site) : IQuery<string>;

internal sealed class FindPreviewSiteHandler(IDbSession db) : IRequestHandler<FindPreviewSiteQuery, string>
{
    public async Task<string> Handle(FindPreviewSiteQuery request, CancellationToken ct)
    {
        var item = await ItemReads.LoadAsync(db, request.ItemId, ct);
        var sites = await db.QueryAsync<string>("select slug from content.sites where id = any(@SiteIds) order by slug", item, ct);
        if (request.Site is null) return sites.FirstOrDefault() ?? throw new ConflictException("Der Inhalt gehört zu keiner Website.");
        return sites.Contains(request.Site)
            ? request.Site
            : throw new FieldProblemException("site", $"Der Inhalt erscheint nicht auf '{request.Site}'. Möglich: {string.Join(", ", sites)}.");
    }
}

internal static class CreatePreviewTokenEndpoint
{
    public static void MapCreatePreviewToken(this IEndpointRouteBuilder content) =>
        content.MapPost("/items/{id:guid}/preview-token", async (Guid id, PreviewTokenBody? body, HttpContext http, IMediator mediator, PreviewTokens tokens, CancellationToken ct) =>
            {
                var site = await mediator.Send(new FindPreviewSiteQuery(id, string.IsNullOrWhiteSpace(body?.Site) ? null : body.Site.Trim()), ct);
                var (token, expiresAt) = tokens.Issue(id);
                var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/api/public/v1/sites/{site}/preview/{id:D}?token={token}";
                return Results.Ok(new PreviewTokenView(token, expiresAt, url));
            })
            .Accepts<PreviewTokenBody>(isOptional: true, "application/json")
            .WithName("CreateContentPreviewToken").WithSummary("Vorschau-Token für den Entwurf erzeugen (gilt 15 Minuten)")
            .WithDescription("Antwort: {token, expiresAt, url}; url zeigt auf GET /api/public/v1/sites/{site}/preview/{id}?token=…")
            .Produces<PreviewTokenView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
}
