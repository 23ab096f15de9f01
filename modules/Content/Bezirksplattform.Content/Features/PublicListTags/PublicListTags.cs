using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.PublicApi;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.PublicListTags;

internal sealed record PublicTag(string Slug, string Name, long Count);

internal sealed record PublicTagList(IReadOnlyList<PublicTag> Items, DateTimeOffset? LastChange);

/// <summary>
/// The tags used by the site's published items, with how many use each. Tags that only drafts
/// use are not shown (content.tags also holds those), so nothing about a draft leaks.
/// </summary>
internal sealed record PublicListTagsQuery(Guid SiteId) : IQuery<PublicTagList>;

internal sealed class PublicListTagsHandler(IDbSession db) : IRequestHandler<PublicListTagsQuery, PublicTagList>
{
    public async Task<PublicTagList> Handle(PublicListTagsQuery request, CancellationToken ct)
    {
        await using var grid = await db.QueryMultipleAsync(
            """
            select t.slug, t.name, count(*) as count
            from content.published p cross join lateral unnest(p.tag_slugs) as used(slug)
            join content.tags t on t.slug = used.slug
            where p.site_id = @SiteId
            group by t.slug, t.name
            order by t.name, t.slug;
            select c.changed_at from content.changes c where c.site_id = @SiteId order by c.seq desc limit 1;
            """, request, ct);
        var tags = (await grid.ReadAsync<PublicTag>()).ToList();
        return new PublicTagList(tags, await grid.ReadSingleOrDefaultAsync<DateTimeOffset?>());
    }
}

internal static class PublicListTagsEndpoint
{
    public static void MapPublicListTags(this IEndpointRouteBuilder site) =>
        site.MapGet("/tags", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var siteInfo = PublicSiteFeature.Of(http);
                QueryReader.For(http);
                var tags = await mediator.Send(new PublicListTagsQuery(siteInfo.Id), ct);
                // The records' own names are the wire names (camelCase through the platform's options).
                var body = JsonSerializer.SerializeToUtf8Bytes(new { items = tags.Items }, PlatformJson.Options);
                return PublicAnswer.Json(body, tags.LastChange, [], isList: true);
            })
            .CachedOnServer().WithQueryParameters()
            .WithName("PublicListTags").WithSummary("Schlagworte der veröffentlichten Inhalte einer Website, mit Anzahl")
            .WithDescription("Beispiel: `{\"items\":[{\"slug\":\"nachbarschaftsarbeit\",\"name\":\"Nachbarschaftsarbeit\",\"count\":2}]}`")
            .ProducesPublicJson<PublicTagListView>();
}

internal sealed record PublicTagListView(IReadOnlyList<PublicTag> Items);
