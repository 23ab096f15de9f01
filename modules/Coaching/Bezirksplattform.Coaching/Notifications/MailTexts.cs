using System.Globalization;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Coaching.Calendar;

namespace Bezirksplattform.Coaching.Notifications;

/// <summary>A booking as a mail needs it, loaded by <see cref="BookingNotifications"/>.</summary>
internal sealed record BookingMailData(
    Guid BookingId, string Status, string Name, string Email, int Sequence, string IcalUid, DateTimeOffset? OfferExpiresAt, string? CancelledBy,
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, string SessionTypeName, string LocationKind, int CancelCutoffMinutes,
    string CoachName, string CoachEmail, string? RoomAddress, DateTimeOffset? PreviousStartsAt, DateTimeOffset? PreviousEndsAt, int TokenVersion = 1);

/// <summary>A composed mail, as it is stored in coaching.outgoing_mails.</summary>
internal sealed record ComposedMail(string Subject, string Body, string? Ics, string? IcsMethod);

/// <summary>
/// German mail texts. Times are Berlin wall-clock times ("Dienstag, 9. März 2027, 10:00–11:00 Uhr").
/// Reminder texts name only the time and the place: no session type (it reveals the topic), no name, no stage.
/// </summary>
internal static class MailTexts
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    public const string Signature = "Mit freundlichen Grüßen\nIhr Team Gründungscoaching";

    /// <summary>"Dienstag, 9. März 2027"</summary>
    public static string Day(DateTimeOffset instant) => instant.ToBerlin().ToString("dddd, d. MMMM yyyy", German);

    /// <summary>"10:00"</summary>
    public static string Clock(DateTimeOffset instant) => instant.ToBerlin().ToString("HH:mm", German);

    /// <summary>"Dienstag, 9. März 2027, 10:00–11:00 Uhr"</summary>
    public static string Range(DateTimeOffset start, DateTimeOffset end) => $"{Day(start)}, {Clock(start)}–{Clock(end)} Uhr";

    /// <summary>"Dienstag, 9. März 2027, 10:00 Uhr"</summary>
    public static string At(DateTimeOffset instant) => $"{Day(instant)}, {Clock(instant)} Uhr";

    public static string Place(string locationKind, string? roomAddress) => locationKind switch
    {
        "video" => "Videotermin – Link folgt",
        "phone" => "Telefon",
        _ => string.IsNullOrWhiteSpace(roomAddress) ? "Beratungsraum (die Adresse teilen wir Ihnen noch mit)" : roomAddress.Trim(),
    };

    public static ComposedMail Compose(BookingMailData b, string kind, string? manageUrl, DateTimeOffset now)
    {
        var when = Range(b.StartsAt, b.EndsAt);
        var place = Place(b.LocationKind, b.RoomAddress);
        var details = $"""
            Termin: {when}
            Angebot: {b.SessionTypeName}
            Coach: {b.CoachName}
            Ort: {place}
            """;
        var manage = manageUrl is { Length: > 0 }
            ? $"\n\nTermin absagen oder verschieben: {manageUrl}\nAbsagen ist bis {At(b.StartsAt.AddMinutes(-b.CancelCutoffMinutes))} möglich."
            : "";
        string subject, intro, outro;
        string? method = null;
        switch (kind)
        {
            case BookingMailKinds.Confirmation:
                subject = $"Terminbestätigung: {b.SessionTypeName} am {At(b.StartsAt)}";
                intro = "vielen Dank für Ihre Buchung. Ihr Termin im Gründungscoaching ist bestätigt:";
                outro = "Die Einladung für Ihren Kalender finden Sie im Anhang (invite.ics)." + manage;
                method = "REQUEST";
                break;
            case BookingMailKinds.Change:
                subject = $"Termin verschoben: {b.SessionTypeName} jetzt am {At(b.StartsAt)}";
                intro = b.PreviousStartsAt is { } previousStart && b.PreviousEndsAt is { } previousEnd
                    ? $"Ihr Termin wurde verschoben (bisher: {Range(previousStart, previousEnd)}). Der neue Termin:"
                    : "Ihr Termin wurde geändert. Der Termin jetzt:";
                outro = "Die geänderte Einladung im Anhang (invite.ics) ersetzt den bisherigen Eintrag in Ihrem Kalender." + manage;
                method = "REQUEST";
                break;
            case BookingMailKinds.Cancellation:
                subject = $"Termin abgesagt: {b.SessionTypeName} am {At(b.StartsAt)}";
                intro = b.CancelledBy switch
                {
                    "founder" => "wie gewünscht haben wir Ihren Termin abgesagt:",
                    "coach" => "leider müssen wir Ihren Termin absagen. Bitte entschuldigen Sie die Unannehmlichkeiten.",
                    _ => "Ihr Termin wurde abgesagt:",
                };
                outro = "Mit dem Anhang (cancel.ics) entfernt Ihr Kalenderprogramm den Termin. Einen neuen Termin können Sie jederzeit wieder buchen.";
                method = "CANCEL";
                break;
            case BookingMailKinds.WaitlistOffer:
                subject = $"Ein Platz ist frei: {b.SessionTypeName} am {At(b.StartsAt)}";
                intro = "auf der Warteliste sind Sie jetzt an der Reihe. Wir halten diesen Termin für Sie frei:";
                var until = b.OfferExpiresAt is { } expires ? $" bis {At(expires)}" : "";
                outro = (manageUrl is { Length: > 0 } ? $"Bitte bestätigen Sie den Termin{until}: {manageUrl}" : $"Bitte bestätigen Sie den Termin{until}.") +
                        "\nDanach bieten wir den Platz der nächsten Person auf der Warteliste an.";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unbekannte Mail-Art.");
        }

        var body = $"Guten Tag {b.Name},\n\n{intro}\n\n{details}\n\n{outro}\n\n{Signature}\n";
        var ics = method is null ? null : ICalendarWriter.Write(method, now, [Event(b, method, place, manageUrl)]);
        return new ComposedMail(subject, body, ics, method);
    }

    private static CalendarEvent Event(BookingMailData b, string method, string place, string? manageUrl) =>
        new(b.IcalUid, b.Sequence, b.StartsAt, b.EndsAt, $"Gründungscoaching: {b.SessionTypeName}", place,
            manageUrl is { Length: > 0 } && method != "CANCEL" ? $"Mit {b.CoachName}. Absagen oder verschieben: {manageUrl}" : $"Mit {b.CoachName}.",
            new CalendarPerson(b.CoachEmail, b.CoachName), new CalendarPerson(b.Email, b.Name),
            method == "CANCEL" ? "CANCELLED" : "CONFIRMED");

    /// <summary>
    /// The invitation of a founder referred by employment counselling: the link to the booking page
    /// and how long it holds. Nothing about the counselling itself (the referral reason stays with staff).
    /// </summary>
    public static (string Subject, string Body) Invitation(string name, string bookingUrl, DateTimeOffset expiresAt)
    {
        const string subject = "Einladung zum Gründungscoaching";
        var body =
            $"Guten Tag {name},\n\nIhre Beratung hat Sie an unser Gründungscoaching verwiesen. Wir laden Sie herzlich zu einem kostenlosen " +
            "Beratungstermin ein.\n\n" +
            $"Hier wählen Sie Ihren Termin: {bookingUrl}\n\n" +
            $"Der Link gilt bis {At(expiresAt)} und ist nur für Sie bestimmt. Wenn Sie keinen Termin möchten, müssen Sie nichts tun.\n\n" +
            $"{Signature}\n";
        return (subject, body);
    }

    /// <summary>A reminder: time and place only, so a shared inbox or a lock screen reveals nothing more.</summary>
    public static (string Subject, string Body) Reminder(DateTimeOffset startsAt, DateTimeOffset endsAt, string locationKind, string? roomAddress)
    {
        var subject = $"Erinnerung: Ihr Beratungstermin am {At(startsAt)}";
        var body =
            $"Guten Tag,\n\nwir erinnern Sie an Ihren Beratungstermin:\n\nTermin: {Range(startsAt, endsAt)}\nOrt: {Place(locationKind, roomAddress)}\n\n" +
            "Wenn Sie den Termin nicht wahrnehmen können, sagen Sie ihn bitte über den Link in Ihrer Buchungsbestätigung ab.\n\n" +
            $"{Signature}\n";
        return (subject, body);
    }
}
