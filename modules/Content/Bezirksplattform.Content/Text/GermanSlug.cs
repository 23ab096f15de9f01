using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Bezirksplattform.Content.Text;

/// <summary>URL slugs from German titles: "Überbezirkliche Koordinierung" → "ueberbezirkliche-koordinierung".</summary>
internal static partial class GermanSlug
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Segment();

    public static bool IsValidSegment(string value) => value.Length <= 120 && Segment().IsMatch(value);

    /// <summary>A page path: segments separated by '/', e.g. bezirkskoordination/aufgaben.</summary>
    public static bool IsValidPath(string value) =>
        value.Length <= 400 && value.Split('/').All(IsValidSegment);

    /// <summary>ä→ae, ö→oe, ü→ue, ß→ss: how Germans write umlauts without them.</summary>
    public static string Transliterate(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                'ä' => "ae", 'ö' => "oe", 'ü' => "ue", 'Ä' => "Ae", 'Ö' => "Oe", 'Ü' => "Ue", 'ß' => "ss", 'ẞ' => "SS",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    public static string From(string title)
    {
        var ascii = Transliterate(title.Trim()).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(ascii.Length);
        var dash = false;
        foreach (var c in ascii)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue; // é → e
            var lower = char.ToLowerInvariant(c);
            if (lower is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                builder.Append(lower);
                dash = false;
            }
            else if (!dash && builder.Length > 0)
            {
                builder.Append('-');
                dash = true;
            }
        }

        var slug = builder.ToString().Trim('-');
        if (slug.Length > 80) slug = slug[..80].TrimEnd('-');
        return slug.Length == 0 ? "eintrag" : slug;
    }
}
