using System.Text;
using Bezirksplattform.Coaching.Calendar;

namespace Bezirksplattform.UnitTests.Coaching;

public sealed class ICalendarWriterTests
{
    private static readonly DateTimeOffset Stamp = new(2027, 3, 22, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_calendar_has_crlf_lines_utc_times_and_escaped_text()
    {
        var ics = ICalendarWriter.Write("REQUEST", Stamp,
            [new CalendarEvent("s1@bezirksplattform", 0, new DateTimeOffset(2027, 3, 28, 3, 0, 0, TimeSpan.FromHours(2)),
                new DateTimeOffset(2027, 3, 28, 2, 0, 0, TimeSpan.Zero), "Coaching; Teil 1, Planung\\Ziele", null, "Zeile 1\r\nZeile 2", null, null)]);

        Assert.Equal(
            "BEGIN:VCALENDAR\r\nPRODID:-//Bezirksplattform//Gruendungscoaching//DE\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\nMETHOD:REQUEST\r\n"
            + "BEGIN:VEVENT\r\nUID:s1@bezirksplattform\r\nSEQUENCE:0\r\nDTSTAMP:20270322T060000Z\r\nDTSTART:20270328T010000Z\r\nDTEND:20270328T020000Z\r\n"
            + "SUMMARY:Coaching\\; Teil 1\\, Planung\\\\Ziele\r\nDESCRIPTION:Zeile 1\\nZeile 2\r\nSTATUS:CONFIRMED\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            ics);
    }

    [Fact]
    public void Long_lines_fold_at_75_octets_without_splitting_a_character()
    {
        var summary = "SUMMARY:" + string.Concat(Enumerable.Repeat("Gründungsworkshop 🚀 ", 10));
        var text = new StringBuilder(ICalendarWriter.Fold(summary)).Append("\r\n");

        var physical = text.ToString().Split("\r\n")[..^1];
        Assert.True(physical.Length > 1);
        Assert.All(physical, line => Assert.InRange(Encoding.UTF8.GetByteCount(line), 1, 75));
        Assert.All(physical.Skip(1), line => Assert.StartsWith(" ", line));
        Assert.Equal(summary, text.ToString().Replace("\r\n ", "").TrimEnd('\r', '\n'));
        Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
