using System.Globalization;
using Bezirksplattform.BuildingBlocks.Errors;

namespace Bezirksplattform.Coaching.Editing;

/// <summary>
/// Reading what clients type: wall-clock times ("09:00"), Berlin dates ("2027-03-28"), trimmed
/// texts. Times and dates arrive as strings so that a typo is a 400 naming the field, never a
/// binding failure.
/// </summary>
internal static class Inputs
{
    public const string TimeFormat = "Eine Uhrzeit wie 09:00 (Europe/Berlin).";
    public const string DateFormat = "Ein Datum wie 2027-03-28.";

    public static bool IsTime(string? value) => ParseTime(value) is not null;

    public static TimeOnly? ParseTime(string? value) =>
        TimeOnly.TryParseExact(value?.Trim(), ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    public static bool IsDate(string? value) => ParseDate(value) is not null;

    public static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>A required date query parameter, or a 400 naming it.</summary>
    public static DateOnly RequiredDate(string field, string? value) =>
        ParseDate(value) ?? throw new FieldProblemException(field, string.IsNullOrWhiteSpace(value) ? "Pflichtangabe. " + DateFormat : DateFormat);

    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static string[] CleanList(string[]? values) =>
        [.. (values ?? []).Select(v => v?.Trim().ToLowerInvariant() ?? "")];

    public static string Text(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <summary>For each item that overlaps an earlier one, its index and the first earlier one's; unreadable items (null) are skipped.</summary>
    public static IEnumerable<(int Later, int Earlier)> Overlaps<T>(IReadOnlyList<T?> items, Func<T, T, bool> overlap) where T : struct
    {
        for (var later = 0; later < items.Count; later++)
        {
            if (items[later] is not { } item) continue;
            for (var earlier = 0; earlier < later; earlier++)
                if (items[earlier] is { } other && overlap(item, other))
                {
                    yield return (later, earlier);
                    break;
                }
        }
    }

    /// <summary>A 400 naming every field in <paramref name="problems"/>, if there are any (checks only a handler can make).</summary>
    public static void ThrowIfAny(IDictionary<string, string[]> problems)
    {
        if (problems.Count > 0)
            throw new ProblemException(400, "Die Anfrage ist ungültig.", "Mindestens ein Feld ist ungültig: " + string.Join(", ", problems.Keys) + ".", problems);
    }
}
