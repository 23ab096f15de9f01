using System.Globalization;
using System.Text;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Reporting.Documents;

namespace Bezirksplattform.Reporting.Rendering;

/// <summary>
/// A printable German report: one self-contained HTML file (inline CSS and SVG, no script, no
/// external assets) so that it prints the same offline and years later. A4 print CSS, a page
/// break before each section but the first, tables and charts kept whole, black and white only.
/// Everything from the document is HTML-encoded.
/// </summary>
internal sealed class HtmlReportRenderer : IReportRenderer
{
    /// <summary>
    /// Shown instead of a withheld value. Not "&lt;5": besides counts of 1–4, a second cell that
    /// would let a reader work them out is withheld too, and that one may be large.
    /// </summary>
    public const string SuppressedMarker = "*";

    public const string SuppressedLegend =
        "Kleine Zahlen (1–4) werden nicht veröffentlicht, ebenso ein weiterer Wert, aus dem sie sich errechnen ließen.";

    public string Extension => "html";

    public string ContentType => "text/html; charset=utf-8";

    public byte[] Render(ReportDocument document)
    {
        var html = new StringBuilder(16 * 1024);
        var title = $"{document.Title} – {document.Period.Label}";
        html.Append("<!DOCTYPE html>\n<html lang=\"de\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
            .Append(Encode(title)).Append("</title>\n<style>").Append(Css).Append("</style>\n</head>\n<body>\n");

        AppendHead(html, document);
        for (var s = 0; s < document.Sections.Count; s++)
            AppendSection(html, document.Sections[s], s + 1);

        html.Append("<footer class=\"report-foot\">").Append(Encode(title))
            .Append(" · Prüfsumme <code>").Append(ReportJson.ContentHash(document)).Append("</code></footer>\n");
        html.Append("</body>\n</html>\n");
        return Encoding.UTF8.GetBytes(html.ToString());
    }

    private static void AppendHead(StringBuilder html, ReportDocument document)
    {
        var period = document.Period;
        var generated = document.GeneratedAt.ToBerlin();
        html.Append("<header class=\"report-head\">\n")
            .Append(document.ForPublication
                ? "<p class=\"badge badge-public\">Zur Veröffentlichung</p>\n"
                : "<p class=\"badge badge-internal\">Intern – nicht zur Veröffentlichung</p>\n")
            .Append("<h1>").Append(Encode(document.Title)).Append("</h1>\n<dl class=\"meta\">\n")
            .Append("<dt>Zeitraum</dt><dd>").Append(Encode(period.Label)).Append(" (")
            .Append(Date(period.From)).Append(" – ").Append(Date(period.To)).Append(")</dd>\n")
            .Append("<dt>Erstellt</dt><dd>")
            .Append(generated.ToString("dd.MM.yyyy', 'HH:mm' Uhr'", CultureInfo.InvariantCulture)).Append("</dd>\n")
            .Append("<dt>Prüfsumme (SHA-256)</dt><dd><code>").Append(ReportJson.ContentHash(document)).Append("</code></dd>\n")
            .Append("</dl>\n");
        if (HasSuppressedValues(document))
            html.Append("<p class=\"legend\"><strong>").Append(SuppressedMarker).Append("</strong> ")
                .Append(Encode(SuppressedLegend)).Append("</p>\n");
        html.Append("</header>\n");
    }

    private static void AppendSection(StringBuilder html, ReportSection section, int sectionNumber)
    {
        html.Append("<section class=\"report-section\">\n<h2>").Append(Encode(section.Title)).Append("</h2>\n");
        if (section.Note is { } note)
            html.Append("<p class=\"note\">").Append(Encode(note)).Append("</p>\n");
        for (var t = 0; t < section.Tables.Count; t++)
        {
            var table = section.Tables[t];
            html.Append("<div class=\"table-block\">\n<h3>").Append(Encode(table.Title)).Append("</h3>\n");
            AppendTable(html, table);
            if (table.Chart is { } chart)
                BarChartSvg.Append(html, table, chart, $"chart-{sectionNumber}-{t + 1}");
            if (table.Note is { } tableNote)
                html.Append("<p class=\"note\">").Append(Encode(tableNote)).Append("</p>\n");
            html.Append("</div>\n");
        }

        html.Append("</section>\n");
    }

    private static void AppendTable(StringBuilder html, ReportTable table)
    {
        html.Append("<table>\n<thead><tr><th scope=\"col\"><span class=\"visually-hidden\">Merkmal</span></th>");
        foreach (var column in table.Columns)
            html.Append("<th scope=\"col\" class=\"num\">").Append(Encode(column.Label)).Append("</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr><th scope=\"row\">").Append(Encode(row.Label)).Append("</th>");
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var value = i < row.Values.Count ? row.Values[i] : ReportValue.Withheld;
                html.Append(CellText(value, table.Columns[i].Unit) is { } text
                    ? $"<td class=\"num\">{text}</td>"
                    : $"<td class=\"num suppressed\"><abbr title=\"nicht veröffentlicht\">{SuppressedMarker}</abbr></td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    /// <summary>The formatted value, or null when withheld (whatever number a withheld value carries is never shown).</summary>
    internal static string? CellText(ReportValue value, string unit) =>
        value is { Suppressed: false, Number: { } number } ? Encode(GermanNumbers.Display(number, unit)) : null;

    private static bool HasSuppressedValues(ReportDocument document) =>
        document.Sections.Any(s => s.Tables.Any(t => t.Rows.Any(r => r.Values.Any(v => v.Suppressed || v.Number is null))));

    private static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    /// <summary>Encodes the five characters that matter in element content and quoted attributes; the rest stays readable UTF-8.</summary>
    internal static string Encode(string text)
    {
        if (text.AsSpan().IndexOfAny("&<>\"'") < 0) return text;
        var encoded = new StringBuilder(text.Length + 16);
        foreach (var c in text)
            encoded.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        return encoded.ToString();
    }

    // Black on white with greys only; print-color-adjust keeps the grey bars when browsers drop backgrounds.
    private const string Css = """

        @page { size: A4; margin: 18mm 16mm 20mm; }
        * { box-sizing: border-box; }
        body { font-family: "Source Sans 3", "Segoe UI", Arial, sans-serif; font-size: 10.5pt; line-height: 1.35; color: #000; background: #fff; max-width: 180mm; margin: 0 auto; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        h1 { font-size: 18pt; margin: 0 0 4mm; }
        h2 { font-size: 14pt; margin: 0 0 3mm; border-bottom: 0.4mm solid #000; padding-bottom: 1mm; }
        h3 { font-size: 11pt; margin: 5mm 0 2mm; }
        .badge { display: inline-block; margin: 0 0 3mm; padding: 0.5mm 2mm; font-size: 9pt; font-weight: bold; text-transform: uppercase; letter-spacing: 0.05em; }
        .badge-public { border: 0.4mm solid #000; }
        .badge-internal { border: 0.4mm dashed #000; background: #e6e6e6; }
        .meta { display: grid; grid-template-columns: max-content 1fr; gap: 1mm 4mm; margin: 0 0 4mm; }
        .meta dt { font-weight: bold; }
        .meta dd { margin: 0; }
        code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 8.5pt; word-break: break-all; }
        .legend, .note { font-size: 9pt; }
        .report-section + .report-section { break-before: page; page-break-before: always; }
        .table-block { break-inside: avoid; page-break-inside: avoid; }
        table { border-collapse: collapse; width: 100%; margin: 0 0 3mm; break-inside: avoid; page-break-inside: avoid; }
        thead { display: table-header-group; }
        th, td { border-bottom: 0.2mm solid #808080; padding: 1mm 2mm; text-align: left; vertical-align: top; }
        thead th { border-bottom: 0.4mm solid #000; }
        .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .suppressed abbr { text-decoration: none; font-weight: bold; }
        .chart { margin: 2mm 0 4mm; break-inside: avoid; page-break-inside: avoid; }
        .chart svg { width: 100%; height: auto; }
        .chart figcaption { font-size: 9pt; }
        .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        .report-foot { margin-top: 8mm; font-size: 8.5pt; border-top: 0.2mm solid #808080; padding-top: 2mm; }
        @media screen { body { padding: 12mm 0; } }

        """;
}
