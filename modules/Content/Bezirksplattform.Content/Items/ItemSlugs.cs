using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.Text;

namespace Bezirksplattform.Content.Items;

/// <summary>Slugs are unique per site and type, counting former slugs that still redirect.</summary>
internal static class ItemSlugs
{
    public static async Task<bool> TakenAsync(IDbSession db, string slug, string type, Guid[] siteIds, Guid? itemId, CancellationToken ct) =>
        await db.ExecuteScalarAsync<bool>(
            """
            select exists (select 1 from content.items where type = @type and slug = @slug and site_ids && @siteIds and id is distinct from @itemId)
                or exists (select 1 from content.slugs where type = @type and slug = @slug and site_id = any(@siteIds) and item_id is distinct from @itemId)
            """, new { slug, type, siteIds, itemId }, ct);

    /// <summary>A generated slug never collides: "titel", then "titel-2", "titel-3", …</summary>
    public static async Task<string> FreeAsync(IDbSession db, string baseSlug, string type, Guid[] siteIds, Guid? itemId, CancellationToken ct)
    {
        var candidate = baseSlug;
        for (var n = 2; await TakenAsync(db, candidate, type, siteIds, itemId, ct); n++) candidate = $"{baseSlug}-{n}";
        return candidate;
    }
}

internal static class ItemTags
{
    /// <summary>Trims, drops duplicates (by slug) and registers tags not yet known, so the public API can name them.</summary>
    public static async Task<string[]> RegisterAsync(IDbSession db, IEnumerable<string> tags, CancellationToken ct)
    {
        var distinct = tags.Select(t => t.Trim()).DistinctBy(GermanSlug.From).ToArray();
        foreach (var tag in distinct)
            await db.ExecuteAsync("insert into content.tags (slug, name) values (@slug, @tag) on conflict (slug) do nothing",
                new { slug = GermanSlug.From(tag), tag }, ct);
        return distinct;
    }
}
