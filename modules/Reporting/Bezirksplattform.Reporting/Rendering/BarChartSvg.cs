using System.Globalization;
using System.Text;
using Bezirksplattform.Reporting.Documents;

namespace Bezirksplattform.Reporting.Rendering;

/// <summary>
/// A horizontal bar chart as inline SVG: one bar per table row for the chart's column. Horizontal,
/// because row labels (districts, topics, programmes) are long and stay readable beside the bars.
/// A single dark grey with a black outline prints on any printer; a withheld value draws no bar,
/// only the marker, so the chart reveals no more than the table.
/// </summary>
internal static class BarChartSvg
{
    public const int Width = 640;
    public const int LabelWidth = 220;
    public const int BarArea = 300; // leaves 114 px after the longest bar for a value such as "1.234.567,89 €"
    public const int RowHeight = 24;
    public const int BarHeight = 16;
    private const int Padding = 8;
    private const int MaxLabelLength = 34;

    public static void Append(StringBuilder html, ReportTable table, ReportChart chart, string id)
    {
        var columnIndex = IndexOf(table.Columns, chart.ColumnKey);
        if (columnIndex < 0) return; // a chart of a column the table lacks: the table alone still says everything
        var unit = table.Columns[columnIndex].Unit;
        var values = table.Rows.Select(r => columnIndex < r.Values.Count ? r.Values[columnIndex] : ReportValue.Withheld).ToList();
        var numbers = values.Select(v => v is { Suppressed: false, Number: { } n } ? n : (long?)null).ToList();
        // Bars are scaled to the largest shown value; with nothing above zero every bar is empty (no division by zero).
        var max = numbers.Where(n => n > 0).Select(n => n!.Value).DefaultIfEmpty(0).Max();

        var height = Padding * 2 + table.Rows.Count * RowHeight;
        var title = HtmlReportRenderer.Encode(chart.Title);
        html.Append("<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"")
            .Append(id).Append("-title ").Append(id).Append("-desc\" viewBox=\"0 0 ").Append(Width).Append(' ').Append(height)
            .Append("\" width=\"").Append(Width).Append("\" height=\"").Append(height).Append("\" font-size=\"11\">\n")
            .Append("<title id=\"").Append(id).Append("-title\">").Append(title).Append("</title>\n")
            .Append("<desc id=\"").Append(id).Append("-desc\">")
            .Append(string.Join("; ", table.Rows.Select((r, i) =>
                HtmlReportRenderer.Encode(r.Label) + ": " + (numbers[i] is { } n ? HtmlReportRenderer.Encode(GermanNumbers.Display(n, unit)) : "nicht veröffentlicht"))))
            .Append("</desc>\n");

        for (var i = 0; i < table.Rows.Count; i++)
        {
            var row = table.Rows[i];
            var top = Padding + i * RowHeight;
            var textY = Num(top + RowHeight / 2.0 + 4);
            html.Append("<g class=\"bar-row\"><title>").Append(HtmlReportRenderer.Encode(row.Label)).Append("</title>")
                .Append("<text x=\"").Append(LabelWidth - 6).Append("\" y=\"").Append(textY).Append("\" text-anchor=\"end\">")
                .Append(HtmlReportRenderer.Encode(Shorten(row.Label))).Append("</text>");
            if (numbers[i] is { } number)
            {
                var length = max > 0 && number > 0 ? (double)number / max * BarArea : 0;
                html.Append("<rect class=\"bar\" x=\"").Append(LabelWidth).Append("\" y=\"").Append(Num(top + (RowHeight - BarHeight) / 2.0))
                    .Append("\" width=\"").Append(Num(length)).Append("\" height=\"").Append(BarHeight)
                    .Append("\" fill=\"#4d4d4d\" stroke=\"#000\" stroke-width=\"0.5\"/>")
                    .Append("<text x=\"").Append(Num(LabelWidth + length + 6)).Append("\" y=\"").Append(textY).Append("\">")
                    .Append(HtmlReportRenderer.Encode(GermanNumbers.Display(number, unit))).Append("</text>");
            }
            else
            {
                html.Append("<text x=\"").Append(LabelWidth + 6).Append("\" y=\"").Append(textY).Append("\" font-weight=\"bold\">")
                    .Append(HtmlReportRenderer.SuppressedMarker).Append("</text>");
            }

            html.Append("</g>\n");
        }

        html.Append("<line x1=\"").Append(LabelWidth).Append("\" y1=\"").Append(Padding / 2).Append("\" x2=\"").Append(LabelWidth)
            .Append("\" y2=\"").Append(height - Padding / 2).Append("\" stroke=\"#000\" stroke-width=\"1\"/>\n")
            .Append("</svg>\n<figcaption>").Append(title).Append("</figcaption>\n</figure>\n");
    }

    private static int IndexOf(IReadOnlyList<ReportColumn> columns, string key)
    {
        for (var i = 0; i < columns.Count; i++)
            if (columns[i].Key == key) return i;
        return -1;
    }

    private static string Shorten(string label) => label.Length <= MaxLabelLength ? label : label[..(MaxLabelLength - 1)] + "…";

    private static string Num(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
