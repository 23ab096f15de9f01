using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.Content.Items;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.ItemVersions;

internal sealed record VersionSummary(int VersionNo, DateTimeOffset PublishedAt, Guid? PublishedBy, string Title, string Slug);

internal sealed record ListItemVersionsQuery(Guid Id) : IQuery<IReadOnlyList<VersionSummary>>;

internal sealed class ListItemVersionsHandler(IDbSession db) : IRequestHandler<ListItemVersionsQuery, IReadOnlyList<VersionSummary>>
{
    public async Task<IReadOnlyList<VersionSummary>> Handle(ListItemVersionsQuery request, CancellationToken ct)
    {
        await ItemReads.LoadAsync(db, request.Id, ct); // 404 for an unknown item
        return await db.QueryAsync<VersionSummary>(
            """
            select version_no, published_at, published_by, snapshot->>'title' as title, snapshot->>'slug' as slug
            from content.item_versions where item_id = @Id order by version_no desc
            """, request, ct);
    }
}

/// <summary>
/// Brings back a published version as the new draft. The live version is untouched until the
/// restored draft is published itself; the stored versions never change.
/// </summary>
internal sealed record RestoreItemVersionCommand(Guid Id, int VersionNo, Guid ActorId) : ICommand<ItemView>;

internal sealed class RestoreItemVersionHandler(IDbSession db, TimeProvider clock) : IRequestHandler<RestoreItemVersionCommand, ItemView>
{
    public async Task<ItemView> Handle(RestoreItemVersionCommand request, CancellationToken ct)
    {
        var item = await ItemReads.LoadAsync(db, request.Id, ct, forUpdate: true);
        var snapshot = await db.QuerySingleOrDefaultAsync<string>(
            "select snapshot::text from content.item_versions where item_id = @Id and version_no = @VersionNo", request, ct)
            ?? throw new NotFoundException($"Version {request.VersionNo} gibt es nicht.");
        var restored = JsonSerializer.Deserialize<Snapshot>(snapshot, PlatformJson.Options)!;
        await db.ExecuteAsync(
            """
            update content.items set version = version + 1, title = @Title, slug = @Slug, site_ids = @SiteIds, fields = @fields::jsonb,
                status = case when status in ('archived', 'in_review') then 'draft' else status end,
                updated_at = @now, updated_by = @actor
            where id = @id
            """,
            new { restored.Title, restored.Slug, restored.SiteIds, fields = restored.Fields.ToJson(), now = clock.GetUtcNow(), actor = request.ActorId, id = item.Id }, ct);
        return await ItemReads.ViewAsync(db, await ItemReads.LoadAsync(db, item.Id, ct), ct);
    }

    private sealed record Snapshot(string Title, string Slug, Guid[] SiteIds, ItemFields Fields);
}

internal static class ItemVersionsEndpoints
{
    public static void MapItemVersions(this IEndpointRouteBuilder content)
    {
        content.MapGet("/items/{id:guid}/versions", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListItemVersionsQuery(id), ct)))
            .WithName("ListContentItemVersions").WithSummary("Veröffentlichte Versionen, neueste zuerst")
            .Produces<IReadOnlyList<VersionSummary>>();

        content.MapPost("/items/{id:guid}/versions/{versionNo:int}/restore", async (Guid id, int versionNo, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var item = await mediator.Send(new RestoreItemVersionCommand(id, versionNo, CurrentUser.Required(http).Id), ct);
                http.Response.Headers.ETag = ItemReads.ETagOf(item.Version);
                return Results.Ok(item);
            })
            .WithName("RestoreContentItemVersion").WithSummary("Eine Version als neuen Entwurf wiederherstellen")
            .Produces<ItemView>().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
