namespace Bezirksplattform.Reporting.Documents;

/// <summary>
/// The figures of one report run, as frozen in its snapshot. Everything a download shows comes
/// from this record alone (never from live data), so CSV, JSON and HTML of a snapshot never change.
/// Serialised once, canonically (<see cref="ReportJson"/>), into the snapshot; the SHA-256 of those
/// bytes is the snapshot's content hash.
/// </summary>
internal sealed record ReportDocument(
    string Definition, string Title, ReportPeriod Period, bool ForPublication, DateTimeOffset GeneratedAt,
    IReadOnlyList<ReportSection> Sections);

/// <summary>Berlin calendar dates, both inclusive; Label e.g. "3. Quartal 2026", "2026", "Oktober 2026"; Key e.g. "2026-Q3", "2026", "2026-10".</summary>
internal sealed record ReportPeriod(string Key, string Label, DateOnly From, DateOnly To);

internal sealed record ReportSection(string Key, string Title, IReadOnlyList<ReportTable> Tables, string? Note = null);

/// <summary>
/// One table of figures. <c>Chart</c> asks the HTML rendering for a bar chart of one column
/// (bars per row). Keys are stable identifiers (CSV columns use them); titles and labels are German.
/// </summary>
internal sealed record ReportTable(
    string Key, string Title, IReadOnlyList<ReportColumn> Columns, IReadOnlyList<ReportRow> Rows, ReportChart? Chart = null, string? Note = null);

/// <summary>Unit: <c>count</c> (people, sessions, …) or <c>cents</c> (euro amounts in cents).</summary>
internal sealed record ReportColumn(string Key, string Label, string Unit = ReportUnits.Count);

internal sealed record ReportRow(string Key, string Label, IReadOnlyList<ReportValue> Values);

/// <summary>A value; null with <c>Suppressed</c> when a small count is withheld for publication.</summary>
internal sealed record ReportValue(long? Number, bool Suppressed = false)
{
    public static ReportValue Of(long number) => new(number);

    public static ReportValue Withheld { get; } = new(null, true);
}

/// <summary>Kind <c>bars</c>: one bar per row for the column <c>ColumnKey</c>.</summary>
internal sealed record ReportChart(string Kind, string ColumnKey, string Title);

internal static class ReportUnits
{
    public const string Count = "count";
    public const string Cents = "cents";
}
