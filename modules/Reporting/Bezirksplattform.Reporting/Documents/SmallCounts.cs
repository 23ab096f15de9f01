namespace Bezirksplattform.Reporting.Documents;

/// <summary>
/// The publication rule for counts of people that Reporting itself puts into a document (coaching
/// founders, attendances, committee members): in a report meant for publication a count from 1 to 4
/// is withheld, so that nobody can be singled out. Counselling's figures arrive already suppressed at
/// the source; budgets, sessions, projects and agreements describe no person and are never withheld.
/// Where the parts of a breakdown add up to a total printed elsewhere, <see cref="Breakdown"/> also
/// withholds a second part when only one was withheld, so the total cannot give it away.
/// </summary>
internal static class SmallCounts
{
    public const int Threshold = 5;

    public static ReportValue People(long count, bool forPublication) =>
        forPublication && count is > 0 and < Threshold ? ReportValue.Withheld : ReportValue.Of(count);

    /// <summary>Additive parts of a printed total: the small ones withheld, and when that is only one, also the smallest other non-zero part.</summary>
    public static IReadOnlyList<ReportValue> Breakdown(IReadOnlyList<long> parts, bool forPublication)
    {
        var values = parts.Select(p => People(p, forPublication)).ToArray();
        if (values.Count(v => v.Suppressed) == 1)
        {
            var second = Enumerable.Range(0, parts.Count).Where(i => !values[i].Suppressed && parts[i] > 0)
                .OrderBy(i => parts[i]).ThenBy(i => i).Cast<int?>().FirstOrDefault();
            if (second is { } i) values[i] = ReportValue.Withheld;
        }
        return values;
    }
}
