using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.Coaching.Data;
using Bezirksplattform.Coaching.Notifications;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using static Bezirksplattform.IntegrationTests.Coaching.NotificationsArrange;

namespace Bezirksplattform.IntegrationTests.Coaching;

/// <summary>
/// Confirmation, change and cancellation mails through a real SMTP conversation on loopback, with
/// the iCalendar attachment parsed back; reminders once each with a fake clock, across two hosts,
/// never after a cancellation, moved on reschedule; failures visible to staff and retried.
/// </summary>
public sealed class NotificationsTests(CoachingHostFixture fixture) : IClassFixture<CoachingHostFixture>, IAsyncLifetime
{
    private const string Room = "Stadtteilbüro Ost, Beispielstraße 12, 04315 Leipzig";

    private readonly SmtpReceiver _smtp = fixture.Smtp;
    private readonly TestDatabase _db = fixture.Db;
    private readonly PlatformFactory _app = fixture.App;
    private CoachingArrange.Offer _offer = null!;

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        _offer = await CoachingArrange.CoachWithSessionTypeAsync(_db, coachEmail: $"coach.{Guid.NewGuid():N}@bezirk.example");
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        // A name and topic that would give the founder's plans away if a reminder showed them.
        await connection.ExecuteAsync(
            """
            update coaching.coaches set room_address = @Room, display_name = 'Katrin Albers' where id = @CoachId;
            update coaching.session_types set name = 'Insolvenz-Sprechstunde', topic = 'financing' where id = @SessionTypeId;
            """, new { Room, _offer.CoachId, _offer.SessionTypeId });
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static (Dictionary<string, string> Properties, List<string> Lines, MimePart Part) Invitation(ReceivedMail mail)
    {
        var part = Assert.Single(mail.Attachments);
        var properties = IcsProperties(part.Text, out var lines);
        return (properties, lines, part);
    }

    [Fact]
    public async Task A_booking_and_its_reschedule_through_the_public_API_send_manage_link_and_one_invitation_series()
    {
        var client = _app.CreateClient();
        var email = $"gruenderin.{Guid.NewGuid():N}@example.org";
        var booked = await client.PostAsJsonAsync("/api/public/v1/coaching/bookings", new
        {
            sessionType = _offer.SessionTypeSlug, coach = _offer.CoachId, start = Berlin(2027, 3, 9, 10), name = "Aylin Kaya", email,
            stage = "business_plan", consent = true,
        });
        Assert.Equal(HttpStatusCode.Created, booked.StatusCode);
        var booking = await booked.Content.ReadFromJsonAsync<JsonElement>();
        var id = booking.GetProperty("id").GetGuid();
        var token = booking.GetProperty("manageToken").GetString()!;
        var moved = await client.PostAsJsonAsync($"/api/public/v1/coaching/bookings/{id}/reschedule?token={Uri.EscapeDataString(token)}",
            new { start = Berlin(2027, 3, 10, 10) });
        Assert.Equal(HttpStatusCode.Created, moved.StatusCode); // the new time is a new booking of the same series

        await SendMailsAsync(_app);
        var mails = _smtp.MailsTo(email);
        Assert.Equal(2, mails.Count);
        var confirmation = mails.Single(m => Invitation(m).Properties["SEQUENCE"] == "0");
        var change = mails.Single(m => m != confirmation);
        // The founder can cancel or move from the mail itself, with the signed link.
        Assert.Contains($"/api/public/v1/coaching/bookings/{id}?token=", confirmation.Text);
        var (first, _, _) = Invitation(confirmation);
        var (second, _, _) = Invitation(change);
        Assert.Equal(first["UID"], second["UID"]); // one event in the founder's calendar, moved
        Assert.True(int.Parse(second["SEQUENCE"]) > int.Parse(first["SEQUENCE"]));
        Assert.Equal(Berlin(2027, 3, 10, 10), ParseUtc(second["DTSTART"]));
    }

    [Fact]
    public async Task The_confirmation_reaches_the_mail_server_with_an_invitation_that_parses_back_to_the_booked_times()
    {
        var booked = await BookAsync(_db, _offer, Berlin(2027, 3, 9, 10), name: "Aylin Kaya");
        await NotifyAsync(_app, _db, n => n.QueueMailAsync(booked.BookingId, BookingMailKinds.Confirmation, "https://coaching.example/b/abc;def", CancellationToken.None));
        Assert.Empty(_smtp.Mails); // queued in the booking's transaction, sent by the job

        Assert.Equal(1, await SendMailsAsync(_app));
        Assert.Equal(0, await SendMailsAsync(_app));

        var mail = Assert.Single(_smtp.Mails);
        Assert.Equal([booked.Email], mail.To);
        Assert.Equal("Terminbestätigung: Insolvenz-Sprechstunde am Dienstag, 9. März 2027, 10:00 Uhr", mail.Subject);
        Assert.Contains("Guten Tag Aylin Kaya,", mail.Text);
        Assert.Contains("Termin: Dienstag, 9. März 2027, 10:00–11:00 Uhr", mail.Text);
        Assert.Contains("Ort: " + Room, mail.Text);
        Assert.Contains("https://coaching.example/b/abc;def", mail.Text);
        Assert.Contains("Absagen ist bis Montag, 8. März 2027, 10:00 Uhr möglich.", mail.Text);

        var (ics, lines, part) = Invitation(mail);
        Assert.StartsWith("text/calendar;", part.ContentType);
        Assert.Contains("method=REQUEST", part.ContentType);
        Assert.Contains("charset=utf-8", part.ContentType);
        Assert.Contains("invite.ics", part.Disposition);
        Assert.Equal("REQUEST", ics["METHOD"]);
        Assert.Equal("2.0", ics["VERSION"]);
        Assert.False(string.IsNullOrEmpty(ics["PRODID"]));
        Assert.Equal(new DateTimeOffset(2027, 3, 9, 9, 0, 0, TimeSpan.Zero), ParseUtc(ics["DTSTART"]));
        Assert.Equal(booked.Start, ParseUtc(ics["DTSTART"]));
        Assert.Equal(booked.End, ParseUtc(ics["DTEND"]));
        Assert.Equal("0", ics["SEQUENCE"]);
        Assert.Equal("CONFIRMED", ics["STATUS"]);
        Assert.Equal($"{booked.BookingId}@bezirksplattform", ics["UID"]);
        Assert.Equal("mailto:" + await ScalarAsync<string>("select email from coaching.coaches where id = @CoachId", _offer), ics["ORGANIZER"]);
        Assert.Equal("mailto:" + booked.Email, ics["ATTENDEE"]);
        Assert.Equal("Stadtteilbüro Ost\\, Beispielstraße 12\\, 04315 Leipzig", ics["LOCATION"]); // TEXT escaping
        Assert.Contains("https://coaching.example/b/abc\\;def", ics["DESCRIPTION"]);
        Assert.Equal(new[] { "BEGIN:VCALENDAR", "END:VCALENDAR" }, new[] { lines[0], lines[^1] });

        // Every physical line ends with CRLF and is at most 75 octets; the long description was folded.
        var physical = part.Text.Split("\r\n")[..^1];
        Assert.DoesNotContain(physical, l => Encoding.UTF8.GetByteCount(l) > 75 || l.Contains('\n'));
        Assert.Contains(physical, l => l.StartsWith(' '));
        Assert.EndsWith("\r\n", part.Text);

        await using var connection = await _db.DataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(string Status, int Attempts, DateTime? SentAt)>(
            "select status, attempts, sent_at from coaching.outgoing_mails where booking_id = @BookingId", booked);
        Assert.Equal(("sent", 1), (row.Status, row.Attempts));
        Assert.NotNull(row.SentAt);
    }

    [Fact]
    public async Task A_reschedule_keeps_the_UID_and_raises_SEQUENCE_across_the_change_to_summer_time_and_a_cancellation_sends_METHOD_CANCEL()
    {
        var booked = await BookAsync(_db, _offer, Berlin(2027, 3, 9, 10));
        await NotifyAsync(_app, _db, n => n.QueueMailAsync(booked.BookingId, BookingMailKinds.Confirmation, CancellationToken.None));
        var moved = await MoveAsync(_db, _offer, booked, Berlin(2027, 4, 6, 10)); // after the last Sunday of March: UTC+2
        await NotifyAsync(_app, _db, n => n.QueueMailAsync(moved.BookingId, BookingMailKinds.Change, CancellationToken.None));
        await CancelAsync(_db, moved);
        await NotifyAsync(_app, _db, n => n.QueueMailAsync(moved.BookingId, BookingMailKinds.Cancellation, CancellationToken.None));
        _app.Clock.Advance(TimeSpan.FromSeconds(1));
        await SendMailsAsync(_app);

        var mails = _smtp.MailsTo(booked.Email);
        Assert.Equal(3, mails.Count);
        var invitations = mails.OrderBy(m => int.Parse(Invitation(m).Properties["SEQUENCE"])).Select(Invitation).ToList();
        Assert.Equal(["0", "1", "2"], invitations.Select(i => i.Properties["SEQUENCE"]).ToArray());
        Assert.Single(invitations.Select(i => i.Properties["UID"]).Distinct());
        Assert.Equal(["REQUEST", "REQUEST", "CANCEL"], invitations.Select(i => i.Properties["METHOD"]).ToArray());

        var change = invitations[1];
        Assert.Equal(new DateTimeOffset(2027, 4, 6, 8, 0, 0, TimeSpan.Zero), ParseUtc(change.Properties["DTSTART"]));
        Assert.Equal(new DateTimeOffset(2027, 4, 6, 9, 0, 0, TimeSpan.Zero), ParseUtc(change.Properties["DTEND"]));
        var changeMail = mails.Single(m => m.Subject.StartsWith("Termin verschoben", StringComparison.Ordinal));
        Assert.Contains("Termin: Dienstag, 6. April 2027, 10:00–11:00 Uhr", changeMail.Text);

        var cancel = invitations[2];
        Assert.Equal("CANCELLED", cancel.Properties["STATUS"]);
        Assert.Contains("method=CANCEL", cancel.Part.ContentType);
        Assert.Contains("cancel.ics", cancel.Part.Disposition);
        Assert.Equal(change.Properties["DTSTART"], cancel.Properties["DTSTART"]);
        Assert.Contains("wie gewünscht haben wir Ihren Termin abgesagt", mails.Single(m => m.Subject.StartsWith("Termin abgesagt", StringComparison.Ordinal)).Text);
    }

    [Fact]
    public async Task A_waitlist_offer_is_a_mail_without_an_invitation()
    {
        var booked = await BookAsync(_db, _offer, Berlin(2027, 3, 10, 14));
        await using (var connection = await _db.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("update coaching.bookings set status = 'offered', offer_expires_at = @until where id = @BookingId",
                new { booked.BookingId, until = Berlin(2027, 3, 2, 18) });
        await NotifyAsync(_app, _db, n => n.QueueMailAsync(booked.BookingId, BookingMailKinds.WaitlistOffer, "https://coaching.example/o/xyz", CancellationToken.None));
        await SendMailsAsync(_app);

        var mail = Assert.Single(_smtp.MailsTo(booked.Email));
        Assert.Empty(mail.Attachments);
        Assert.Contains("Bitte bestätigen Sie den Termin bis Dienstag, 2. März 2027, 18:00 Uhr: https://coaching.example/o/xyz", mail.Text);
    }

    [Fact]
    public async Task Reminders_go_out_once_each_24_and_2_hours_before_also_after_a_restart_and_tell_only_time_and_place()
    {
        var booked = await BookAsync(_db, _offer, Berlin(2027, 3, 9, 10), name: "Aylin Kaya", stage: "financing");
        await NotifyAsync(_app, _db, n => n.ScheduleRemindersAsync(booked.BookingId, booked.Start, CancellationToken.None));

        _app.Clock.Set(booked.Start - TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1));
        await SendRemindersAsync(_app);
        Assert.Empty(_smtp.MailsTo(booked.Email));

        _app.Clock.Set(booked.Start - TimeSpan.FromHours(24));
        await SendRemindersAsync(_app);
        await SendRemindersAsync(_app);
        var first = Assert.Single(_smtp.MailsTo(booked.Email));
        Assert.Equal("Erinnerung: Ihr Beratungstermin am Dienstag, 9. März 2027, 10:00 Uhr", first.Subject);
        Assert.Contains("Termin: Dienstag, 9. März 2027, 10:00–11:00 Uhr", first.Text);
        Assert.Contains("Ort: " + Room, first.Text);
        foreach (var secret in new[] { "Insolvenz", "Sprechstunde", "financing", "Finanz", "Aylin", "Kaya", "Katrin Albers", "business" })
        {
            Assert.DoesNotContain(secret, first.Text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(secret, first.Subject, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Empty(first.Attachments);

        // A restarted host on the same database finds nothing left to send …
        Assert.Equal(0, await SendRemindersAsync(fixture.OtherHost(booked.Start - TimeSpan.FromHours(3))));
        // … and the 2-hour reminder goes out once at its time.
        _app.Clock.Set(booked.Start - TimeSpan.FromHours(2) + TimeSpan.FromSeconds(30));
        await SendRemindersAsync(_app);
        _app.Clock.Set(booked.Start - TimeSpan.FromMinutes(30));
        await SendRemindersAsync(_app);
        Assert.Equal(2, _smtp.MailsTo(booked.Email).Count);

        await using var connection = await _db.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string Kind, string Status, int Attempts, DateTime? SentAt)>(
            "select kind, status, attempts, sent_at from coaching.reminders where booking_id = @BookingId order by due_at", booked)).ToList();
        Assert.Equal(new[] { ("24h", "sent", 1), ("2h", "sent", 1) }, rows.Select(r => (r.Kind, r.Status, r.Attempts)).ToArray());
        Assert.All(rows, r => Assert.NotNull(r.SentAt));
    }

    [Fact]
    public async Task Two_hosts_running_the_reminder_job_at_once_send_each_reminder_exactly_once()
    {
        var start = Berlin(2027, 3, 9, 10);
        var bookings = new List<Booked>();
        for (var i = 0; i < 6; i++)
            bookings.Add(await BookAsync(_db, _offer, start.AddHours(i % 3), sessionId: i >= 3 ? bookings[i - 3].SessionId : null, capacity: 2));
        foreach (var b in bookings)
            await NotifyAsync(_app, _db, n => n.ScheduleRemindersAsync(b.BookingId, b.Start, CancellationToken.None));
        _smtp.Delay = TimeSpan.FromMilliseconds(40); // runs overlap while mails go out

        var now = start.AddHours(3) - TimeSpan.FromHours(24); // every 24-hour reminder is due, no 2-hour one
        _app.Clock.Set(now);
        var senders = new[] { _app, fixture.OtherHost(now) };
        var claimed = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => SendRemindersAsync(senders[i % 2]))));

        Assert.Equal(6, claimed.Sum());
        foreach (var b in bookings)
            Assert.Single(_smtp.MailsTo(b.Email));
    }

    [Fact]
    public async Task A_cancelled_booking_gets_no_reminder_and_a_moved_one_gets_them_at_its_new_time()
    {
        var cancelled = await BookAsync(_db, _offer, Berlin(2027, 3, 9, 10));
        var cancelledQuietly = await BookAsync(_db, _offer, Berlin(2027, 3, 9, 12)); // status changed, reminders left for the job to drop
        var moved = await BookAsync(_db, _offer, Berlin(2027, 3, 9, 14));
        foreach (var b in new[] { cancelled, cancelledQuietly, moved })
            await NotifyAsync(_app, _db, n => n.ScheduleRemindersAsync(b.BookingId, b.Start, CancellationToken.None));

        await CancelAsync(_db, cancelled);
        await NotifyAsync(_app, _db, n => n.CancelRemindersAsync(cancelled.BookingId, CancellationToken.None));
        await CancelAsync(_db, cancelledQuietly);
        var later = await MoveAsync(_db, _offer, moved, Berlin(2027, 3, 11, 9));
        await NotifyAsync(_app, _db, async n =>
        {
            await n.CancelRemindersAsync(moved.BookingId, CancellationToken.None);
            await n.ScheduleRemindersAsync(later.BookingId, later.Start, CancellationToken.None);
        });

        _app.Clock.Set(Berlin(2027, 3, 9, 13, 30)); // past every old due time, before the new ones
        await SendRemindersAsync(_app);
        Assert.Empty(_smtp.Mails);

        _app.Clock.Set(later.Start - TimeSpan.FromHours(24));
        await SendRemindersAsync(_app);
        _app.Clock.Set(later.Start - TimeSpan.FromHours(2));
        await SendRemindersAsync(_app);
        var reminders = _smtp.MailsTo(moved.Email);
        Assert.Equal(2, reminders.Count);
        Assert.All(reminders, m => Assert.Contains("Donnerstag, 11. März 2027, 09:00–10:00 Uhr", m.Text));
        Assert.Empty(_smtp.MailsTo(cancelled.Email));
        Assert.Empty(_smtp.MailsTo(cancelledQuietly.Email));

        await using var connection = await _db.DataSource.OpenConnectionAsync();
        var statuses = await connection.QueryAsync<string>(
            "select distinct status from coaching.reminders where booking_id = any(@ids)", new { ids = new[] { cancelled.BookingId, cancelledQuietly.BookingId } });
        Assert.Equal(["cancelled"], statuses.ToArray());
    }

    [Fact]
    public async Task A_refusing_mail_server_leaves_the_mail_failed_and_visible_to_its_coach_until_a_retry_delivers_it()
    {
        var booked = await BookAsync(_db, _offer, Berlin(2027, 3, 9, 10));
        var otherOffer = await CoachingArrange.CoachWithSessionTypeAsync(_db);
        var coach = await fixture.CoachAsync(1, _offer.CoachId);
        var otherCoach = await fixture.CoachAsync(2, otherOffer.CoachId);
        var admin = await fixture.AdminAsync();
        await NotifyAsync(_app, _db, n => n.QueueMailAsync(booked.BookingId, BookingMailKinds.Confirmation, CancellationToken.None));

        _smtp.Refuse = true;
        await SendMailsAsync(_app);
        var pending = await ListAsync(coach, "status=pending&type=mail");
        var first = Assert.Single(pending);
        Assert.Contains("451", first.GetProperty("lastError").GetString());
        Assert.Equal(1, first.GetProperty("attempts").GetInt32());
        Assert.Equal(0, await SendMailsAsync(_app)); // not before the backoff

        _app.Clock.Advance(TimeSpan.FromSeconds(31));
        await SendMailsAsync(_app);
        var failed = Assert.Single(await ListAsync(coach, "status=failed"));
        Assert.Equal(first.GetProperty("id").GetGuid(), failed.GetProperty("id").GetGuid());
        Assert.Equal("confirmation", failed.GetProperty("kind").GetString());
        Assert.Equal(booked.Email, failed.GetProperty("recipient").GetString());
        Assert.False(failed.TryGetProperty("body", out _));
        Assert.Empty(await ListAsync(otherCoach, "status=failed"));
        Assert.Single(await ListAsync(admin, "status=failed"));
        _app.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await SendMailsAsync(_app)); // failed stays failed until someone retries
        Assert.Empty(_smtp.Mails);

        var id = failed.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Forbidden, (await otherCoach.PostAsync($"/api/coaching/notifications/mails/{id}/retry", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coach.PostAsync($"/api/coaching/notifications/mails/{Guid.NewGuid()}/retry", null)).StatusCode);
        var retry = await coach.PostAsync($"/api/coaching/notifications/mails/{id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("pending", (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await coach.PostAsync($"/api/coaching/notifications/mails/{id}/retry", null)).StatusCode);

        _smtp.Refuse = false;
        Assert.Equal(1, await SendMailsAsync(_app));
        Assert.Single(_smtp.MailsTo(booked.Email));
        var sent = Assert.Single(await ListAsync(coach, "status=sent"));
        Assert.Equal(3, sent.GetProperty("attempts").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await coach.GetAsync("/api/coaching/notifications?status=lost")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await coach.GetAsync("/api/coaching/notifications?booking=kein-guid")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await coach.GetAsync("/api/coaching/notifications?pageSize=1000")).StatusCode);
    }

    [Fact]
    public async Task A_reminder_that_fails_is_retried_after_the_backoff_and_one_too_late_is_left_failed_for_staff()
    {
        var soon = await BookAsync(_db, _offer, Berlin(2027, 3, 9, 10));
        await NotifyAsync(_app, _db, n => n.ScheduleRemindersAsync(soon.BookingId, soon.Start, CancellationToken.None));
        var admin = await fixture.AdminAsync();

        _app.Clock.Set(soon.Start - TimeSpan.FromHours(24));
        _smtp.Refuse = true;
        await SendRemindersAsync(_app);
        _smtp.Refuse = false;
        _app.Clock.Advance(TimeSpan.FromSeconds(31));
        await SendRemindersAsync(_app);
        Assert.Single(_smtp.MailsTo(soon.Email));

        // The server refuses both tries of the 2-hour reminder; staff see it failed and retry it in time.
        _smtp.Refuse = true;
        _app.Clock.Set(soon.Start - TimeSpan.FromHours(2));
        await SendRemindersAsync(_app);
        _app.Clock.Advance(TimeSpan.FromMinutes(1));
        await SendRemindersAsync(_app);
        var failed = Assert.Single(await ListAsync(admin, "status=failed&type=reminder"));
        Assert.Equal("2h", failed.GetProperty("kind").GetString());
        _smtp.Refuse = false;
        var id = failed.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/coaching/notifications/reminders/{id}/retry", null)).StatusCode);
        await SendRemindersAsync(_app);
        Assert.Equal(2, _smtp.MailsTo(soon.Email).Count);

        // A reminder whose session began before the job could send it is failed, not sent late, and cannot be retried.
        var missed = await BookAsync(_db, _offer, Berlin(2027, 3, 9, 13));
        await NotifyAsync(_app, _db, n => n.ScheduleRemindersAsync(missed.BookingId, missed.Start, CancellationToken.None));
        _app.Clock.Set(missed.Start + TimeSpan.FromMinutes(5));
        await SendRemindersAsync(_app);
        Assert.Empty(_smtp.MailsTo(missed.Email));
        var late = Assert.Single(await ListAsync(admin, $"status=failed&booking={missed.BookingId}"));
        Assert.Equal("2h", late.GetProperty("kind").GetString()); // the 24-hour one was overtaken by it
        Assert.Contains("begonnen", late.GetProperty("lastError").GetString());
        Assert.Equal(HttpStatusCode.Conflict,
            (await admin.PostAsync($"/api/coaching/notifications/reminders/{late.GetProperty("id").GetGuid()}/retry", null)).StatusCode);
    }

    private async Task<T> ScalarAsync<T>(string sql, object args)
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }

    private static async Task<List<JsonElement>> ListAsync(HttpClient client, string query)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/coaching/notifications?" + query);
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    private static DateTimeOffset ParseUtc(string value) =>
        DateTimeOffset.ParseExact(value, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal);
}

/// <summary>Session outcomes, private notes and the founder journey through the staff API, with their events in the outbox.</summary>
public sealed class SessionOutcomeAndJourneyTests(CoachingHostFixture fixture) : IClassFixture<CoachingHostFixture>, IAsyncLifetime
{
    private readonly TestDatabase _db = fixture.Db;
    private readonly PlatformFactory _app = fixture.App;
    private CoachingArrange.Offer _offer = null!;
    private HttpClient _coach = null!;
    private HttpClient _otherCoach = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        _offer = await CoachingArrange.CoachWithSessionTypeAsync(_db, capacity: 5);
        _coach = await fixture.CoachAsync(1, _offer.CoachId);
        _otherCoach = await fixture.CoachAsync(2, (await CoachingArrange.CoachWithSessionTypeAsync(_db)).CoachId);
        _admin = await fixture.AdminAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The payloads of the events of that name about <paramref name="id"/> (a session or founder id).</summary>
    private async Task<List<string>> EventsAsync(string name, Guid id)
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<string>(
            "select payload::text from coaching.outbox_messages where event_name = @name and payload::text like @pattern order by occurred_at",
            new { name, pattern = $"%{id}%" })];
    }

    [Fact]
    public async Task An_outcome_is_recorded_once_the_session_began_by_its_own_coach_and_held_publishes_SessionHeld_with_those_who_came()
    {
        var first = await BookAsync(_db, _offer, Berlin(2027, 3, 9, 10), capacity: 5);
        var second = await BookAsync(_db, _offer, first.Start, sessionId: first.SessionId);
        var url = $"/api/coaching/sessions/{first.SessionId}/outcome";

        var early = await _coach.PostAsJsonAsync(url, new { outcome = "held" });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("begonnen", (await early.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        _app.Clock.Set(first.Start + TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.Forbidden, (await _otherCoach.PostAsJsonAsync(url, new { outcome = "held" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _coach.PostAsJsonAsync($"/api/coaching/sessions/{Guid.NewGuid()}/outcome", new { outcome = "held" })).StatusCode);
        var invalid = await _coach.PostAsJsonAsync(url, new { outcome = "great" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.True((await invalid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("outcome", out _));
        var stranger = await _coach.PostAsJsonAsync(url, new { outcome = "held", attendees = new[] { Guid.NewGuid() } });
        Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);
        Assert.True((await stranger.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("attendees", out _));
        Assert.Equal(HttpStatusCode.BadRequest, (await _coach.PostAsJsonAsync(url, new { outcome = "no_show", attendees = new[] { first.BookingId } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _coach.PostAsJsonAsync(url, new { outcome = "held", attendees = new[] { "kein-guid" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _coach.PostAsJsonAsync("/api/coaching/sessions/kein-guid/outcome", new { outcome = "held" })).StatusCode);

        var held = await _coach.PostAsJsonAsync(url, new { outcome = "held", attendees = new[] { first.BookingId } });
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        var record = await held.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("held", record.GetProperty("outcome").GetString());
        var attended = record.GetProperty("attendees").EnumerateArray().ToDictionary(a => a.GetProperty("bookingId").GetGuid(), a => a.GetProperty("attended").GetBoolean());
        Assert.True(attended[first.BookingId]);
        Assert.False(attended[second.BookingId]);

        // A correction of the attendance does not announce the session a second time.
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsJsonAsync(url, new { outcome = "held" })).StatusCode);
        var events = await EventsAsync("coaching.session-held.v1", first.SessionId);
        var payload = JsonDocument.Parse(Assert.Single(events)).RootElement;
        Assert.Equal(first.SessionId, payload.GetProperty("sessionId").GetGuid());
        Assert.Equal([first.FounderId], payload.GetProperty("founderIds").EnumerateArray().Select(f => f.GetGuid()).ToArray());

        // No-show and late cancellation of an individual session; no event.
        var single = await BookAsync(_db, _offer, Berlin(2027, 3, 9, 12));
        _app.Clock.Set(single.Start + TimeSpan.FromHours(1));
        var noShow = await (await _coach.PostAsJsonAsync($"/api/coaching/sessions/{single.SessionId}/outcome", new { outcome = "no_show" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("no_show", noShow.GetProperty("outcome").GetString());
        Assert.False(noShow.GetProperty("attendees")[0].GetProperty("attended").GetBoolean());
        Assert.Single(await EventsAsync("coaching.session-held.v1", first.SessionId));
        Assert.Empty(await EventsAsync("coaching.session-held.v1", single.SessionId));
    }

    [Fact]
    public async Task Private_notes_are_for_the_sessions_coach_and_admins_only()
    {
        var booked = await BookAsync(_db, _offer, Berlin(2027, 3, 9, 10));
        var url = $"/api/coaching/sessions/{booked.SessionId}/notes";
        Assert.Equal(HttpStatusCode.OK, (await _coach.PutAsJsonAsync(url, new { notes = "Hat Schulden aus früherer Selbständigkeit." })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _otherCoach.PutAsJsonAsync(url, new { notes = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _otherCoach.GetAsync($"/api/coaching/sessions/{booked.SessionId}/outcome")).StatusCode);

        var record = await _coach.GetFromJsonAsync<JsonElement>($"/api/coaching/sessions/{booked.SessionId}/outcome");
        Assert.Equal("Hat Schulden aus früherer Selbständigkeit.", record.GetProperty("coachNotes").GetString());
        var founder = await _admin.GetFromJsonAsync<JsonElement>($"/api/coaching/founders/{booked.FounderId}");
        Assert.Equal("Hat Schulden aus früherer Selbständigkeit.", founder.GetProperty("bookings")[0].GetProperty("coachNotes").GetString());

        // Nothing sent to the founder carries them.
        await NotifyAsync(_app, _db, n => n.QueueMailAsync(booked.BookingId, BookingMailKinds.Confirmation, CancellationToken.None));
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        Assert.Equal(1L, await connection.ExecuteScalarAsync<long>("select count(*) from coaching.outgoing_mails where booking_id = @BookingId", booked));
        Assert.Equal(0L, await connection.ExecuteScalarAsync<long>(
            "select count(*) from coaching.outgoing_mails where body like '%Schulden%' or ics like '%Schulden%' or subject like '%Schulden%'"));
        var tooLong = await _coach.PutAsJsonAsync(url, new { notes = new string('x', 20_001) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Fact]
    public async Task The_journey_needs_a_founding_date_not_in_the_future_and_the_first_one_publishes_FounderFounded()
    {
        var booked = await BookAsync(_db, _offer, Berlin(2027, 2, 23, 10), stage: "idea");
        var elsewhere = await BookAsync(_db, await CoachingArrange.CoachWithSessionTypeAsync(_db), Berlin(2027, 2, 24, 10));
        var url = $"/api/coaching/founders/{booked.FounderId}/journey";

        var noDate = await _coach.PutAsJsonAsync(url, new { stage = "founded" });
        Assert.Equal(HttpStatusCode.BadRequest, noDate.StatusCode);
        Assert.True((await noDate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("foundedOn", out _));
        var future = await _coach.PutAsJsonAsync(url, new { stage = "founded", foundedOn = "2027-03-02" }); // today in Berlin: 2027-03-01
        Assert.Equal(HttpStatusCode.BadRequest, future.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _coach.PutAsJsonAsync(url, new { stage = "rich" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _coach.PutAsJsonAsync(url, new { stage = "founded", foundedOn = "2027-02-30" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await _coach.PutAsync(url, new StringContent("{\"stage\":", Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _otherCoach.PutAsJsonAsync(url, new { stage = "business_plan" })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await _coach.PutAsJsonAsync(url, new { stage = "business_plan" })).StatusCode);
        Assert.Empty(await EventsAsync("coaching.founder-founded.v1", booked.FounderId));
        var founded = await _coach.PutAsJsonAsync(url, new { stage = "founded", foundedOn = "2027-03-01" });
        Assert.Equal(HttpStatusCode.OK, founded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _coach.PutAsJsonAsync(url, new { stage = "after_founding" })).StatusCode);

        var payload = JsonDocument.Parse(Assert.Single(await EventsAsync("coaching.founder-founded.v1", booked.FounderId))).RootElement;
        Assert.Equal(booked.FounderId, payload.GetProperty("founderId").GetGuid());
        Assert.Equal("2027-03-01", payload.GetProperty("foundedOn").GetString());

        var detail = await _coach.GetFromJsonAsync<JsonElement>($"/api/coaching/founders/{booked.FounderId}");
        Assert.Equal("after_founding", detail.GetProperty("founder").GetProperty("stage").GetString());
        Assert.Equal("2027-03-01", detail.GetProperty("founder").GetProperty("foundedOn").GetString());
        Assert.Equal(["business_plan", "founded", "after_founding"],
            detail.GetProperty("journey").EnumerateArray().Select(j => j.GetProperty("stage").GetString()!).ToArray());
        var history = Assert.Single(detail.GetProperty("bookings").EnumerateArray());
        Assert.Equal(booked.BookingId, history.GetProperty("bookingId").GetGuid());
        Assert.Equal("idea", history.GetProperty("stageAtBooking").GetString());

        // A coach lists the founders who booked with them; an admin lists everyone.
        var mine = await _coach.GetFromJsonAsync<JsonElement>("/api/coaching/founders");
        Assert.Equal([booked.FounderId], mine.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("id").GetGuid()).ToArray());
        var all = await _admin.GetFromJsonAsync<JsonElement>($"/api/coaching/founders?stage=business_plan&search={elsewhere.Email}");
        Assert.Equal([elsewhere.FounderId], all.GetProperty("items").EnumerateArray().Select(f => f.GetProperty("id").GetGuid()).ToArray());
        Assert.Equal(HttpStatusCode.NotFound, (await _coach.GetAsync($"/api/coaching/founders/{elsewhere.FounderId}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _coach.GetAsync("/api/coaching/founders?stage=rich")).StatusCode);
    }
}
