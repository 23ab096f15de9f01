using System.Globalization;
using System.Text;

namespace Bezirksplattform.Coaching.Calendar;

/// <summary>One VEVENT. Times are written in UTC ("Z" form), so no VTIMEZONE is needed.</summary>
internal sealed record CalendarEvent(
    string Uid, DateTimeOffset Start, DateTimeOffset End, string Summary, string? Description = null, string? Location = null,
    int Sequence = 0, string? Status = null, DateTimeOffset? LastModified = null);

/// <summary>
/// Writes iCalendar (RFC 5545) text: a VCALENDAR with PRODID and VERSION:2.0, optionally a METHOD
/// (REQUEST/CANCEL for mail attachments, none for a subscribed feed), and one VEVENT per event.
/// Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 sequence); TEXT values are
/// escaped (backslash, semicolon, comma, newline).
/// </summary>
internal static class ICalendarWriter
{
    public const string ProductId = "-//Bezirksplattform//Gruendungscoaching//DE";

    public static string Write(IEnumerable<CalendarEvent> events, DateTimeOffset stamp, string? method = null, string? calendarName = null)
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
            Line(text, "UID:" + e.Uid);
            Line(text, "DTSTAMP:" + Utc(stamp));
            Line(text, "DTSTART:" + Utc(e.Start));
            Line(text, "DTEND:" + Utc(e.End));
            Line(text, "SEQUENCE:" + e.Sequence.ToString(CultureInfo.InvariantCulture));
            Line(text, "SUMMARY:" + Escape(e.Summary));
            if (e.Description is not null) Line(text, "DESCRIPTION:" + Escape(e.Description));
            if (e.Location is not null) Line(text, "LOCATION:" + Escape(e.Location));
            if (e.Status is not null) Line(text, "STATUS:" + e.Status);
            if (e.LastModified is { } modified) Line(text, "LAST-MODIFIED:" + Utc(modified));
            Line(text, "END:VEVENT");
        }

        Line(text, "END:VCALENDAR");
        return text.ToString();
    }

    /// <summary>A UTC DATE-TIME such as 20270328T010000Z.</summary>
    public static string Utc(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks as \n.</summary>
    public static string Escape(string value)
    {
        var text = new StringBuilder(value.Length + 8);
        foreach (var c in value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'))
            text.Append(c switch
            {
                '\\' => @"\\",
                ';' => @"\;",
                ',' => @"\,",
                '\n' => @"\n",
                _ when char.IsControl(c) => "",
                _ => c.ToString(),
            });
        return text.ToString();
    }

    /// <summary>Appends a content line folded to at most 75 octets per physical line (continuations start with a space).</summary>
    public static void Line(StringBuilder text, string line)
    {
        var octets = 0;
        const int limit = 75;
        for (var i = 0; i < line.Length; i++)
        {
            // A surrogate pair is one UTF-8 sequence: never split it.
            var length = char.IsHighSurrogate(line[i]) && i + 1 < line.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(line.AsSpan(i, length));
            if (octets + size > limit)
            {
                text.Append("\r\n ");
                octets = 1; // the leading space counts
            }

            text.Append(line, i, length);
            octets += size;
            i += length - 1;
        }

        text.Append("\r\n");
    }
}
