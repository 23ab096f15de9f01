using System.Globalization;
using System.Text;
using Bezirksplattform.Reporting.Documents;

namespace Bezirksplattform.Reporting.Rendering;

/// <summary>
/// Long-format CSV, one line per value, for German Excel: UTF-8 with BOM (else Excel guesses
/// Windows-1252 and breaks umlauts), <c>;</c> as separator (Excel's list separator under German
/// regional settings, so a double click opens it in columns), RFC 4180 quoting, CRLF.
/// The layout is documented in docs/reporting/downloads.md; change both together.
/// </summary>
internal sealed class CsvReportRenderer : IReportRenderer
{
    public const char Separator = ';';

    public static readonly string[] Header =
        ["section", "table", "row_key", "row_label", "column_key", "column_label", "unit", "value", "suppressed", "value_eur"];

    public string Extension => "csv";

    public string ContentType => "text/csv; charset=utf-8";

    public byte[] Render(ReportDocument document)
    {
        var csv = new StringBuilder();
        AppendLine(csv, Header);
        foreach (var section in document.Sections)
        foreach (var table in section.Tables)
        foreach (var row in table.Rows)
        {
            for (var i = 0; i < table.Columns.Count; i++)
            {
                var column = table.Columns[i];
                var value = i < row.Values.Count ? row.Values[i] : ReportValue.Withheld;
                // A withheld value leaves both number columns empty: the file must not carry it.
                var number = value.Suppressed ? null : value.Number;
                AppendLine(csv,
                [
                    Text(section.Key), Text(table.Key), Text(row.Key), Text(row.Label), Text(column.Key), Text(column.Label),
                    column.Unit,
                    number?.ToString(CultureInfo.InvariantCulture) ?? "",
                    value.Suppressed ? "1" : "0",
                    number is { } cents && column.Unit == ReportUnits.Cents ? GermanNumbers.EurosPlain(cents) : "",
                ]);
            }
        }

        var preamble = Encoding.UTF8.GetPreamble();
        var body = Encoding.UTF8.GetBytes(csv.ToString());
        return [.. preamble, .. body];
    }

    private static void AppendLine(StringBuilder csv, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) csv.Append(Separator);
            AppendField(csv, fields[i]);
        }

        csv.Append("\r\n");
    }

    /// <summary>RFC 4180: a field with separator, quote, CR or LF is quoted, quotes doubled.</summary>
    private static void AppendField(StringBuilder csv, string field)
    {
        if (field.AsSpan().IndexOfAny(";\"\r\n") < 0)
        {
            csv.Append(field);
            return;
        }

        csv.Append('"').Append(field.Replace("\"", "\"\"")).Append('"');
    }

    /// <summary>
    /// Labels come from data staff typed in (project and programme names). Excel runs a cell that
    /// starts with = + - @ (or tab/CR) as a formula, so such text gets a leading apostrophe.
    /// </summary>
    private static string Text(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
}
