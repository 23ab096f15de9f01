namespace Bezirksplattform.Content.Files;

/// <summary>
/// When the public API may show a file: only if a published row of that site refers to it.
/// content.published holds live versions only, so a file used by drafts alone stays invisible.
/// </summary>
internal static class PublishedFiles
{
    /// <summary>Condition on <c>content.files f</c> with parameter <c>@Site</c> (the site's slug).</summary>
    public const string DownloadIsPublished = """
        f.kind = 'download' and exists (
            select 1 from content.published p join content.sites s on s.id = p.site_id
            where s.slug = @Site and p.download_ids @> array[f.id])
        """;

    /// <inheritdoc cref="DownloadIsPublished"/>
    public const string ImageIsPublished = """
        f.kind = 'image' and exists (
            select 1 from content.published p join content.sites s on s.id = p.site_id
            where s.slug = @Site and p.image_ids @> array[f.id])
        """;

    public const string NotPublished = "Diese Datei ist auf dieser Website nicht veröffentlicht.";
}
