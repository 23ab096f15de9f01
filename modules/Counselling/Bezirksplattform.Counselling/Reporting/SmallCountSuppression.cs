using Bezirksplattform.Counselling.Contracts;

namespace Bezirksplattform.Counselling.Reporting;

/// <summary>
/// Statistical disclosure control for published figures. Primary: a count from 1 to
/// <see cref="Threshold"/> − 1 (1–4) is withheld; 0 is shown (it singles nobody out). Secondary:
/// for every additive group (a total and cells that add up to it, e.g. participants and the
/// gender cells, or participants and their labour-market statuses) exactly one withheld cell could
/// be worked out by subtraction, so the smallest non-zero visible cell of that group is withheld
/// too; repeated until every group has none or at least two withheld cells (a cell may sit in
/// several groups). Figures not meant for publication are never suppressed.
/// </summary>
internal sealed class SmallCountSuppression
{
    public const int Threshold = 5;

    private readonly Dictionary<string, int> _values = [];
    private readonly List<string> _order = [];
    private readonly List<string[]> _groups = [];

    public void Add(string cell, int value)
    {
        if (_values.TryAdd(cell, value)) _order.Add(cell);
        else _values[cell] = value;
    }

    /// <summary>Declares that the children add up to the parent.</summary>
    public void Additive(string parent, IEnumerable<string> children) => _groups.Add([parent, .. children]);

    public IReadOnlySet<string> Suppressed(bool forPublication)
    {
        var withheld = new HashSet<string>(StringComparer.Ordinal);
        if (!forPublication) return withheld;
        foreach (var (cell, value) in _values)
            if (value is > 0 and < Threshold) withheld.Add(cell);

        var rank = _order.Select((cell, i) => (cell, i)).ToDictionary(x => x.cell, x => x.i, StringComparer.Ordinal);
        bool changed;
        do
        {
            changed = false;
            foreach (var group in _groups)
            {
                if (group.Count(withheld.Contains) != 1) continue;
                // Prefer the smallest non-zero cell: withholding a 0 would not hide the split.
                var pick = group.Where(c => !withheld.Contains(c))
                    .OrderBy(c => _values[c] == 0 ? 1 : 0).ThenBy(c => _values[c]).ThenBy(c => rank[c])
                    .FirstOrDefault();
                if (pick is null) continue;
                withheld.Add(pick);
                changed = true;
            }
        }
        while (changed);
        return withheld;
    }

    public static ReportedCount Report(string key, int value, bool suppressed) => suppressed ? new ReportedCount(key, null, true) : new ReportedCount(key, value, false);
}
