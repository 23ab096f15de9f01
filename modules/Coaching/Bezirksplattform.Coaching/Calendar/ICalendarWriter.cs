using System.Globalization;
using System.Text;

namespace Bezirksplattform.Coaching.Calendar;

/// <summary>A person in an event: ORGANIZER or ATTENDEE.</summary>
internal sealed record CalendarPerson(string Email, string? Name);

/// <summary>One VEVENT. <paramref name="Status"/> is CONFIRMED, TENTATIVE or CANCELLED.</summary>
internal sealed record CalendarEvent(
    string Uid, int Sequence, DateTimeOffset Start, DateTimeOffset End, string Summary, string? Location, string? Description,
    CalendarPerson? Organizer, CalendarPerson? Attendee, string Status = "CONFIRMED", DateTimeOffset? LastModified = null);

/// <summary>
/// Writes RFC 5545 iCalendar text: CRLF line ends, lines folded at 75 octets (never inside a UTF-8
/// sequence), TEXT values escaped. Times are written in UTC ("Z"): unambiguous for every client and
/// no VTIMEZONE to keep in step with Europe/Berlin's rules; calendars show them in local time.
/// </summary>
internal static class ICalendarWriter
{
    public const string ProductId = "-//Bezirksplattform//Gruendungscoaching//DE";

    /// <param name="method">REQUEST, CANCEL or PUBLISH (iTIP, RFC 5546); null for a plain feed.</param>
    /// <param name="calendarName">A subscribed feed's display name (X-WR-CALNAME); null for mail attachments.</param>
    public static string Write(string? method, DateTimeOffset stamp, IEnumerable<CalendarEvent> events, string? calendarName = null)
    {
        var text = new StringBuilder();
        Line(text, "BEGIN:VCALENDAR");
        Line(text, "PRODID:" + ProductId);
        Line(text, "VERSION:2.0");
        Line(text, "CALSCALE:GREGORIAN");
        if (method is not null) Line(text, "METHOD:" + method);
        if (calendarName is not null)
        {
            Line(text, "X-WR-CALNAME:" + Escape(calendarName));
            Line(text, "X-WR-TIMEZONE:Europe/Berlin");
        }

        foreach (var e in events)
        {
            Line(text, "BEGIN:VEVENT");
            Line(text, "UID:" + Escape(e.Uid));
            Line(text, "SEQUENCE:" + e.Sequence.ToString(CultureInfo.InvariantCulture));
            Line(text, "DTSTAMP:" + Utc(stamp));
            Line(text, "DTSTART:" + Utc(e.Start));
            Line(text, "DTEND:" + Utc(e.End));
            Line(text, "SUMMARY:" + Escape(e.Summary));
            if (e.Location is { Length: > 0 } location) Line(text, "LOCATION:" + Escape(location));
            if (e.Description is { Length: > 0 } description) Line(text, "DESCRIPTION:" + Escape(description));
            if (e.Organizer is { } organizer) Line(text, "ORGANIZER" + CommonName(organizer) + ":mailto:" + organizer.Email);
            if (e.Attendee is { } attendee)
                Line(text, "ATTENDEE" + CommonName(attendee) + ";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:" + attendee.Email);
            Line(text, "STATUS:" + e.Status);
            if (e.LastModified is { } modified) Line(text, "LAST-MODIFIED:" + Utc(modified));
            Line(text, "TRANSP:OPAQUE");
            Line(text, "END:VEVENT");
        }

        Line(text, "END:VCALENDAR");
        return text.ToString();
    }

    /// <summary>UTC date-time form, e.g. 20270309T090000Z.</summary>
    public static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma, line breaks.</summary>
    public static string Escape(string value) =>
        value.Replace("\\", "\\\\").Replace(";", "\\;").Replace(",", "\\,").Replace("\r\n", "\n").Replace("\r", "\n").Replace("\n", "\\n");

    /// <summary>
    /// Folds a content line (RFC 5545 3.1): at most 75 octets per physical line, continuation lines
    /// start with one space; a multi-byte character is never split.
    /// </summary>
    public static string Fold(string line)
    {
        var result = new StringBuilder(line.Length + 8);
        var octets = 0;
        foreach (var rune in line.EnumerateRunes())
        {
            var size = rune.Utf8SequenceLength;
            if (octets + size > 75)
            {
                result.Append("\r\n ");
                octets = 1;
            }

            result.Append(rune.ToString());
            octets += size;
        }

        return result.ToString();
    }

    private static void Line(StringBuilder text, string line) => text.Append(Fold(line)).Append("\r\n");

    /// <summary>;CN=… with the name quoted (parameter values may not contain DQUOTE or control characters).</summary>
    private static string CommonName(CalendarPerson person)
    {
        if (string.IsNullOrWhiteSpace(person.Name)) return "";
        var name = new string([.. person.Name.Where(c => c != '"' && !char.IsControl(c))]);
        return ";CN=\"" + name + "\"";
    }
}
