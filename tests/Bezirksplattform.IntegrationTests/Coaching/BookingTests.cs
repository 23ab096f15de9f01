using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.Coaching.Booking;
using Bezirksplattform.Coaching.Data;
using Bezirksplattform.Coaching.Jobs.ExpireWaitlistOffers;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.IntegrationTests.Coaching;

/// <summary>One host and database for the booking tests; every test arranges its own coach and session type.</summary>
public sealed class BookingFixture : IAsyncLifetime
{
    public TestDatabase Db { get; private set; } = null!;
    public PlatformFactory App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateMigratedAsync();
        App = new PlatformFactory(Db, new TestClock(BookingTests.Monday), new Dictionary<string, string?> { ["Coaching:PublicWritesPerMinute"] = "100000" });
        Client = App.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Db.DisposeAsync();
    }
}

/// <summary>Public booking: no double booking under concurrency, idempotency, validation, cut-offs, manage links, rescheduling, waitlist.</summary>
public sealed class BookingTests(BookingFixture fx) : IClassFixture<BookingFixture>
{
    /// <summary>Monday 23.11.2026, 09:00 in Berlin (UTC+1 in winter).</summary>
    public static readonly DateTimeOffset Monday = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private HttpClient Client => fx.Client;

    private static DateTimeOffset Berlin(int month, int day, int hour, int minute = 0) =>
        new DateTimeOffset(2026, month, day, hour, minute, 0, TimeSpan.FromHours(1)).ToUniversalTime();

    private static object Body(CoachingArrange.Offer offer, DateTimeOffset start, string? email = null, string stage = "business_plan", bool consent = true) => new
    {
        sessionType = offer.SessionTypeSlug, coach = offer.CoachId, start, name = "Gründerin Test", email = email ?? $"g-{Guid.NewGuid():N}@example.org",
        phone = "+49 30 5550100", stage, consent,
    };

    private Task<HttpResponseMessage> BookAsync(CoachingArrange.Offer offer, DateTimeOffset start, string? email = null, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/public/v1/coaching/bookings") { Content = JsonContent.Create(Body(offer, start, email)) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return Client.SendAsync(request);
    }

    private async Task<JsonElement> BookedAsync(CoachingArrange.Offer offer, DateTimeOffset start, string? email = null)
    {
        var response = await BookAsync(offer, start, email);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static Guid IdOf(JsonElement booking) => booking.GetProperty("id").GetGuid();

    private static string TokenOf(JsonElement booking) => booking.GetProperty("manageToken").GetString()!;

    private Task<HttpResponseMessage> ManageAsync(Guid id, string token, string action, object? body = null) =>
        Client.PostAsJsonAsync($"/api/public/v1/coaching/bookings/{id}/{action}?token={Uri.EscapeDataString(token)}", body ?? new { });

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<T> ScalarAsync<T>(string sql, object? param = null)
    {
        await using var connection = await fx.Db.DataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, param))!;
    }

    private Task<int> BookingCountAsync(CoachingArrange.Offer offer, string? status = null) => ScalarAsync<int>(
        "select count(*)::int from coaching.bookings b join coaching.sessions s on s.id = b.session_id where s.coach_id = @CoachId and (@status::text is null or b.status = @status)",
        new { offer.CoachId, status });

    private Task<int> SessionCountAsync(CoachingArrange.Offer offer, string? status = null) => ScalarAsync<int>(
        "select count(*)::int from coaching.sessions where coach_id = @CoachId and (@status::text is null or status = @status)", new { offer.CoachId, status });

    private Task<string> BookingStatusAsync(Guid id) => ScalarAsync<string>("select status from coaching.bookings where id = @id", new { id });

    private Task<string> SessionStatusOfAsync(Guid bookingId) => ScalarAsync<string>(
        "select s.status from coaching.sessions s join coaching.bookings b on b.session_id = s.id where b.id = @bookingId", new { bookingId });

    private Task<int> EventCountAsync(string eventName, Guid bookingId) => ScalarAsync<int>(
        "select count(*)::int from coaching.outbox_messages where event_name = @eventName and payload->>'bookingId' = @id", new { eventName, id = bookingId.ToString() });

    /// <summary>A second session type of an existing coach (CoachingArrange makes a new coach per type).</summary>
    private async Task<CoachingArrange.Offer> SecondTypeAsync(Guid coachId, int duration = 60, int step = 30, int bufferBefore = 0)
    {
        var typeId = Guid.NewGuid();
        var slug = "typ-" + typeId.ToString("N")[..8];
        await using var connection = await fx.Db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            insert into coaching.session_types (id, slug, name, duration_minutes, location_kind, capacity, buffer_before_minutes, slot_step_minutes,
                min_notice_minutes, horizon_days, created_at, updated_at)
            values (@typeId, @slug, 'Zweite Sitzungsart', @duration, 'video', 1, @bufferBefore, @step, 0, 365, now(), now());
            insert into coaching.session_type_coaches (session_type_id, coach_id) values (@typeId, @coachId);
            """, new { typeId, slug, duration, bufferBefore, step, coachId });
        return new CoachingArrange.Offer(coachId, typeId, slug);
    }

    [Fact]
    public async Task A_session_type_with_reserved_hours_is_bookable_only_in_its_own_windows()
    {
        fx.App.Clock.Set(Monday);
        var offer = await CoachingArrange.CoachWithSessionTypeAsync(fx.Db); // general hours Monday–Friday 09:00–17:00
        var workshop = await SecondTypeAsync(offer.CoachId, duration: 120, step: 60);
        await using (var connection = await fx.Db.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync(
                """
                update coaching.session_types set reserved_hours_only = true where id = @SessionTypeId;
                insert into coaching.availability_rules (id, coach_id, weekday, start_time, end_time, session_type_id)
                values (gen_random_uuid(), @CoachId, 6, '10:00', '13:00', @SessionTypeId);
                """, workshop);

        // The slot list offers the workshop only on Saturday; booking follows exactly the same rules.
        await ProblemAsync(await BookAsync(workshop, Berlin(12, 1, 10)), HttpStatusCode.UnprocessableEntity); // a Tuesday, general hours
        await BookedAsync(workshop, Berlin(12, 5, 10)); // Saturday 10:00, its reserved window
        await ProblemAsync(await BookAsync(offer, Berlin(12, 5, 10)), HttpStatusCode.UnprocessableEntity); // the general type is not offered then
    }

    // ------------------------------------------------------------------ no double booking

    [Fact]
    public async Task Fifty_concurrent_bookings_of_one_individual_slot_give_exactly_one_booking()
    {
        fx.App.Clock.Set(Monday);
        var offer = await CoachingArrange.CoachWithSessionTypeAsync(fx.Db);
        var start = Berlin(12, 1, 10);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => BookAsync(offer, start)));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == 201));
        Assert.Equal(49, statuses.Count(s => s == 409));
        var problem = await ProblemAsync(responses.First(r => (int)r.StatusCode == 409), HttpStatusCode.Conflict);
        Assert.Contains("nicht mehr frei", problem.GetProperty("detail").GetString());
        Assert.Equal(1, await BookingCountAsync(offer));
        Assert.Equal(1, await SessionCountAsync(offer));
    }

    [Fact]
    public async Task Fifty_concurrent_bookings_of_a_group_slot_fill_exactly_its_five_seats()
    {
        fx.App.Clock.Set(Monday);
        var offer = await CoachingArrange.CoachWithSessionTypeAsync(fx.Db, durationMinutes: 120, capacity: 5);
        var start = Berlin(12, 2, 14);

        var responses = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => BookAsync(offer, start)));

        var statuses = responses.Select(r => (int)r.StatusCode).ToList();
        Assert.Equal(5, statuses.Count(s => s == 201));
        Assert.Equal(45, statuses.Count(s => s == 409));
        Assert.Equal(1, await SessionCountAsync(offer));
        Assert.Equal(5, await BookingCountAsync(offer, "confirmed"));
    }

    [Fact]
    public async Task Another_session_type_of_the_same_coach_cannot_overlap_a_booking_or_its_buffer()
    {
        fx.App.Clock.Set(Monday);
        var offer = await CoachingArrange.CoachWithSessionTypeAsync(fx.Db, bufferAfter: 15);
        var other = await SecondTypeAsync(offer.CoachId, duration: 30, step: 15, bufferBefore: 0);
        await BookedAsync(offer, Berlin(12, 1, 10)); // 10:00–11:00, blocked until 11:15

        await ProblemAsync(await BookAsync(other, Berlin(12, 1, 10, 30)), HttpStatusCode.Conflict);
        await ProblemAsync(await BookAsync(other, Berlin(12, 1, 11)), HttpStatusCode.Conflict);  // inside the 15-minute buffer
        Assert.Equal(HttpStatusCode.Created, (await BookAsync(other, Berlin(12, 1, 11, 15))).StatusCode);
        await ProblemAsync(await BookAsync(other, Berlin(12, 1, 9, 45)), HttpStatusCode.Conflict); // 9:45–10:15 overlaps
    }

    [Fact]
    public async Task A_session_another_writer_creates_at_the_same_moment_is_joined_or_refused_never_doubled()
    {
        fx.App.Clock.Set(Monday);
        var offer = await CoachingArrange.CoachWithSessionTypeAsync(fx.Db);
        var other = await SecondTypeAsync(offer.CoachId);
        var start = Berlin(12, 11, 10);

        // Another writer (not this code path: no coach lock) inserts the session and keeps its transaction open.
        async Task<(HttpResponseMessage Response, Guid SessionId)> RaceAsync(CoachingArrange.Offer writer, CoachingArrange.Offer booker)
        {
            await using var connection = await fx.Db.DataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var sessionId = Guid.NewGuid();
            await connection.ExecuteAsync(
                """
                insert into coaching.sessions (id, coach_id, session_type_id, starts_at, ends_at, blocked, capacity, status, created_at)
                values (@sessionId, @CoachId, @SessionTypeId, @start, @end, tstzrange(@start, @end), 1, 'active', now())
                """, new { sessionId, writer.CoachId, writer.SessionTypeId, start, end = start.AddHours(1) }, transaction);
            var booking = BookAsync(booker, start);
            await Task.Delay(500); // the booking now waits for this transaction's index entries
            Assert.False(booking.IsCompleted);
            await transaction.CommitAsync();
            return (await booking, sessionId);
        }

        // The same session type: the booking joins the session the other writer created (the savepoint path).
        var (joined, sessionId) = await RaceAsync(offer, offer);
        Assert.Equal(HttpStatusCode.Created, joined.StatusCode);
        Assert.Equal(sessionId, await ScalarAsync<Guid>("select session_id from coaching.bookings where id = @id",
            new { id = IdOf(await joined.Content.ReadFromJsonAsync<JsonElement>()) }));
        Assert.Equal(1, await SessionCountAsync(offer));

        // Another session type at an overlapping time: the exclusion constraint refuses it, as a 409.
        await using (var connection = await fx.Db.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("update coaching.sessions set status = 'cancelled' where coach_id = @CoachId", offer);
        var (refused, _) = await RaceAsync(other, offer);
        var problem = await ProblemAsync(refused, HttpStatusCode.Conflict);
        Assert.Contains("nicht mehr frei", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_time_never_offered_is_refused_with_the_reason()
    {
        fx.App.Clock.Set(Monday);
        var offer = await CoachingArrange.CoachWithSessionTypeAsync(fx.Db, minNoticeMinutes: 1440);

        var saturday = await ProblemAsync(await BookAsync(offer, Berlin(11, 28, 10)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("bietet dieser Coach", saturday.GetProperty("detail").GetString());
        Assert.True(saturday.GetProperty("errors").TryGetProperty("start", out _));
        var tooSoon = await ProblemAsync(await BookAsync(offer, Berlin(11, 23, 15)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("24 Stunden Vorlauf", tooSoon.GetProperty("detail").GetString());
        var offGrid = await ProblemAsync(await BookAsync(offer, Berlin(12, 1, 10, 20)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("nicht an", offGrid.GetProperty("detail").GetString());
        var past = await ProblemAsync(await BookAsync(offer, Berlin(11, 20, 10)), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("Vergangenheit", past.GetProperty("detail").GetString());
    }

    // ------------------------------------------------------------------ idempotency

    [Fact]
    public async Task A_retry_with_the_same_Idempotency_Key_returns_the_same_booking_and_books_once()
    {
        fx.App.Clock.Set(Monday);
        var offer = await CoachingArrange.CoachWithSessionTypeAsync(fx.Db);
        var start = Berlin(12, 3, 9);
        var key = "retry-" + Guid.NewGuid();

        var first = await BookAsync(offer, start, "retry@example.org", key);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        // Retries, some of them racing each other.
        var retries = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => BookAsync(offer, start, "Retry@Example.org ", key)));
        foreach (var retry in retries)
        {
            Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
            Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync());
            Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        }

        Assert.Equal(1, await ScalarAsync<int>("select count(*)::int from coaching.bookings where idempotency_key = @key", new { key }));

        var reused = await ProblemAsync(await BookAsync(offer, Berlin(12, 3, 10), "retry@example.org", key), HttpStatusCode.UnprocessableEntity);
        Assert.True(reused.GetProperty("errors").TryGetProperty("idempotencyKey", out _));
        Assert.Contains("Idempotency-Key", reused.GetProperty("detail").GetString());
        var tooLong = await ProblemAsync(await BookAsync(offer, Berlin(12, 3, 11), key: new string('k', 201)), HttpStatusCode.BadRequest);
        Assert.True(tooLong.GetProperty("errors").TryGetProperty("idempotencyKey", out _));
    }

    [Fact]
    public async Task Concurrent_first_requests_with_one_key_create_one_booking()
    {
        fx.App.Clock.Set(Monday);
        var offer = await CoachingArrange.CoachWithSessionTypeAsync(fx.Db);
        var key = "race-" + Guid.NewGuid();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => BookAsync(offer, Berlin(12, 3, 13), "race@example.org", key)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => IdOf(await r.Content.ReadFromJsonAsync<JsonElement>())));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await ScalarAsync<int>("select count(*)::int from coaching.bookings where idempotency_key = @key", new { key }));
    }

    // ------------------------------------------------------------------ validation

    [Theory]
    [InlineData("consent", """{"consent": false}""")]
    [InlineData("email", """{"email": "keine-adresse"}""")]
    [InlineData("email", """{"email": "a@b"}""")]
    [InlineData("stage", """{"stage": "dreaming"}""")]
    [InlineData("coach", """{"coach": "not-a-guid"}""")]
    [InlineData("start", """{"start": "2026-12-01T10:00:00"}""")]
    [InlineData("start", """{"start": null}""")]
    [InlineData("name", """{"name": " "}""")]
    [InlineData("phone", """{"phone": "call me maybe"}""")]
    [InlineData("sessionType", """{"sessionType": "gibt-es-nicht"}""")]
    public async Task Invalid_input_is_a_400_naming_the_field(string field, string overrideJson)
    {
        fx.App.Clock.Set(Monday);
        var offer = await CoachingArrange.CoachWithSessionTypeAsync(fx.Db);
        var body = JsonSerializer.SerializeToNode(Body(offer, Berlin(12, 1, 10)), new JsonSerializerOptions(JsonSerializerDefaults.Web))!.AsObject();
        foreach (var (name, value) in JsonNodeOf(overrideJson)) body[name] = value?.DeepClone();

        var response = await Client.PostAsync("/api/public/v1/coaching/bookings",
            new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), problem.ToString());
        Assert.NotEmpty(messages.EnumerateArray().First().GetString()!);
        Assert.Equal(0, await SessionCountAsync(offer));
    }

    private static System.Text.Json.Nodes.JsonObject JsonNodeOf(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();

    [Fact]
    public async Task A_booking_id_that_is_no_guid_is_a_400_naming_it()
    {
        var problem = await ProblemAsync(await Client.GetAsync("/api/public/v1/coaching/bookings/kein-guid?token=x"), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("id", out _));
    }

    // ------------------------------------------------------------------ manage links and cut-offs

    [Fact]
    public async Task The_founder_cancels_through_the_link_until_the_cut_off_and_is_told_when_it_passed()
    {
        fx.App.Clock.Set(Monday);
        var offer = await CoachingArrange.CoachWithSessionTypeAsync(fx.Db, cancelCutoffMinutes: 1440);
        var early = await BookedAsync(offer, Berlin(12, 1, 10));
        var late = await BookedAsync(offer, Berlin(12, 1, 12));

        var shown = await Client.GetFromJsonAsync<JsonElement>($"/api/public/v1/coaching/bookings/{IdOf(late)}?token={TokenOf(late)}");
        Assert.Equal(Berlin(11, 30, 12), shown.GetProperty("cancelUntil").GetDateTimeOffset());

        fx.App.Clock.Set(Berlin(11, 30, 9, 59));
        var cancelled = await ManageAsync(IdOf(early), TokenOf(early), "cancel");
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("cancelled", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal("cancelled", await SessionStatusOfAsync(IdOf(early)));

        fx.App.Clock.Set(Berlin(11, 30, 12, 1));
        var refused = await ProblemAsync(await ManageAsync(IdOf(late), TokenOf(late), "cancel"), HttpStatusCode.Conflict);
        Assert.Contains("Montag, 30. November 2026, 12:00 Uhr", refused.GetProperty("detail").GetString());
        Assert.Contains("24 Stunden vor Beginn", refused.GetProperty("detail").GetString());
        Assert.Equal("confirmed", await BookingStatusAsync(IdOf(late)));
        Assert.Equal(1, await EventCountAsync("coaching.session-cancelled.v1", IdOf(early)));
    }

    [Fact]
    public async Task Manage_links_that_are_missing_tampered_foreign_or_expired_are_refused_with_the_reason()
    {
        fx.App.Clock.Set(Monday);
        var offer = await CoachingArrange.CoachWithSessionTypeAsync(fx.Db);
        var booking = await BookedAsync(offer, Berlin(12, 4, 10));
        var other = await BookedAsync(offer, Berlin(12, 4, 14));
        var id = IdOf(booking);
        var token = TokenOf(booking);
        Assert.EndsWith($"/{id}?token={token}", booking.GetProperty("manageUrl").GetString());

        await ProblemAsync(await Client.GetAsync($"/api/public/v1/coaching/bookings/{id}"), HttpStatusCode.Unauthorized);
        var tampered = token[..10] + (token[10] == 'A' ? 'B' : 'A') + token[11..];
        var forged = await ProblemAsync(await Client.GetAsync($"/api/public/v1/coaching/bookings/{id}?token={tampered}"), HttpStatusCode.Forbidden);
        Assert.Contains("ungültig", forged.GetProperty("detail").GetString());
        await ProblemAsync(await Client.GetAsync($"/api/public/v1/coaching/bookings/{id}?token=kurz"), HttpStatusCode.Forbidden);
        await ProblemAsync(await ManageAsync(id, TokenOf(other), "cancel"), HttpStatusCode.Forbidden);
        var unknown = Guid.NewGuid();
        var unknownToken = fx.App.Get<ManageLinks>().Issue(unknown, 1, Berlin(12, 4, 10)).Token;
        await ProblemAsync(await Client.GetAsync($"/api/public/v1/coaching/bookings/{unknown}?token={unknownToken}"), HttpStatusCode.NotFound);

        var view = await Client.GetFromJsonAsync<JsonElement>($"/api/public/v1/coaching/bookings/{id}?token={token}");
        Assert.Equal(id, IdOf(view));

        fx.App.Clock.Set(Berlin(12, 5, 10, 1)); // a day and a minute after the start
        var expired = await ProblemAsync(await Client.GetAsync($"/api/public/v1/coaching/bookings/{id}?token={token}"), HttpStatusCode.Unauthorized);
        Assert.Contains("abgelaufen", expired.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Rescheduling_moves_the_booking_in_one_step_keeping_its_calendar_identity()
    {
        fx.App.Clock.Set(Monday);
        var offer = await CoachingArrange.CoachWithSessionTypeAsync(fx.Db, rescheduleCutoffMinutes: 2880);
        var booking = await BookedAsync(offer, Berlin(12, 7, 10));
        var blocker = await BookedAsync(offer, Berlin(12, 7, 13));
        var id = IdOf(booking);

        // Into a taken time: nothing changes.
        var taken = await ProblemAsync(await ManageAsync(id, TokenOf(booking), "reschedule", new { start = Berlin(12, 7, 13) }), HttpStatusCode.Conflict);
        Assert.Contains("nicht mehr frei", taken.GetProperty("detail").GetString());
        Assert.Equal("confirmed", await BookingStatusAsync(id));
        await ProblemAsync(await ManageAsync(id, TokenOf(booking), "reschedule", new { start = Berlin(12, 7, 10) }), HttpStatusCode.BadRequest);
        await ProblemAsync(await ManageAsync(id, TokenOf(booking), "reschedule", new { }), HttpStatusCode.BadRequest);

        // Moving to a free time: a new row at the new time, the old one marked moved, its session freed.
        var moved = await ManageAsync(id, TokenOf(booking), "reschedule", new { start = Berlin(12, 8, 11) });
        Assert.Equal(HttpStatusCode.Created, moved.StatusCode);
        var next = await moved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(id, IdOf(next));
        Assert.Equal(Berlin(12, 8, 11), next.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(booking.GetProperty("seriesId").GetGuid(), next.GetProperty("seriesId").GetGuid());
        Assert.Equal(booking.GetProperty("sequence").GetInt32() + 1, next.GetProperty("sequence").GetInt32());
        Assert.Equal("moved", await BookingStatusAsync(id));
        Assert.Equal(IdOf(next), await ScalarAsync<Guid>("select moved_to from coaching.bookings where id = @id", new { id }));
        Assert.Equal("cancelled", await SessionStatusOfAsync(id));

        // The old link is revoked; the new one works, and the freed time can be booked by someone else.
        var revoked = await ProblemAsync(await ManageAsync(id, TokenOf(booking), "cancel"), HttpStatusCode.Forbidden);
        Assert.Contains("verschoben", revoked.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Created, (await BookAsync(offer, Berlin(12, 7, 10))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync($"/api/public/v1/coaching/bookings/{IdOf(next)}?token={TokenOf(next)}")).StatusCode);

        // Cut-off: two days before the start.
        fx.App.Clock.Set(Berlin(12, 5, 13, 1));
        var late = await ProblemAsync(await ManageAsync(IdOf(blocker), TokenOf(blocker), "reschedule", new { start = Berlin(12, 9, 10) }), HttpStatusCode.Conflict);
        Assert.Contains("Samstag, 5. Dezember 2026, 13:00 Uhr", late.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Concurrent_reschedules_into_one_free_slot_move_exactly_one_booking()
    {
        fx.App.Clock.Set(Monday);
        var offer = await CoachingArrange.CoachWithSessionTypeAsync(fx.Db);
        var bookings = new List<JsonElement>();
        foreach (var hour in new[] { 9, 10, 11, 12, 13, 14 }) bookings.Add(await BookedAsync(offer, Berlin(12, 10, hour)));

        var responses = await Task.WhenAll(bookings.Select(b => ManageAsync(IdOf(b), TokenOf(b), "reschedule", new { start = Berlin(12, 10, 16) })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(6, await BookingCountAsync(offer, "confirmed"));
        Assert.Equal(6, await SessionCountAsync(offer, "active"));
    }

    // ------------------------------------------------------------------ waitlist

    [Fact]
    public async Task A_freed_seat_is_offered_to_the_first_in_line_then_to_the_next_when_the_hold_ends()
    {
        fx.App.Clock.Set(Monday);
        var offer = await CoachingArrange.CoachWithSessionTypeAsync(fx.Db);
        var start = Berlin(12, 2, 10);
        var booking = await BookedAsync(offer, start);

        var first = await JoinAsync(offer, "erste@example.org", "2026-12-02", "2026-12-02");
        var second = await JoinAsync(offer, "zweite@example.org", "2026-11-30", "2026-12-04");
        await JoinAsync(offer, "spaeter@example.org", "2026-12-10", "2026-12-11"); // a range that does not cover the slot
        Assert.Equal(1, first.GetProperty("position").GetInt32());
        Assert.Equal(2, second.GetProperty("position").GetInt32());
        await ProblemAsync(await Client.PostAsJsonAsync("/api/public/v1/coaching/waitlist", WaitBody(offer, "ERSTE@example.org", "2026-12-01", "2026-12-03")), HttpStatusCode.Conflict);

        fx.App.Clock.Set(Monday.AddHours(1));
        Assert.Equal(HttpStatusCode.OK, (await ManageAsync(IdOf(booking), TokenOf(booking), "cancel")).StatusCode);

        var firstOffer = await OfferOfAsync("erste@example.org");
        Assert.Equal(Monday.AddHours(13), firstOffer.ExpiresAt); // held 12 hours
        await ProblemAsync(await BookAsync(offer, start), HttpStatusCode.Conflict); // the held seat is not for sale
        Assert.Equal("waiting", await EntryStatusAsync("zweite@example.org"));

        // The hold ends; two nodes run the job at once: one expiry, one new offer.
        fx.App.Clock.Set(Monday.AddHours(13));
        var expiry = fx.App.Get<WaitlistOfferExpiry>();
        var runs = await Task.WhenAll(expiry.ExpireDueAsync(default), expiry.ExpireDueAsync(default));
        Assert.Equal(1, runs.Sum());
        Assert.Equal("expired", await EntryStatusAsync("erste@example.org"));
        Assert.Equal("offered", await EntryStatusAsync("zweite@example.org"));
        Assert.Equal("waiting", await EntryStatusAsync("spaeter@example.org"));

        var links = fx.App.Get<ManageLinks>();
        var tooLate = await ProblemAsync(await ManageAsync(firstOffer.Id, links.Issue(firstOffer.Id, 1, start).Token, "accept-offer"), HttpStatusCode.Conflict);
        Assert.Contains("abgelaufen", tooLate.GetProperty("detail").GetString());

        var secondOffer = await OfferOfAsync("zweite@example.org");
        var accepted = await ManageAsync(secondOffer.Id, links.Issue(secondOffer.Id, 1, start).Token, "accept-offer");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("confirmed", (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal("booked", await EntryStatusAsync("zweite@example.org"));
        Assert.Equal(1, await EventCountAsync("coaching.session-booked.v1", secondOffer.Id));
        Assert.Equal(0, await expiry.ExpireDueAsync(default));
    }

    [Fact]
    public async Task A_seat_freed_after_the_cancel_cut_off_is_not_offered_and_a_late_staff_cancellation_is_reported_late()
    {
        fx.App.Clock.Set(Monday);
        var offer = await CoachingArrange.CoachWithSessionTypeAsync(fx.Db, cancelCutoffMinutes: 1440);
        var booking = await BookedAsync(offer, Berlin(11, 23, 15)); // today: the 24-hour cut-off has passed
        await JoinAsync(offer, $"w-{Guid.NewGuid():N}@example.org", "2026-11-23", "2026-11-23");
        var admin = await fx.App.ClientForRoleAsync(Roles.Admin);

        var cancelled = await admin.PostAsJsonAsync($"/api/coaching/bookings/{IdOf(booking)}/cancel", new { });

        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.Equal("coach", (await cancelled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cancelledBy").GetString());
        Assert.Equal("true", await ScalarAsync<string>(
            "select payload->>'late' from coaching.outbox_messages where event_name = 'coaching.session-cancelled.v1' and payload->>'bookingId' = @id",
            new { id = IdOf(booking).ToString() }));
        Assert.Equal("cancelled", await SessionStatusOfAsync(IdOf(booking)));
        Assert.Equal(0, await ScalarAsync<int>("select count(*)::int from coaching.bookings where status = 'offered' and session_id = (select session_id from coaching.bookings where id = @id)", new { id = IdOf(booking) }));
    }

    [Fact]
    public async Task A_declined_offer_goes_to_the_next_in_line_at_once()
    {
        fx.App.Clock.Set(Monday);
        var offer = await CoachingArrange.CoachWithSessionTypeAsync(fx.Db, capacity: 2, durationMinutes: 90);
        var start = Berlin(12, 15, 14);
        var booking = await BookedAsync(offer, start);
        await BookedAsync(offer, start);
        await JoinAsync(offer, "ablehnen@example.org", "2026-12-15", "2026-12-15");
        await JoinAsync(offer, "naechste@example.org", "2026-12-15", "2026-12-15");

        await ManageAsync(IdOf(booking), TokenOf(booking), "cancel");
        var declined = await OfferOfAsync("ablehnen@example.org");
        var links = fx.App.Get<ManageLinks>();
        var response = await ManageAsync(declined.Id, links.Issue(declined.Id, 1, start).Token, "cancel");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("withdrawn", await EntryStatusAsync("ablehnen@example.org"));
        Assert.Equal("offered", await EntryStatusAsync("naechste@example.org"));
        Assert.Equal(0, await EventCountAsync("coaching.session-cancelled.v1", declined.Id)); // an offer declined was never a booked session
    }

    private static object WaitBody(CoachingArrange.Offer offer, string email, string from, string to) => new
    {
        sessionType = offer.SessionTypeId, coach = offer.CoachId, from, to, name = "Wartende Person", email, stage = "idea", consent = true,
    };

    private async Task<JsonElement> JoinAsync(CoachingArrange.Offer offer, string email, string from, string to)
    {
        var response = await Client.PostAsJsonAsync("/api/public/v1/coaching/waitlist", WaitBody(offer, email, from, to));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private Task<string> EntryStatusAsync(string email) =>
        ScalarAsync<string>("select status from coaching.waitlist_entries where email = @email order by queue_no desc limit 1", new { email });

    private async Task<(Guid Id, DateTimeOffset ExpiresAt)> OfferOfAsync(string email)
    {
        await using var connection = await fx.Db.DataSource.OpenConnectionAsync();
        var row = await connection.QuerySingleAsync<(Guid, DateTime)>(
            "select b.id, b.offer_expires_at from coaching.bookings b join coaching.waitlist_entries e on e.offered_booking_id = b.id where e.email = @email",
            new { email });
        return (row.Item1, new DateTimeOffset(DateTime.SpecifyKind(row.Item2, DateTimeKind.Utc)));
    }

    // ------------------------------------------------------------------ staff

    [Fact]
    public async Task Coaches_list_and_cancel_the_bookings_of_their_own_sessions_only()
    {
        fx.App.Clock.Set(Monday);
        var mine = await CoachingArrange.CoachWithSessionTypeAsync(fx.Db);
        var theirs = await CoachingArrange.CoachWithSessionTypeAsync(fx.Db);
        var coach = await fx.App.ClientForRoleAsync(Roles.Coach);
        var me = await coach.GetFromJsonAsync<JsonElement>("/api/auth/me");
        await using (var connection = await fx.Db.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("update coaching.coaches set staff_user_id = @user where id = @CoachId", new { user = me.GetProperty("id").GetGuid(), mine.CoachId });
        var own = await BookedAsync(mine, Berlin(12, 14, 10));
        var foreign = await BookedAsync(theirs, Berlin(12, 14, 10));

        var list = await coach.GetFromJsonAsync<JsonElement>("/api/coaching/bookings?from=2026-12-14&to=2026-12-14&status=confirmed");
        Assert.Equal(new[] { IdOf(own) }, list.EnumerateArray().Select(IdOf).ToArray());
        await ProblemAsync(await coach.PostAsJsonAsync($"/api/coaching/bookings/{IdOf(foreign)}/cancel", new { }), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await coach.PostAsJsonAsync($"/api/coaching/bookings/{IdOf(own)}/cancel", new { })).StatusCode);
        var cancelledOnly = await coach.GetFromJsonAsync<JsonElement>("/api/coaching/bookings?from=2026-12-14&to=2026-12-14&status=cancelled");
        Assert.Equal(new[] { IdOf(own) }, cancelledOnly.EnumerateArray().Select(IdOf).ToArray());

        var admin = await fx.App.ClientForRoleAsync(Roles.Admin);
        var all = await admin.GetFromJsonAsync<JsonElement>($"/api/coaching/bookings?from=2026-12-14&to=2026-12-14&coach={theirs.CoachId}");
        Assert.Equal(new[] { IdOf(foreign) }, all.EnumerateArray().Select(IdOf).ToArray());
        var bad = await ProblemAsync(await admin.GetAsync("/api/coaching/bookings?status=bestätigt"), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("status", out _));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.GetAsync("/api/coaching/bookings")).StatusCode);
    }

    // ------------------------------------------------------------------ demo data

    [Fact]
    public async Task Demo_bookings_land_in_the_coming_weeks_and_seeding_twice_adds_nothing()
    {
        fx.App.Clock.Set(Monday);
        await CoachingArrange.CoachWithSessionTypeAsync(fx.Db);
        await CoachingArrange.CoachWithSessionTypeAsync(fx.Db, capacity: 8, durationMinutes: 120);
        var seeder = fx.App.Services.GetServices<IDemoDataSeeder>().OfType<DemoBookings>().Single();
        Assert.Equal(70, seeder.Order);
        await seeder.SeedAsync(default); // with whatever other tests arranged too

        var count = await ScalarAsync<int>("select count(*)::int from coaching.bookings where idempotency_key like 'demo-booking-%'");
        Assert.InRange(count, 1, 5);
        Assert.Equal(0, await ScalarAsync<int>(
            "select count(*)::int from coaching.bookings b join coaching.sessions s on s.id = b.session_id where b.idempotency_key like 'demo-booking-%' and (s.starts_at < @now or s.starts_at > @later)",
            new { now = Monday, later = Monday.AddDays(30) }));
        fx.App.Clock.Set(Monday.AddDays(3));
        await seeder.SeedAsync(default);
        Assert.Equal(count, await ScalarAsync<int>("select count(*)::int from coaching.bookings where idempotency_key like 'demo-booking-%'"));
    }
}

/// <summary>Host-level behaviour with settings of its own: the write rate limit, the demo seeder on an empty database, the key check.</summary>
public sealed class BookingHostTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private PlatformFactory _app = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync();
        _app = new PlatformFactory(_db, settings: new Dictionary<string, string?> { ["Coaching:PublicWritesPerMinute"] = "3" });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Anonymous_writes_are_rate_limited_per_client_and_demo_bookings_skip_an_empty_database()
    {
        var client = _app.CreateClient();
        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
            statuses.Add((int)(await client.PostAsJsonAsync("/api/public/v1/coaching/waitlist", new { consent = false })).StatusCode);
        Assert.Equal(new[] { 400, 400, 400, 429 }, statuses);

        await _app.Services.GetServices<IDemoDataSeeder>().OfType<DemoBookings>().Single().SeedAsync(default);
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("select count(*)::int from coaching.bookings"));
    }

    [Fact]
    public void Production_refuses_to_start_without_a_usable_manage_link_key()
    {
        var production = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" };
        var missing = Assert.Throws<InvalidOperationException>(() => new ManageLinks(new BookingOptions(), production));
        Assert.Contains("Coaching:ManageLinkKey", missing.Message);
        var tooShort = Assert.Throws<InvalidOperationException>(() => new ManageLinks(new BookingOptions { ManageLinkKey = Convert.ToBase64String(new byte[16]) }, production));
        Assert.Contains("32 bytes", tooShort.Message);
        var configured = new ManageLinks(new BookingOptions { ManageLinkKey = Convert.ToBase64String(new byte[48]) }, production);
        var link = configured.Issue(Guid.NewGuid(), 1, DateTimeOffset.UtcNow.AddDays(3));
        Assert.Equal(1, configured.Verify(link.Token, Guid.Parse(link.Url.Split('/').Last().Split('?')[0]), DateTimeOffset.UtcNow));
    }
}
