using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using Bezirksplattform.BuildingBlocks.Time;

namespace Bezirksplattform.Coaching.Booking;

/// <summary>The founder's stage of the journey, as stored in coaching.founders and coaching.bookings.</summary>
internal static class FounderStages
{
    public static readonly IReadOnlyList<string> All = ["idea", "business_plan", "financing", "founded", "after_founding"];

    public static bool IsKnown(string? stage) => stage is not null && All.Contains(stage);

    public static string Message => $"Unbekannte Phase. Erlaubt: {string.Join(", ", All)}.";
}

internal static class BookingStatuses
{
    public const string Confirmed = "confirmed";
    public const string Offered = "offered";   // a waitlist offer holding a seat until offer_expires_at
    public const string Cancelled = "cancelled";
    public const string Moved = "moved";       // rescheduled: moved_to names the new booking
    public const string Expired = "expired";   // an offer nobody accepted in time

    public static readonly IReadOnlyList<string> All = [Confirmed, Offered, Cancelled, Moved, Expired];
}

/// <summary>Shapes of what founders type in.</summary>
internal static partial class ContactRules
{
    public static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();

    public static bool IsEmail(string? email) =>
        email is { Length: > 0 and <= 254 } && SimpleEmail().IsMatch(email.Trim()) && MailAddress.TryCreate(email.Trim(), out _);

    public static bool IsPhone(string? phone) => phone is null || PhoneShape().IsMatch(phone.Trim());

    public const string EmailMessage = "Bitte eine gültige E-Mail-Adresse angeben, z. B. name@example.org.";
    public const string PhoneMessage = "Bitte eine Telefonnummer aus Ziffern, Leerzeichen und + ( ) / - angeben (höchstens 40 Zeichen).";
    public const string ConsentMessage = "Ohne Ihre Einwilligung in die Verarbeitung Ihrer Daten können wir die Anfrage nicht annehmen.";

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$")]
    private static partial Regex SimpleEmail();

    [GeneratedRegex(@"^\+?[0-9 ()/-]{3,40}$")]
    private static partial Regex PhoneShape();
}

/// <summary>Instants as founders read them: Berlin wall-clock time, German.</summary>
internal static class BerlinText
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    /// <summary>"Montag, 30. November 2026, 10:00 Uhr".</summary>
    public static string DateTime(DateTimeOffset instant) =>
        instant.ToBerlin().ToString("dddd, d. MMMM yyyy, HH:mm 'Uhr'", German);

    /// <summary>"24 Stunden", "90 Minuten", "2 Tage".</summary>
    public static string Duration(int minutes) => minutes switch
    {
        _ when minutes % 1440 == 0 && minutes >= 1440 => minutes == 1440 ? "24 Stunden" : $"{minutes / 1440} Tage",
        _ when minutes % 60 == 0 && minutes >= 60 => minutes == 60 ? "1 Stunde" : $"{minutes / 60} Stunden",
        _ => minutes == 1 ? "1 Minute" : $"{minutes} Minuten",
    };
}
