using Bezirksplattform.Reporting.Documents;

namespace Bezirksplattform.UnitTests.Reporting;

/// <summary>Small hand-made documents for the renderer tests.</summary>
internal static class ReportSamples
{
    public static readonly ReportPeriod Q3 = new("2026-Q3", "3. Quartal 2026", new DateOnly(2026, 7, 1), new DateOnly(2026, 9, 30));

    // 04:00 UTC on 5 October is 06:00 in Berlin (summer time until 25 October).
    public static readonly DateTimeOffset GeneratedAt = new(2026, 10, 5, 4, 0, 0, TimeSpan.Zero);

    public static ReportDocument Document(bool forPublication, params ReportSection[] sections) =>
        new("quarterly-funder", "Quartalsbericht für Fördermittelgeber", Q3, forPublication, GeneratedAt, sections);

    public static ReportSection Section(string key, string title, params ReportTable[] tables) => new(key, title, tables);

    public static ReportRow Row(string key, string label, params ReportValue[] values) => new(key, label, values);

    /// <summary>One count column "Beratungen", charted, one row per value.</summary>
    public static ReportTable CountsTable(string key, params (string Label, ReportValue Value)[] rows) =>
        new(key, "Beratungen nach Bezirk", [new ReportColumn("consultations", "Beratungen")],
            rows.Select((r, i) => Row($"r{i + 1}", r.Label, r.Value)).ToList(),
            new ReportChart("bars", "consultations", "Beratungen je Bezirk"));
}
