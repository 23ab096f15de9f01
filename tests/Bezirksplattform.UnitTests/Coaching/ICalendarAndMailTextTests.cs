using System.Text;
using Bezirksplattform.Coaching;
using Bezirksplattform.Coaching.Calendar;
using Bezirksplattform.Coaching.Notifications;

namespace Bezirksplattform.UnitTests.Coaching;

/// <summary>The iCalendar writer's RFC 5545 details and the German texts of mails and reminders.</summary>
public sealed class ICalendarAndMailTextTests
{
    private static readonly DateTimeOffset Start = new(2027, 3, 9, 9, 0, 0, TimeSpan.Zero); // 10:00 in Berlin

    [Theory]
    [InlineData("a,b;c\\d", "a\\,b\\;c\\\\d")]
    [InlineData("Zeile 1\r\nZeile 2\nZeile 3\rEnde", "Zeile 1\\nZeile 2\\nZeile 3\\nEnde")]
    [InlineData("Doppelpunkt: bleibt", "Doppelpunkt: bleibt")]
    public void Text_values_are_escaped(string value, string escaped) => Assert.Equal(escaped, ICalendarWriter.Escape(value));

    [Fact]
    public void Long_lines_are_folded_at_75_octets_without_splitting_a_character()
    {
        var line = "DESCRIPTION:" + string.Concat(Enumerable.Repeat("Gründungsförderung ä€😀 ", 12));
        var folded = ICalendarWriter.Fold(line);
        var physical = folded.Split("\r\n");
        Assert.True(physical.Length > 3);
        Assert.All(physical, l => Assert.InRange(Encoding.UTF8.GetByteCount(l), 1, 75));
        Assert.All(physical.Skip(1), l => Assert.StartsWith(" ", l));
        Assert.Equal(line, folded.Replace("\r\n ", ""));               // unfolding gives the line back
        Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(folded))); // no broken sequences
        Assert.Equal("SUMMARY:kurz", ICalendarWriter.Fold("SUMMARY:kurz"));
    }

    [Fact]
    public void A_calendar_has_one_event_in_UTC_with_CRLF_lines_and_quoted_names()
    {
        var ics = ICalendarWriter.Write("CANCEL", Start.AddDays(-3), [
            new CalendarEvent("x-1@bezirksplattform", 3, Start, Start.AddHours(1), "Termin", "Raum 1", null,
                new CalendarPerson("coach@example.org", "Albers; \"Katrin\""), new CalendarPerson("f@example.org", null), "CANCELLED"),
        ]);
        Assert.EndsWith("END:VCALENDAR\r\n", ics);
        Assert.DoesNotContain(ics.Split("\r\n"), l => l.Contains('\n') || l.Contains('\r') || Encoding.UTF8.GetByteCount(l) > 75);
        var lines = ics.Replace("\r\n ", "").Split("\r\n"); // unfolded
        Assert.Equal(["BEGIN:VCALENDAR", "PRODID:" + ICalendarWriter.ProductId, "VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:CANCEL", "BEGIN:VEVENT"], lines[..6]);
        Assert.Contains("DTSTART:20270309T090000Z", lines);
        Assert.Contains("DTEND:20270309T100000Z", lines);
        Assert.Contains("DTSTAMP:20270306T090000Z", lines);
        Assert.Contains("SEQUENCE:3", lines);
        Assert.Contains("STATUS:CANCELLED", lines);
        Assert.Contains("ORGANIZER;CN=\"Albers; Katrin\":mailto:coach@example.org", lines);
        Assert.Contains("ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:f@example.org", lines);
        Assert.Single(lines, l => l == "BEGIN:VEVENT");
    }

    [Fact]
    public void Berlin_times_are_written_out_in_German_on_both_sides_of_the_clock_change()
    {
        Assert.Equal("Dienstag, 9. März 2027, 10:00–11:00 Uhr", MailTexts.Range(Start, Start.AddHours(1)));
        var summer = new DateTimeOffset(2027, 3, 30, 8, 0, 0, TimeSpan.Zero);
        Assert.Equal("Dienstag, 30. März 2027, 10:00–11:30 Uhr", MailTexts.Range(summer, summer.AddMinutes(90)));
        Assert.Equal("Videotermin – Link folgt", MailTexts.Place("video", "Raum 1"));
        Assert.Equal("Telefon", MailTexts.Place("phone", null));
        Assert.Equal("Raum 1", MailTexts.Place("room", " Raum 1 "));
    }

    [Fact]
    public void A_reminder_names_time_and_place_and_nothing_else()
    {
        var (subject, body) = MailTexts.Reminder(Start, Start.AddHours(1), "room", "Stadtteilbüro, Beispielstraße 12");
        Assert.Equal("Erinnerung: Ihr Beratungstermin am Dienstag, 9. März 2027, 10:00 Uhr", subject);
        Assert.Contains("Termin: Dienstag, 9. März 2027, 10:00–11:00 Uhr\nOrt: Stadtteilbüro, Beispielstraße 12\n", body);
        Assert.StartsWith("Guten Tag,\n", body);
    }

    [Fact]
    public void Only_a_booking_gets_an_invitation_and_a_cancellation_cancels_it()
    {
        var booking = new BookingMailData(Guid.NewGuid(), "confirmed", "Aylin Kaya", "a@example.org", 2, "uid-1@bezirksplattform", null, "coach",
            Start, Start.AddHours(1), "Finanzierungscheck", "video", 1440, "Murat Demir", "m@example.org", null, null, null);
        var now = Start.AddDays(-2);
        Assert.Null(MailTexts.Compose(booking, BookingMailKinds.WaitlistOffer, "https://x.example/o", now).Ics);
        var confirmation = MailTexts.Compose(booking, BookingMailKinds.Confirmation, null, now);
        Assert.Equal("REQUEST", confirmation.IcsMethod);
        Assert.DoesNotContain("Termin absagen oder verschieben", confirmation.Body); // no link given, no dangling text
        var cancellation = MailTexts.Compose(booking, BookingMailKinds.Cancellation, null, now);
        Assert.Equal("CANCEL", cancellation.IcsMethod);
        Assert.Contains("METHOD:CANCEL\r\n", cancellation.Ics);
        Assert.Contains("SEQUENCE:2\r\n", cancellation.Ics);
        Assert.Contains("leider müssen wir Ihren Termin absagen", cancellation.Body);
        Assert.Throws<ArgumentOutOfRangeException>(() => MailTexts.Compose(booking, "newsletter", null, now));
    }

    [Fact]
    public void Reminder_offsets_name_their_kind_and_retries_back_off_up_to_the_cap()
    {
        Assert.Equal("24h", NotificationOptions.KindOf(TimeSpan.FromHours(24)));
        Assert.Equal("90m", NotificationOptions.KindOf(TimeSpan.FromMinutes(90)));
        var options = new NotificationOptions();
        Assert.Equal([TimeSpan.FromHours(24), TimeSpan.FromHours(2)], options.EffectiveReminders);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RetryDelay(1));
        Assert.Equal(TimeSpan.FromMinutes(4), options.RetryDelay(4));
        Assert.Equal(TimeSpan.FromHours(1), options.RetryDelay(40));
    }

    [Fact]
    public void The_module_schedules_both_sending_jobs()
    {
        var jobs = new CoachingModule().Jobs.ToDictionary(j => j.Key);
        Assert.True(jobs["coaching.send-mails"].Interval <= TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromMinutes(1), jobs["coaching.send-reminders"].Interval);
    }
}
