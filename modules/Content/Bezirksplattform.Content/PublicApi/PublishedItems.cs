using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.Items;
using Bezirksplattform.Content.Text;
using Npgsql;

namespace Bezirksplattform.Content.PublicApi;

/// <summary>Filters over content.published (the only table the public lists read); null means "no filter".</summary>
internal sealed record PublishedFilter(Guid SiteId, string[] Types)
{
    public string[]? Tags { get; init; }
    public string[]? Districts { get; init; }
    public string[]? Regions { get; init; }
    public DateTimeOffset? From { get; init; }
    public DateTimeOffset? ToExclusive { get; init; }
    public string? Programme { get; init; }
    public string[]? Statuses { get; init; }
    public string? Q { get; init; }

    /// <summary>Identifies the query a cursor belongs to.</summary>
    public string Fingerprint(string sort) =>
        PublicCursor.FingerprintOf(string.Join(',', Types), Tags, Districts, Regions, From, ToExclusive, Programme, Statuses, Q, sort);
}

internal sealed record PageRequest(string Sort, int Page, int PageSize, PublicCursor? Cursor);

/// <summary>Which references to resolve into objects (depth 1).</summary>
internal sealed record Includes(bool Images, bool Downloads)
{
    public static readonly IReadOnlyList<string> Allowed = ["images", "downloads"];
    public static readonly Includes None = new(false, false);

    public bool Any => Images || Downloads;

    public static Includes From(QueryReader query) =>
        query.Subset("include", Allowed) is { } parts ? new(parts.Contains("images"), parts.Contains("downloads")) : None;
}

/// <summary>A row of content.published as the lists read it.</summary>
internal sealed class PublishedRow
{
    public Guid ItemId { get; set; }
    public string Type { get; set; } = "";
    public string Slug { get; set; } = "";
    public string Title { get; set; } = "";
    public DateTimeOffset PublishedOn { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public Guid[] ImageIds { get; set; } = [];
    public Guid[] DownloadIds { get; set; } = [];
    public string Document { get; set; } = "{}";
    public float? Rank { get; set; }
    public string? Snippet { get; set; }

    public IEnumerable<Guid> DependsOn => [ItemId, .. ImageIds, .. DownloadIds];
}

/// <summary>A file (image or download) as an include shows it; read from content.files.</summary>
internal sealed class PublicFile
{
    public Guid Id { get; set; }
    public string? Kind { get; set; }
    public string? FileName { get; set; }
    public string? MediaType { get; set; }
    public long? SizeBytes { get; set; }
    public object? Sha256 { get; set; }
    public string? Title { get; set; }
    public string? AltText { get; set; }
    public bool? Decorative { get; set; }
    public string? Caption { get; set; }
    public string? CreditAuthor { get; set; }
    public string? CreditLicence { get; set; }
    public double? FocalX { get; set; }
    public double? FocalY { get; set; }
    public string? Language { get; set; }
}

internal sealed record PublishedPage(
    IReadOnlyList<PublishedRow> Rows, long Total, bool HasMore, DateTimeOffset? LastChange, IReadOnlyDictionary<Guid, PublicFile> Files)
{
    public DateTimeOffset? LastModified =>
        Rows.Select(r => (DateTimeOffset?)r.UpdatedAt).Append(LastChange).Max();
}

/// <summary>
/// Reads pages of published items. A page costs one round trip (count, last change and rows in one
/// command) plus, with include, one more for all referenced files, whatever the page size.
/// </summary>
internal static class PublishedItems
{
    public static readonly string[] ListSorts = ["-publishedAt", "publishedAt", "title", "-title"];
    public static readonly string[] SearchSorts = ["relevance", "-publishedAt", "publishedAt", "title", "-title"];

    /// <summary>ts_headline marks matches with private-use characters; the text is escaped before they become &lt;mark&gt;.</summary>
    private const string HeadlineOptions = "StartSel=\uE000, StopSel=\uE001, MaxFragments=2, MaxWords=30, MinWords=12";

    public static async Task<PublishedPage> LoadPageAsync(
        IDbSession db, PublishedFilter filter, PageRequest page, bool snippets, Includes includes, CancellationToken ct)
    {
        var (sql, args) = PageQuery(filter, page, snippets);
        long total;
        DateTimeOffset? lastChange;
        List<PublishedRow> rows;
        await using (var grid = await db.QueryMultipleAsync(sql, args, ct))
        {
            total = await grid.ReadSingleAsync<long>();
            lastChange = await grid.ReadSingleOrDefaultAsync<DateTimeOffset?>();
            rows = (await grid.ReadAsync<PublishedRow>()).ToList();
        }

        var hasMore = rows.Count > page.PageSize;
        if (hasMore) rows.RemoveAt(rows.Count - 1);
        foreach (var row in rows.Where(r => r.Snippet is not null)) row.Snippet = MarkSnippet(row.Snippet!);

        var files = await LoadFilesAsync(db, FileIds(rows, includes), ct);
        return new PublishedPage(rows, total, hasMore, lastChange, files);
    }

    /// <summary>The page's SQL (count, last change, rows) and its arguments; also run by the benchmark's ceiling endpoint.</summary>
    public static (string Sql, object Args) PageQuery(PublishedFilter filter, PageRequest page, bool snippets)
    {
        // One type (every list) as plain equality: with "= any(array)" PostgreSQL 15 cannot walk the
        // index published_newest in order and sorts every matching row instead (14 ms → 0.08 ms at 10,000 rows).
        var where = new List<string> { "p.site_id = @SiteId", filter.Types.Length == 1 ? "p.type = @Type" : "p.type = any(@Types)" };
        var join = "";
        if (filter.Tags is not null) where.Add("p.tag_slugs && @Tags");
        if (filter.Districts is not null) where.Add("p.district_codes && @Districts");
        if (filter.Regions is not null) where.Add("p.region_codes && @Regions");
        if (filter.From is not null) where.Add("p.published_on >= @From");
        if (filter.ToExclusive is not null) where.Add("p.published_on < @ToExclusive");
        if (filter.Programme is not null) where.Add("p.programme = @Programme");
        if (filter.Statuses is not null) where.Add("p.project_status = any(@Statuses)");
        if (filter.Q is not null)
        {
            // The stored vector holds the text and its ae/oe/ue transliteration; the query is tried as
            // typed and transliterated. Snippets mark both spellings in the original text.
            join = """
                 cross join (select websearch_to_tsquery('german', @Q) || websearch_to_tsquery('german', @QAscii) as match,
                     websearch_to_tsquery('german', @Q) || websearch_to_tsquery('german', @QAscii) || websearch_to_tsquery('german', @QUmlauts) as mark) q
                """;
            where.Add("p.search @@ q.match");
        }

        const string Rank = "ts_rank(p.search, q.match)";
        // Keyset paging: the sort key, then the item id as tie-breaker. The date orders run along the
        // index published_newest (site_id, type, published_on desc, item_id), forwards or backwards.
        var (order, keyset) = page.Sort switch
        {
            "publishedAt" => ("published_on, item_id desc",
                "(p.published_on > @CursorTime or (p.published_on = @CursorTime and p.item_id < @CursorId))"),
            "title" => ("title, item_id", "(p.title, p.item_id) > (@CursorTitle, @CursorId)"),
            "-title" => ("title desc, item_id desc", "(p.title, p.item_id) < (@CursorTitle, @CursorId)"),
            "relevance" => ("rank desc, item_id", $"(-{Rank}, p.item_id) > (-@CursorRank, @CursorId)"),
            _ => ("published_on desc, item_id",
                "(p.published_on < @CursorTime or (p.published_on = @CursorTime and p.item_id > @CursorId))"),
        };
        var whereSql = string.Join(" and ", where);
        var pageWhere = page.Cursor is null ? whereSql : whereSql + " and " + keyset;
        var rankSql = filter.Q is not null ? Rank : "null::real";
        var snippetSql = filter.Q is not null && snippets ? "ts_headline('german', d.search_text, q.mark, @HeadlineOptions)" : "null::text";

        // The page is chosen on narrow rows (keys only); documents and snippets are read for the
        // chosen rows alone, so a deep page costs no rendering of the rows it skips.
        var sql = $"""
            select count(*) from content.published p{join} where {whereSql};
            select c.changed_at from content.changes c where c.site_id = @SiteId order by c.seq desc limit 1;
            select d.item_id, d.type, d.slug, d.title, d.published_on, d.updated_at, d.image_ids, d.download_ids,
                   d.document::text as document, page.rank, {snippetSql} as snippet
            from (
                select p.item_id, p.published_on, p.title, {rankSql} as rank
                from content.published p{join}
                where {pageWhere}
                order by {Prefixed(order, "p.", Rank)}
                limit @Limit offset @Offset
            ) page
            join content.published d on d.item_id = page.item_id and d.site_id = @SiteId{join}
            order by {Prefixed(order, "page.", "page.rank")}
            """;
        var args = new
        {
            filter.SiteId, filter.Types, Type = filter.Types.FirstOrDefault(), filter.Tags, filter.Districts, filter.Regions, filter.From, filter.ToExclusive,
            filter.Programme, filter.Statuses, filter.Q,
            QAscii = filter.Q is null ? null : GermanSlug.Transliterate(filter.Q),
            QUmlauts = filter.Q is null ? null : Umlauts(filter.Q),
            HeadlineOptions,
            CursorTime = page.Cursor?.PublishedOn, CursorTitle = page.Cursor?.Title, CursorRank = page.Cursor?.Rank, CursorId = page.Cursor?.Id,
            Limit = page.PageSize + 1,
            Offset = page.Cursor is null ? (long)(page.Page - 1) * page.PageSize : 0L,
        };
        return (sql, args);
    }

    public static string? NextCursor(PublishedPage page, PageRequest request, string fingerprint)
    {
        if (!page.HasMore || page.Rows.Count == 0) return null;
        var last = page.Rows[^1];
        return new PublicCursor(request.Sort, last.PublishedOn.UtcTicks, last.Title, last.Rank, last.ItemId, fingerprint).Encode();
    }

    public static IEnumerable<Guid> FileIds(IEnumerable<PublishedRow> rows, Includes includes) =>
        rows.SelectMany(r => (includes.Images ? r.ImageIds : []).Concat(includes.Downloads ? r.DownloadIds : [])).Distinct();

    /// <summary>All referenced files in one round trip. Until content.files exists, nothing resolves.</summary>
    public static async Task<IReadOnlyDictionary<Guid, PublicFile>> LoadFilesAsync(IDbSession db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToArray();
        if (wanted.Length == 0) return new Dictionary<Guid, PublicFile>();
        try
        {
            var files = await db.QueryAsync<PublicFile>(
                """
                select id, kind, file_name, media_type, size_bytes::bigint as size_bytes, sha256, title, alt_text, decorative, caption,
                       credit_author, credit_licence, focal_x::float8 as focal_x, focal_y::float8 as focal_y, language
                from content.files where id = any(@wanted)
                """, new { wanted }, ct);
            return files.ToDictionary(f => f.Id);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return new Dictionary<Guid, PublicFile>();
        }
    }

    /// <summary>"published_on desc, item_id" → "p.published_on desc, p.item_id"; rank becomes its expression.</summary>
    private static string Prefixed(string order, string prefix, string rank) =>
        string.Join(", ", order.Split(", ").Select(part => part.StartsWith("rank", StringComparison.Ordinal) ? rank + part[4..] : prefix + part));

    /// <summary>ae→ä, oe→ö, ue→ü: so that a query typed without umlauts also marks the words written with them.</summary>
    private static string Umlauts(string text) =>
        text.Replace("ae", "ä", StringComparison.Ordinal).Replace("oe", "ö", StringComparison.Ordinal).Replace("ue", "ü", StringComparison.Ordinal)
            .Replace("Ae", "Ä", StringComparison.Ordinal).Replace("Oe", "Ö", StringComparison.Ordinal).Replace("Ue", "Ü", StringComparison.Ordinal);

    /// <summary>The snippet is plain text: escape it, then turn the markers into &lt;mark&gt;.</summary>
    private static string MarkSnippet(string headline)
    {
        var builder = new System.Text.StringBuilder(headline.Length + 32);
        foreach (var c in headline)
        {
            builder.Append(c switch
            {
                '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", '"' => "&quot;", '\'' => "&#39;",
                '\uE000' => "<mark>", '\uE001' => "</mark>",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }
}

/// <summary>Which fields an item may be reduced to, by type.</summary>
internal static class PublicFields
{
    private static readonly string[] Common =
        ["id", "type", "slug", "title", "summary", "bodyHtml", "publishedAt", "updatedAt", "tags", "districts", "regions", "imageIds", "downloadIds"];

    public static readonly string[] Article = [.. Common, "source", "author"];
    public static readonly string[] Page = Common;
    public static readonly string[] Project =
        [.. Common, "periodStart", "periodEnd", "projectStatus", "fundingProgramme", "budgetCents", "leadOrganisation", "partnerOrganisations", "contact"];
    public static readonly string[] Search = [.. Article.Union(Project), "snippet"];

    public static string[] For(string type) => type switch
    {
        ItemTypes.Article => Article,
        ItemTypes.Project => Project,
        _ => Page,
    };
}

/// <summary>How items are written: the stored document as it is, or reduced to fields and with includes.</summary>
internal sealed record ItemShape(string Site, string[]? Fields, Includes Include, IReadOnlyDictionary<Guid, PublicFile> Files)
{
    public static ItemShape Plain(string site) => new(site, null, Includes.None, new Dictionary<Guid, PublicFile>());
}

internal static class PublicJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions)) write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    public static void WriteItem(Utf8JsonWriter writer, string document, Guid[] imageIds, Guid[] downloadIds, ItemShape shape, string? snippet = null)
    {
        var wantSnippet = snippet is not null && (shape.Fields is null || shape.Fields.Contains("snippet"));
        if (shape.Fields is null && !shape.Include.Any && !wantSnippet)
        {
            writer.WriteRawValue(document, skipInputValidation: true);
            return;
        }

        var source = JsonNode.Parse(document)!.AsObject();
        IEnumerable<string> keys = shape.Fields is null
            ? source.Select(p => p.Key).ToList()
            : ["id", .. shape.Fields.Where(f => f is not "id" and not "snippet")];
        writer.WriteStartObject();
        foreach (var key in keys)
        {
            if (!source.TryGetPropertyValue(key, out var node)) continue;
            writer.WritePropertyName(key);
            if (node is null) writer.WriteNullValue();
            else node.WriteTo(writer);
        }

        if (wantSnippet) writer.WriteString("snippet", snippet);
        if (shape.Include.Images) WriteFiles(writer, "images", imageIds, shape);
        if (shape.Include.Downloads) WriteFiles(writer, "downloads", downloadIds, shape);
        writer.WriteEndObject();
    }

    private static void WriteFiles(Utf8JsonWriter writer, string name, Guid[] ids, ItemShape shape)
    {
        writer.WriteStartArray(name);
        foreach (var id in ids)
        {
            if (!shape.Files.TryGetValue(id, out var file)) continue;
            writer.WriteStartObject();
            writer.WriteString("id", file.Id);
            writer.WriteString("kind", file.Kind);
            writer.WriteString("fileName", file.FileName);
            writer.WriteString("mediaType", file.MediaType);
            if (file.SizeBytes is { } size) writer.WriteNumber("sizeBytes", size);
            else writer.WriteNull("sizeBytes");
            writer.WriteString("sha256", file.Sha256 switch { byte[] bytes => Convert.ToHexStringLower(bytes), null => null, var other => other.ToString() });
            writer.WriteString("title", file.Title);
            writer.WriteString("altText", file.AltText);
            writer.WriteBoolean("decorative", file.Decorative ?? false);
            writer.WriteString("caption", file.Caption);
            writer.WriteStartObject("credit");
            writer.WriteString("author", file.CreditAuthor);
            writer.WriteString("licence", file.CreditLicence);
            writer.WriteEndObject();
            if (file.FocalX is { } x && file.FocalY is { } y)
            {
                writer.WriteStartObject("focalPoint");
                writer.WriteNumber("x", x);
                writer.WriteNumber("y", y);
                writer.WriteEndObject();
            }
            else
            {
                writer.WriteNull("focalPoint");
            }

            writer.WriteString("language", file.Language);
            writer.WriteString("href", $"/api/public/v1/sites/{shape.Site}/downloads/{file.Id:D}");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>The list envelope: {items, page, pageSize, total, nextCursor}.</summary>
    public static byte[] ListEnvelope(PublishedPage page, PageRequest request, string? nextCursor, ItemShape shape) =>
        Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            foreach (var row in page.Rows) WriteItem(writer, row.Document, row.ImageIds, row.DownloadIds, shape, row.Snippet);
            writer.WriteEndArray();
            if (request.Cursor is null) writer.WriteNumber("page", request.Page);
            else writer.WriteNull("page");
            writer.WriteNumber("pageSize", request.PageSize);
            writer.WriteNumber("total", page.Total);
            writer.WriteString("nextCursor", nextCursor);
            writer.WriteEndObject();
        });
}

/// <summary>The list envelope as OpenAPI shows it; items are the public documents (see the README).</summary>
internal sealed record PublicItemList(IReadOnlyList<JsonObject> Items, int? Page, int PageSize, long Total, string? NextCursor);
