using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Bezirksplattform.Content.Text;

/// <summary>
/// Body text is Markdown. Raw HTML is disabled, so no tag an editor types reaches a website;
/// link and image targets are limited to http(s), mailto, tel and relative addresses, so a
/// <c>javascript:</c> URL cannot get through either.
/// </summary>
internal static class MarkdownText
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UseEmphasisExtras()
        .UsePipeTables()
        .UseAutoLinks()
        .Build();

    public static (string Html, string PlainText) Render(string markdown)
    {
        var document = Markdown.Parse(markdown ?? "", Pipeline);
        foreach (var link in document.Descendants<LinkInline>())
            if (!IsSafeUrl(link.Url)) link.Url = "#";
        foreach (var link in document.Descendants<AutolinkInline>())
            if (!IsSafeUrl(link.Url)) link.Url = "#";

        var html = document.ToHtml(Pipeline);
        var plain = Markdown.ToPlainText(markdown ?? "", Pipeline).Trim();
        return (html, NormaliseWhitespace(plain));
    }

    internal static bool IsSafeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)) return true;
        var trimmed = new string(url.Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c)).ToArray());
        var colon = trimmed.IndexOf(':');
        var slash = trimmed.IndexOfAny(['/', '?', '#']);
        if (colon < 0 || (slash >= 0 && slash < colon)) return true; // relative
        var scheme = trimmed[..colon].ToLowerInvariant();
        return scheme is "http" or "https" or "mailto" or "tel";
    }

    /// <summary>A teaser from plain text: whole words, at most <paramref name="max"/> characters.</summary>
    public static string Teaser(string plain, int max = 240)
    {
        if (plain.Length <= max) return plain;
        var cut = plain.LastIndexOf(' ', max);
        return plain[..(cut > max / 2 ? cut : max)].TrimEnd(',', ';', ':', '-', ' ') + " …";
    }

    private static string NormaliseWhitespace(string text) =>
        string.Join(' ', text.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
}
