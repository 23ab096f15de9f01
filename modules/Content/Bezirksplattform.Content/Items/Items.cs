using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Http;

namespace Bezirksplattform.Content.Items;

internal static class ItemTypes
{
    public const string Article = "article";
    public const string Page = "page";
    public const string Project = "project";

    /// <summary>Route segment (staff and public API) → stored type.</summary>
    public static readonly IReadOnlyDictionary<string, string> ByRoute = new Dictionary<string, string>
    {
        ["articles"] = Article,
        ["pages"] = Page,
        ["projects"] = Project,
    };

    public static string RouteOf(string type) => ByRoute.First(kv => kv.Value == type).Key;
}

internal static class ItemStatuses
{
    public const string Draft = "draft";
    public const string InReview = "in_review";
    public const string Published = "published";
    public const string Unpublished = "unpublished";
    public const string Archived = "archived";
}

internal static class ProjectStatuses
{
    public static readonly string[] All = ["planned", "running", "completed"];
}

/// <summary>
/// The editable fields of an item; which apply depends on its type (validated per type).
/// Stored as JSON in content.items.fields and copied into every published snapshot.
/// </summary>
internal sealed record ItemFields
{
    public string? Teaser { get; init; }
    public string? Summary { get; init; }
    public string Body { get; init; } = "";
    /// <summary>An article's publication date as shown; defaults to the first publication.</summary>
    public DateTimeOffset? PublishedOn { get; init; }
    public string? Source { get; init; }
    public string? Author { get; init; }
    public string[] Tags { get; init; } = [];
    public string[] DistrictCodes { get; init; } = [];
    public string[] RegionCodes { get; init; } = [];
    public Guid[] ImageIds { get; init; } = [];
    public Guid[] DownloadIds { get; init; } = [];
    public DateOnly? PeriodStart { get; init; }
    public DateOnly? PeriodEnd { get; init; }
    public string? ProjectStatus { get; init; }
    public string? FundingProgramme { get; init; }
    public long? BudgetCents { get; init; }
    public OrganisationRef? LeadOrganisation { get; init; }
    public OrganisationRef[] PartnerOrganisations { get; init; } = [];
    public ContactInfo? Contact { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, PlatformJson.Options);

    public static ItemFields FromJson(string json) => JsonSerializer.Deserialize<ItemFields>(json, PlatformJson.Options) ?? new ItemFields();
}

internal sealed record OrganisationRef(string Name, string? Url);

internal sealed record ContactInfo(string? Name, string? Email, string? Phone);

/// <summary>A row of content.items.</summary>
internal sealed record ItemRow(
    Guid Id, string Type, string Status, int Version, string Title, string Slug, Guid[] SiteIds, string Fields,
    DateTimeOffset? PublishAt, DateTimeOffset? UnpublishAt, int? PublishedVersion, int? LiveItemVersion,
    DateTimeOffset? FirstPublishedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string Columns =
        "id, type, status, version, title, slug, site_ids, fields::text as fields, publish_at, unpublish_at, " +
        "published_version, live_item_version, first_published_at, created_at, updated_at";
}

/// <summary>An item as the staff API shows it.</summary>
internal sealed record ItemView(
    Guid Id, string Type, string Status, int Version, string Title, string Slug, string[] Sites, ItemFields Fields,
    DateTimeOffset? PublishAt, DateTimeOffset? UnpublishAt, int? PublishedVersion, bool HasUnpublishedChanges,
    DateTimeOffset? FirstPublishedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal static class ItemReads
{
    /// <summary>Loads an item; with <paramref name="forUpdate"/> the row stays locked until the command commits.</summary>
    public static async Task<ItemRow> LoadAsync(IDbSession db, Guid id, CancellationToken ct, bool forUpdate = false) =>
        await db.QuerySingleOrDefaultAsync<ItemRow>(
            $"select {ItemRow.Columns} from content.items where id = @id" + (forUpdate ? " for update" : ""), new { id }, ct)
        ?? throw new NotFoundException("Diesen Inhalt gibt es nicht.");

    public static async Task<ItemView> ViewAsync(IDbSession db, ItemRow row, CancellationToken ct)
    {
        var sites = await db.QueryAsync<string>("select slug from content.sites where id = any(@ids) order by slug", new { ids = row.SiteIds }, ct);
        return new ItemView(row.Id, row.Type, row.Status, row.Version, row.Title, row.Slug, [.. sites], ItemFields.FromJson(row.Fields),
            row.PublishAt, row.UnpublishAt, row.PublishedVersion,
            row.LiveItemVersion is { } live && live != row.Version, row.FirstPublishedAt, row.CreatedAt, row.UpdatedAt);
    }

    /// <summary>The staff API's ETag: the item's version, so a stale edit can be refused.</summary>
    public static string ETagOf(int version) => $"\"{version}\"";
}
