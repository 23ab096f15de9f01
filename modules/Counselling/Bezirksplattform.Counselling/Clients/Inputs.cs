using System.Globalization;
using Bezirksplattform.BuildingBlocks.Time;

namespace Bezirksplattform.Counselling.Clients;

/// <summary>Dates arrive as strings so that a typo is a 400 naming the field, never a binding failure.</summary>
internal static class Inputs
{
    public const string DateFormat = "Ein Datum wie 2027-03-28.";

    public static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    public static bool IsDate(string? value) => ParseDate(value) is not null;

    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static string[] CleanList(string[]? values) => [.. (values ?? []).Select(v => v?.Trim().ToLowerInvariant() ?? "")];
}
