using System.Globalization;
using Bezirksplattform.Reporting.Documents;

namespace Bezirksplattform.Reporting.Rendering;

/// <summary>
/// German number formats, fixed here rather than taken from the "de-DE" culture so that the output
/// does not depend on the machine's ICU data (invariant-globalization containers format differently).
/// </summary>
internal static class GermanNumbers
{
    private static readonly NumberFormatInfo Format = new()
    {
        NumberDecimalSeparator = ",",
        NumberGroupSeparator = ".",
        NumberGroupSizes = [3],
        NegativeSign = "-",
    };

    /// <summary>1234 → "1.234".</summary>
    public static string Count(long value) => value.ToString("N0", Format);

    /// <summary>123456 cents → "1.234,56" (no currency sign).</summary>
    public static string Euros(long cents) => (cents / 100m).ToString("N2", Format);

    /// <summary>123456 cents → "1234,56": a decimal German Excel reads as a number (no group separator).</summary>
    public static string EurosPlain(long cents) => (cents / 100m).ToString("0.00", Format);

    /// <summary>For a table cell: "1.234" or "1.234,56 €" (non-breaking space before the sign).</summary>
    public static string Display(long value, string unit) =>
        unit == ReportUnits.Cents ? Euros(value) + "\u00A0€" : Count(value);
}
