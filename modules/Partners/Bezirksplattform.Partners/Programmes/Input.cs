namespace Bezirksplattform.Partners.Programmes;

/// <summary>Normalises client text: blank means absent.</summary>
internal static class Input
{
    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static string[] Codes(string[]? values) => values is null ? [] : [.. values.Select(v => v?.Trim() ?? "")];
}
