using System.Text.Json;
using System.Text.Json.Nodes;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.Content.Items;
using Bezirksplattform.Content.Text;

namespace Bezirksplattform.Content.Publishing;

/// <summary>
/// The public representation of an item: what content.published.document holds once it is live,
/// and what a preview shows of a draft. One builder, so a preview shows exactly what publishing
/// would put on the websites.
/// </summary>
internal static class PublicDocument
{
    internal sealed record Rendered(
        JsonObject Document, string Summary, string BodyText, DateTimeOffset PublishedOn,
        IReadOnlyList<Publisher.TagRef> Tags, IReadOnlyList<Publisher.RegionRef> Regions, string[] DistrictCodes);

    public static async Task<Rendered> BuildAsync(IDbSession db, ItemRow item, ItemFields fields, DateTimeOffset now, CancellationToken ct)
    {
        var firstPublishedAt = item.FirstPublishedAt ?? now;
        var publishedOn = item.Type == ItemTypes.Article && fields.PublishedOn is { } shown ? shown : firstPublishedAt;
        var (bodyHtml, bodyText) = MarkdownText.Render(fields.Body);
        var lead = item.Type == ItemTypes.Project ? fields.Summary : fields.Teaser;
        var summary = string.IsNullOrWhiteSpace(lead) ? MarkdownText.Teaser(bodyText) : lead.Trim();

        var tags = await db.QueryAsync<Publisher.TagRef>("select slug, name from content.tags where slug = any(@slugs) order by name",
            new { slugs = fields.Tags.Select(GermanSlug.From).ToArray() }, ct);
        var regions = await db.QueryAsync<Publisher.RegionRef>(
            "select code, name, district_code, district_name from content.regions where code = any(@codes) order by code",
            new { codes = fields.RegionCodes }, ct);
        var districtCodes = fields.DistrictCodes.Concat(regions.Select(r => r.DistrictCode)).Distinct().Order().ToArray();
        var districts = await db.QueryAsync<Publisher.DistrictRef>(
            "select distinct district_code as code, district_name as name from content.regions where district_code = any(@districtCodes) order by 1",
            new { districtCodes }, ct);

        var document = new JsonObject
        {
            ["id"] = item.Id,
            ["type"] = item.Type,
            ["slug"] = item.Slug,
            ["title"] = item.Title,
            ["summary"] = summary,
            ["bodyHtml"] = bodyHtml,
            ["publishedAt"] = JsonSerializer.SerializeToNode(publishedOn, PlatformJson.Options),
            ["updatedAt"] = JsonSerializer.SerializeToNode(now, PlatformJson.Options),
            ["tags"] = JsonSerializer.SerializeToNode(tags, PlatformJson.Options),
            ["districts"] = JsonSerializer.SerializeToNode(districts, PlatformJson.Options),
            ["regions"] = JsonSerializer.SerializeToNode(regions.Select(r => new { r.Code, r.Name, r.DistrictCode }), PlatformJson.Options),
            ["imageIds"] = JsonSerializer.SerializeToNode(fields.ImageIds, PlatformJson.Options),
            ["downloadIds"] = JsonSerializer.SerializeToNode(fields.DownloadIds, PlatformJson.Options),
        };
        if (item.Type == ItemTypes.Article)
        {
            document["source"] = fields.Source;
            document["author"] = fields.Author;
        }

        if (item.Type == ItemTypes.Project)
        {
            document["periodStart"] = JsonSerializer.SerializeToNode(fields.PeriodStart, PlatformJson.Options);
            document["periodEnd"] = JsonSerializer.SerializeToNode(fields.PeriodEnd, PlatformJson.Options);
            document["projectStatus"] = fields.ProjectStatus;
            document["fundingProgramme"] = fields.FundingProgramme;
            document["budgetCents"] = fields.BudgetCents;
            document["leadOrganisation"] = JsonSerializer.SerializeToNode(fields.LeadOrganisation, PlatformJson.Options);
            document["partnerOrganisations"] = JsonSerializer.SerializeToNode(fields.PartnerOrganisations, PlatformJson.Options);
            document["contact"] = JsonSerializer.SerializeToNode(fields.Contact, PlatformJson.Options);
        }

        return new Rendered(document, summary, bodyText, publishedOn, tags, regions, districtCodes);
    }
}
