using System.Globalization;
using System.Text.RegularExpressions;
using Bezirksplattform.Reporting.Documents;

namespace Bezirksplattform.Reporting.Definitions;

/// <summary>Quarters, years and months as report periods: keys, German labels, Berlin dates (both inclusive).</summary>
internal static partial class ReportPeriods
{
    // Spelled out rather than taken from de-DE culture data, which a container without ICU lacks.
    private static readonly string[] MonthNames =
        ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"];

    // Years outside this range are typing mistakes, not reports anyone wants.
    private const int MinYear = 2000, MaxYear = 2100;

    public static ReportPeriod Quarter(int year, int quarter)
    {
        var from = new DateOnly(year, (quarter - 1) * 3 + 1, 1);
        return new ReportPeriod($"{year}-Q{quarter}", $"{quarter}. Quartal {year}", from, from.AddMonths(3).AddDays(-1));
    }

    public static ReportPeriod Year(int year) => new($"{year}", $"{year}", new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));

    public static ReportPeriod Month(int year, int month)
    {
        var from = new DateOnly(year, month, 1);
        return new ReportPeriod($"{year}-{month:00}", $"{MonthNames[month - 1]} {year}", from, from.AddMonths(1).AddDays(-1));
    }

    /// <summary>The last complete quarter before the given date.</summary>
    public static ReportPeriod PreviousQuarter(DateOnly on)
    {
        var start = new DateOnly(on.Year, (on.Month - 1) / 3 * 3 + 1, 1).AddMonths(-3);
        return Quarter(start.Year, (start.Month - 1) / 3 + 1);
    }

    public static ReportPeriod PreviousYear(DateOnly on) => Year(on.Year - 1);

    public static ReportPeriod PreviousMonth(DateOnly on)
    {
        var start = new DateOnly(on.Year, on.Month, 1).AddMonths(-1);
        return Month(start.Year, start.Month);
    }

    public static ReportPeriod? ParseQuarter(string? key) =>
        key is not null && QuarterKey().Match(key) is { Success: true } m && Year(m.Groups[1].Value) is { } y
            ? Quarter(y, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)) : null;

    public static ReportPeriod? ParseYear(string? key) =>
        key is not null && YearKey().IsMatch(key) && Year(key) is { } y ? Year(y) : null;

    public static ReportPeriod? ParseMonth(string? key) =>
        key is not null && MonthKey().Match(key) is { Success: true } m && Year(m.Groups[1].Value) is { } y
            ? Month(y, int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)) : null;

    private static int? Year(string digits) =>
        int.Parse(digits, CultureInfo.InvariantCulture) is var y and >= MinYear and <= MaxYear ? y : null;

    [GeneratedRegex(@"^([0-9]{4})-Q([1-4])$", RegexOptions.CultureInvariant)]
    private static partial Regex QuarterKey();

    [GeneratedRegex(@"^[0-9]{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex YearKey();

    [GeneratedRegex(@"^([0-9]{4})-(0[1-9]|1[0-2])$", RegexOptions.CultureInvariant)]
    private static partial Regex MonthKey();
}
