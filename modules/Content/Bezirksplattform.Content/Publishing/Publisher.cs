using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Content.Contracts;
using Bezirksplattform.Content.Items;
using Bezirksplattform.Content.Text;

namespace Bezirksplattform.Content.Publishing;

/// <summary>
/// Puts an item live and takes it off again. The editor's commands and the scheduled-transition
/// job both call this one class, so both raise exactly the same events and write the same rows.
/// Runs inside the caller's transaction; the item row must be locked (ItemReads.LoadAsync forUpdate).
/// </summary>
internal sealed class Publisher(IDbSession db, IIntegrationEventOutbox outbox)
{
    public const string ChangeChannel = "content_changes";

    public async Task PublishAsync(ItemRow item, Guid? actor, DateTimeOffset now, CancellationToken ct)
    {
        var fields = ItemFields.FromJson(item.Fields);
        var versionNo = await db.ExecuteScalarAsync<int>(
            "select coalesce(max(version_no), 0) + 1 from content.item_versions where item_id = @Id", item, ct);
        var snapshot = new { item.Type, item.Title, item.Slug, item.SiteIds, ItemVersion = item.Version, Fields = fields };
        await db.ExecuteAsync(
            """
            insert into content.item_versions (item_id, version_no, snapshot, published_at, published_by)
            values (@Id, @versionNo, @snapshot::jsonb, @now, @actor)
            """,
            new { item.Id, versionNo, snapshot = JsonSerializer.Serialize(snapshot, PlatformJson.Options), now, actor }, ct);

        var rendered = await PublicDocument.BuildAsync(db, item, fields, now, ct);
        var (document, summary, bodyText, publishedOn) = (rendered.Document, rendered.Summary, rendered.BodyText, rendered.PublishedOn);
        var (tags, districtCodes) = (rendered.Tags, rendered.DistrictCodes);

        var json = document.ToJsonString(PlatformJson.Options);
        var searchText = string.Join(' ', item.Title, summary, bodyText);
        var sites = await db.QueryAsync<SiteRef>("select id, slug from content.sites where id = any(@ids)", new { ids = item.SiteIds }, ct);

        // Sites the item was live on before but no longer belongs to lose their row.
        var dropped = await db.QueryAsync<SiteRef>(
            """
            delete from content.published p using content.sites s
            where p.item_id = @Id and p.site_id = s.id and not (p.site_id = any(@SiteIds))
            returning s.id, s.slug
            """, item, ct);
        foreach (var site in dropped) await RecordChangeAsync(site.Id, item, "delete", now, ct);

        foreach (var site in sites)
        {
            await db.ExecuteAsync(
                """
                insert into content.published (item_id, site_id, type, slug, title, published_on, updated_at, district_codes, region_codes,
                    tag_slugs, programme, project_status, period_start, period_end, image_ids, download_ids, document, search_text, search, etag)
                values (@itemId, @siteId, @type, @slug, @title, @publishedOn, @now, @districtCodes, @regionCodes,
                    @tagSlugs, @programme, @projectStatus, @periodStart, @periodEnd, @imageIds, @downloadIds, @json::jsonb, @searchText,
                    setweight(to_tsvector('german', @title), 'A') || setweight(to_tsvector('german', @summary), 'B') || to_tsvector('german', @bodyText)
                    || setweight(to_tsvector('german', @titleT), 'A') || setweight(to_tsvector('german', @summaryT), 'B') || to_tsvector('german', @bodyTextT),
                    @etag)
                on conflict (item_id, site_id) do update set
                    type = excluded.type, slug = excluded.slug, title = excluded.title, published_on = excluded.published_on,
                    updated_at = excluded.updated_at, district_codes = excluded.district_codes, region_codes = excluded.region_codes,
                    tag_slugs = excluded.tag_slugs, programme = excluded.programme, project_status = excluded.project_status,
                    period_start = excluded.period_start, period_end = excluded.period_end, image_ids = excluded.image_ids,
                    download_ids = excluded.download_ids, document = excluded.document, search_text = excluded.search_text,
                    search = excluded.search, etag = excluded.etag
                """,
                new
                {
                    itemId = item.Id, siteId = site.Id, type = item.Type, slug = item.Slug, title = item.Title, publishedOn, now,
                    districtCodes, regionCodes = fields.RegionCodes, tagSlugs = tags.Select(t => t.Slug).ToArray(),
                    programme = fields.FundingProgramme, projectStatus = fields.ProjectStatus,
                    periodStart = fields.PeriodStart, periodEnd = fields.PeriodEnd, imageIds = fields.ImageIds, downloadIds = fields.DownloadIds,
                    json, searchText, summary, bodyText,
                    titleT = GermanSlug.Transliterate(item.Title), summaryT = GermanSlug.Transliterate(summary), bodyTextT = GermanSlug.Transliterate(bodyText),
                    etag = ETag(json, site.Slug),
                }, ct);

            // The current slug; earlier ones stay and answer with redirect information.
            await db.ExecuteAsync(
                """
                update content.slugs set is_current = false where item_id = @itemId and site_id = @siteId and slug <> @slug;
                insert into content.slugs (site_id, type, slug, item_id, is_current, created_at)
                values (@siteId, @type, @slug, @itemId, true, @now)
                on conflict (site_id, type, slug) do update set item_id = excluded.item_id, is_current = true;
                """, new { itemId = item.Id, siteId = site.Id, type = item.Type, slug = item.Slug, now }, ct);
            await RecordChangeAsync(site.Id, item, "upsert", now, ct);
        }

        await db.ExecuteAsync(
            """
            update content.items set status = 'published', published_version = @versionNo, live_item_version = version,
                first_published_at = coalesce(first_published_at, @now), publish_at = null
            where id = @Id
            """, new { item.Id, versionNo, now }, ct);

        await outbox.EnqueueAsync(new ItemPublished(item.Id, item.Type, item.Slug, item.Title,
            [.. sites.Select(s => s.Slug).Order()], versionNo, IsFirstPublication: item.FirstPublishedAt is null), ct);
        await NotifyAsync(item.Id, ct);
    }

    /// <summary>Takes the item off every site; <paramref name="archive"/> also retires it.</summary>
    public async Task UnpublishAsync(ItemRow item, bool archive, DateTimeOffset now, CancellationToken ct)
    {
        var removed = await db.QueryAsync<SiteRef>(
            "delete from content.published p using content.sites s where p.item_id = @Id and p.site_id = s.id returning s.id, s.slug",
            item, ct);
        foreach (var site in removed) await RecordChangeAsync(site.Id, item, "delete", now, ct);

        await db.ExecuteAsync(
            "update content.items set status = @status, unpublish_at = null, publish_at = null where id = @Id",
            new { item.Id, status = archive ? ItemStatuses.Archived : ItemStatuses.Unpublished }, ct);

        if (removed.Count > 0)
        {
            await outbox.EnqueueAsync(new ItemUnpublished(item.Id, item.Type, item.Slug, item.Title, [.. removed.Select(s => s.Slug).Order()]), ct);
            await NotifyAsync(item.Id, ct);
        }
    }

    // The lock (held until commit) makes change rows become visible in seq order, so a change-feed
    // reader that moves past a seq never skips one that commits later.
    private Task RecordChangeAsync(Guid siteId, ItemRow item, string kind, DateTimeOffset now, CancellationToken ct) =>
        db.ExecuteAsync(
            """
            select pg_advisory_xact_lock(hashtextextended('content.changes', 0));
            insert into content.changes (site_id, item_id, type, slug, kind, changed_at) values (@siteId, @Id, @Type, @Slug, @kind, @now);
            """,
            new { siteId, item.Id, item.Type, item.Slug, kind, now }, ct);

    // Delivered to every host's listener at commit (never on rollback): they evict cached answers.
    private Task NotifyAsync(Guid itemId, CancellationToken ct) =>
        db.ExecuteAsync("select pg_notify(@channel, @payload)", new { channel = ChangeChannel, payload = itemId.ToString() }, ct);

    private static string ETag(string json, string site) =>
        "\"" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(site + "\n" + json)))[..27] + "\"";

    private sealed record SiteRef(Guid Id, string Slug);

    internal sealed record TagRef(string Slug, string Name);

    internal sealed record RegionRef(string Code, string Name, string DistrictCode, string DistrictName);

    internal sealed record DistrictRef(string Code, string Name);
}
