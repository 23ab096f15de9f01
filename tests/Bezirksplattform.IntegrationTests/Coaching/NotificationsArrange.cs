using Bezirksplattform.Coaching.Booking;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Coaching;
using Bezirksplattform.Coaching.Jobs.SendNotifications;
using Bezirksplattform.Coaching.Notifications;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;
using Microsoft.Extensions.Options;

namespace Bezirksplattform.IntegrationTests.Coaching;

/// <summary>
/// Bookings as the booking slices leave them (written with SQL, since those slices are built
/// elsewhere), and <see cref="BookingNotifications"/> called inside a transaction as they call it.
/// </summary>
internal static class NotificationsArrange
{
    public sealed record Booked(Guid BookingId, Guid SessionId, Guid FounderId, string Name, string Email, DateTimeOffset Start, DateTimeOffset End);

    /// <summary>2027-03-01 09:00 Berlin (winter time); staff log in then, and tests only move forward.</summary>
    public static readonly DateTimeOffset Start = new(2027, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static Dictionary<string, string?> Settings(SmtpReceiver smtp, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>(smtp.Settings) { ["Auth:TokenLifetime"] = "3650.00:00:00" };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    public static DateTimeOffset Berlin(int y, int m, int d, int h, int min = 0)
    {
        var local = new DateTime(y, m, d, h, min, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin").GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>A confirmed booking; a new session unless <paramref name="sessionId"/> names a group session to join.</summary>
    public static async Task<Booked> BookAsync(
        TestDatabase db, CoachingArrange.Offer offer, DateTimeOffset start, int minutes = 60, string? name = null, string stage = "business_plan",
        Guid? sessionId = null, int capacity = 1)
    {
        var founderId = Guid.NewGuid();
        var bookingId = Guid.NewGuid();
        name ??= "Gründerin " + founderId.ToString("N")[..6];
        var email = $"founder-{founderId:N}@example.org";
        var end = start.AddMinutes(minutes);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        if (sessionId is null)
        {
            sessionId = Guid.NewGuid();
            await connection.ExecuteAsync(
                """
                insert into coaching.sessions (id, coach_id, session_type_id, starts_at, ends_at, blocked, capacity, created_at)
                values (@sessionId, @CoachId, @SessionTypeId, @start, @end, tstzrange(@start, @end), @capacity, now())
                """, new { sessionId, offer.CoachId, offer.SessionTypeId, start, end, capacity });
        }

        await connection.ExecuteAsync(
            """
            insert into coaching.founders (id, email_normalized, name, stage, created_at, updated_at) values (@founderId, @email, @name, @stage, now(), now());
            insert into coaching.bookings (id, session_id, founder_id, status, name, email, stage, consent_at, created_at, updated_at)
            values (@bookingId, @sessionId, @founderId, 'confirmed', @name, @email, @stage, now(), now(), now());
            """, new { founderId, email, name, stage, bookingId, sessionId });
        return new Booked(bookingId, sessionId.Value, founderId, name, email, start, end);
    }

    /// <summary>Moves the booking to a new session at <paramref name="start"/>, as a reschedule that keeps the booking does: SEQUENCE + 1.</summary>
    public static async Task<Booked> MoveAsync(TestDatabase db, CoachingArrange.Offer offer, Booked booked, DateTimeOffset start)
    {
        var sessionId = Guid.NewGuid();
        var end = start + (booked.End - booked.Start);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            update coaching.sessions set status = 'cancelled' where id = @old;
            insert into coaching.sessions (id, coach_id, session_type_id, starts_at, ends_at, blocked, capacity, created_at)
            values (@sessionId, @CoachId, @SessionTypeId, @start, @end, tstzrange(@start, @end), 1, now());
            update coaching.bookings set session_id = @sessionId, sequence = sequence + 1, updated_at = now() where id = @BookingId;
            """, new { old = booked.SessionId, sessionId, offer.CoachId, offer.SessionTypeId, start, end, booked.BookingId });
        return booked with { SessionId = sessionId, Start = start, End = end };
    }

    public static async Task CancelAsync(TestDatabase db, Booked booked, string by = "founder")
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "update coaching.bookings set status = 'cancelled', cancelled_at = now(), cancelled_by = @by, sequence = sequence + 1 where id = @BookingId",
            new { booked.BookingId, by });
    }

    /// <summary>Runs <paramref name="work"/> in one transaction of the coaching module, as a booking handler would, and commits.</summary>
    public static async Task NotifyAsync(PlatformFactory app, TestDatabase db, Func<BookingNotifications, Task> work)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var session = new DbSession(new CoachingModule(), connection, transaction);
        await work(new BookingNotifications(session, app.Clock, app.Get<IOptions<NotificationOptions>>(), app.Get<ManageLinks>()));
        await transaction.CommitAsync();
    }

    public static Task<int> SendMailsAsync(PlatformFactory app) => app.Get<NotificationSender>().SendDueMailsAsync(CancellationToken.None);

    public static Task<int> SendRemindersAsync(PlatformFactory app) => app.Get<NotificationSender>().SendDueRemindersAsync(CancellationToken.None);

    /// <summary>A signed-in coach whose account manages the given coach profile.</summary>
    public static async Task<HttpClient> CoachClientAsync(PlatformFactory app, TestDatabase db, Guid coachId)
    {
        var userName = "coach-" + Guid.NewGuid().ToString("N")[..8];
        const string password = "correct-horse-battery";
        var userId = await StaffUsers.CreateAsync(db, userName, password, Roles.Coach);
        await using (var connection = await db.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("update coaching.coaches set staff_user_id = @userId where id = @coachId", new { userId, coachId });
        var client = app.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { userName, password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Unfolds an iCalendar text into content lines (name → value of the first such line).</summary>
    public static Dictionary<string, string> IcsProperties(string ics, out List<string> lines)
    {
        lines = [.. ics.Replace("\r\n ", "").Split("\r\n", StringSplitOptions.RemoveEmptyEntries)];
        var properties = new Dictionary<string, string>();
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':');
            var name = line[..colon].Split(';')[0];
            properties.TryAdd(name, line[(colon + 1)..]);
        }

        return properties;
    }
}

/// <summary>
/// One database, mail server and host per test class (starting a host is the slow part). Each test
/// begins with <see cref="ResetAsync"/>: clock at <see cref="NotificationsArrange.Start"/>, no queued
/// mails or reminders, an empty and willing mail server; tests arrange their own coach, so the
/// bookings of earlier tests are never theirs.
/// </summary>
public sealed class CoachingHostFixture : IAsyncLifetime
{
    public SmtpReceiver Smtp { get; private set; } = null!;
    public TestDatabase Db { get; private set; } = null!;
    public PlatformFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Smtp = SmtpReceiver.Start();
        Db = await TestDatabase.CreateMigratedAsync();
        App = Host(new TestClock(NotificationsArrange.Start));
        _ = App.Server; // start it now, not inside the first test
    }

    /// <summary>A host on the same database and mail server, e.g. a second cluster node or a restart.</summary>
    public PlatformFactory Host(TestClock clock) =>
        new(Db, clock, NotificationsArrange.Settings(Smtp, ("Coaching:MaxSendAttempts", "2"), ("Coaching:FirstRetryDelay", "00:00:30")));

    private PlatformFactory? _other;

    /// <summary>A second host on the same database with a clock of its own: another cluster node, or the restarted host.</summary>
    public PlatformFactory OtherHost(DateTimeOffset now)
    {
        _other ??= Host(new TestClock(now));
        _other.Clock.Set(now);
        return _other;
    }

    private readonly Dictionary<int, (Guid UserId, HttpClient Client)> _coaches = [];
    private HttpClient? _admin;

    /// <summary>An admin, signed in once per class (hashing passwords is what makes logins slow).</summary>
    public async Task<HttpClient> AdminAsync() => _admin ??= await App.ClientForRoleAsync(Roles.Admin);

    /// <summary>Coach account number <paramref name="slot"/>, signed in once and now managing the profile <paramref name="coachId"/>.</summary>
    public async Task<HttpClient> CoachAsync(int slot, Guid coachId)
    {
        if (!_coaches.TryGetValue(slot, out var coach))
        {
            var client = await NotificationsArrange.CoachClientAsync(App, Db, coachId);
            await using var c = await Db.DataSource.OpenConnectionAsync();
            _coaches[slot] = coach = (await c.ExecuteScalarAsync<Guid>("select staff_user_id from coaching.coaches where id = @coachId", new { coachId }), client);
        }

        await using var connection = await Db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            update coaching.coaches set staff_user_id = null where staff_user_id = @UserId;
            update coaching.coaches set staff_user_id = @UserId where id = @coachId;
            """, new { coach.UserId, coachId });
        return coach.Client;
    }

    public async Task ResetAsync()
    {
        App.Clock.Set(NotificationsArrange.Start);
        Smtp.Clear();
        await using var connection = await Db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("delete from coaching.reminders; delete from coaching.outgoing_mails;");
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        if (_other is not null) await _other.DisposeAsync();
        await Db.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}
