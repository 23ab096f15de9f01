using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Content.Items;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.ListItems;

internal sealed record ItemSummary(Guid Id, string Type, string Status, int Version, string Title, string Slug,
    DateTimeOffset? PublishAt, DateTimeOffset? UnpublishAt, bool HasUnpublishedChanges, DateTimeOffset UpdatedAt);

internal sealed record ItemPage(IReadOnlyList<ItemSummary> Items, int Page, int PageSize, long Total);

internal sealed record ListItemsQuery(string? Type, string? Status, string? Site, string? Q, int Page, int PageSize) : IQuery<ItemPage>;

internal sealed class ListItemsHandler(IDbSession db) : IRequestHandler<ListItemsQuery, ItemPage>
{
    public async Task<ItemPage> Handle(ListItemsQuery request, CancellationToken ct)
    {
        const string Where =
            """
            from content.items i
            where (@Type::text is null or i.type = @Type)
              and (@Status::text is null or i.status = @Status)
              and (@Site::text is null or exists (select 1 from content.sites s where s.slug = @Site and s.id = any(i.site_ids)))
              and (@Q::text is null or i.title ilike '%' || @Q || '%')
            """;
        var items = await db.QueryAsync<ItemSummary>(
            $"""
            select i.id, i.type, i.status, i.version, i.title, i.slug, i.publish_at, i.unpublish_at,
                   (i.live_item_version is not null and i.live_item_version <> i.version) as has_unpublished_changes, i.updated_at
            {Where}
            order by i.updated_at desc, i.id
            limit @PageSize offset @Offset
            """, new { request.Type, request.Status, request.Site, request.Q, request.PageSize, Offset = (request.Page - 1) * request.PageSize }, ct);
        var total = await db.ExecuteScalarAsync<long>($"select count(*) {Where}", request, ct);
        return new ItemPage(items, request.Page, request.PageSize, total);
    }
}

internal static class ListItemsEndpoint
{
    private static readonly string[] Statuses =
        [ItemStatuses.Draft, ItemStatuses.InReview, ItemStatuses.Published, ItemStatuses.Unpublished, ItemStatuses.Archived];

    public static void MapListItems(this IEndpointRouteBuilder content) =>
        content.MapGet("/items", async (string? type, string? status, string? site, string? q, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
            {
                if (type is not null && !ItemTypes.ByRoute.Values.Contains(type))
                    throw new FieldProblemException("type", $"Erlaubt: {string.Join(", ", ItemTypes.ByRoute.Values)}.");
                if (status is not null && !Statuses.Contains(status))
                    throw new FieldProblemException("status", $"Erlaubt: {string.Join(", ", Statuses)}.");
                if (page is < 1) throw new FieldProblemException("page", "Ab 1.");
                if (pageSize is < 1 or > 100) throw new FieldProblemException("pageSize", "1 bis 100.");
                return Results.Ok(await mediator.Send(new ListItemsQuery(type, status, site, string.IsNullOrWhiteSpace(q) ? null : q.Trim(), page ?? 1, pageSize ?? 25), ct));
            })
            .WithName("ListContentItems").WithSummary("Inhalte aller Arten mit Status, neueste Änderung zuerst")
            .Produces<ItemPage>();
}
