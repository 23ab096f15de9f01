using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.IntegrationTests.Coaching;

/// <summary>One database and host for the class, the clock on Monday 22 March 2027, 07:00 in Berlin (winter time).</summary>
public sealed class SetupFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2027, 3, 22, 6, 0, 0, TimeSpan.Zero);

    public TestDatabase Db { get; private set; } = null!;
    public PlatformFactory App { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateMigratedAsync();
        App = new PlatformFactory(Db, new TestClock(Now));
        Admin = await App.ClientForRoleAsync(Roles.Admin);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Db.DisposeAsync();
    }
}

public sealed class SetupTests(SetupFixture fixture) : IClassFixture<SetupFixture>
{
    private readonly PlatformFactory _app = fixture.App;
    private readonly HttpClient _admin = fixture.Admin;

    private static object Profile(string name, string[]? kinds = null, Guid? staffUserId = null) => new
    {
        displayName = name, email = "coach@example.org", bio = "Gründungscoach", topics = new[] { "business_plan", "financing" },
        languages = new[] { "de", "en" }, locationKinds = kinds ?? ["room", "video"], roomAddress = "Raum 1.12", staffUserId,
    };

    private static object SessionType(string slug, Guid[] coachIds, int duration = 60, int capacity = 1, int step = 60) => new
    {
        slug, name = "Einzelcoaching " + slug, description = "Zum Businessplan", topic = "business_plan", durationMinutes = duration,
        locationKind = "room", capacity, bufferBeforeMinutes = 0, bufferAfterMinutes = 0, slotStepMinutes = step, minNoticeMinutes = 0,
        horizonDays = 365, cancelCutoffMinutes = 1440, rescheduleCutoffMinutes = 1440, coachIds,
    };

    private static async Task<JsonElement> CreatedAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
            throw new InvalidOperationException($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The fields a 400 names.</summary>
    private static async Task<string[]> InvalidFieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order()];
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string path, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{ifMatch}\""));
        return client.SendAsync(request);
    }

    /// <summary>A signed-in coach with their own profile, and an active session type (by the admin) that only they offer.</summary>
    private async Task<(HttpClient Client, Guid CoachId, Guid TypeId, string Slug)> CoachWithTypeAsync(int duration = 60, int capacity = 1, int step = 60)
    {
        var client = await _app.ClientForRoleAsync(Roles.Coach);
        var coachId = (await CreatedAsync(client, "/api/coaching/coaches", Profile("Coach " + Guid.NewGuid().ToString("N")[..6]))).GetProperty("id").GetGuid();
        var slug = "typ-" + Guid.NewGuid().ToString("N")[..8];
        var typeId = (await CreatedAsync(_admin, "/api/coaching/session-types", SessionType(slug, [coachId], duration, capacity, step)))
            .GetProperty("id").GetGuid();
        return (client, coachId, typeId, slug);
    }

    private async Task<int> AvailabilityVersionAsync(HttpClient client, Guid coachId) =>
        (await OkAsync(await client.GetAsync($"/api/coaching/coaches/{coachId}/availability"))).GetProperty("version").GetInt32();

    private async Task<string[]> SlotStartsAsync(string query)
    {
        var slots = await OkAsync(await _app.CreateClient().GetAsync("/api/public/v1/coaching/slots?" + query));
        return [.. slots.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("start").GetString()!)];
    }

    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = await fixture.Db.DataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }

    [Fact]
    public async Task A_coach_sets_up_their_week_and_the_public_slots_follow_it_across_the_change_to_summer_time()
    {
        var (coach, coachId, typeId, slug) = await CoachWithTypeAsync();
        Assert.Equal(coachId, (await OkAsync(await coach.GetAsync("/api/coaching/coaches/me"))).GetProperty("id").GetGuid());

        // Mondays 09:00–11:00 and Sundays 10:00–12:00, Berlin time.
        var rules = new { rules = new[] { new { weekday = 1, start = "09:00", end = "11:00" }, new { weekday = 7, start = "10:00", end = "12:00" } } };
        var version = await AvailabilityVersionAsync(coach, coachId);
        var saved = await PutAsync(coach, $"/api/coaching/coaches/{coachId}/weekly-rules", rules, version.ToString());
        Assert.Equal($"\"{version + 1}\"", saved.Headers.ETag?.Tag);
        Assert.Equal(2, (await OkAsync(saved)).GetProperty("weekly").GetArrayLength());
        // Someone who edited the old version is told so.
        Assert.Equal(HttpStatusCode.PreconditionFailed,
            (await PutAsync(coach, $"/api/coaching/coaches/{coachId}/weekly-rules", rules, version.ToString())).StatusCode);

        // 10:00 on Monday 22 March is 09:00 UTC; on Sunday 28 March (summer time since 03:00) it is 08:00 UTC.
        string[] week = ["2027-03-22T08:00:00Z", "2027-03-22T09:00:00Z", "2027-03-28T08:00:00Z", "2027-03-28T09:00:00Z"];
        Assert.Equal(week, await SlotStartsAsync($"sessionType={slug}&from=2027-03-22&to=2027-03-28"));
        Assert.Equal(week, await SlotStartsAsync($"sessionType={typeId}&coach={coachId}&from=2027-03-22&to=2027-03-28"));

        var slots = await OkAsync(await _app.CreateClient().GetAsync($"/api/public/v1/coaching/slots?sessionType={slug}&from=2027-03-22&to=2027-03-22"));
        var first = slots.GetProperty("items")[0];
        Assert.Equal(["coach", "start", "end", "seatsLeft"], first.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal((coachId, "2027-03-22T09:00:00Z", 1), (first.GetProperty("coach").GetGuid(), first.GetProperty("end").GetString(), first.GetProperty("seatsLeft").GetInt32()));

        // Sunday closed by a date override, Monday 09:00–10:00 UTC taken by an absence.
        var closed = await PutAsync(coach, $"/api/coaching/coaches/{coachId}/date-overrides/2027-03-28", new { windows = Array.Empty<object>() },
            (version + 1).ToString());
        Assert.True((await OkAsync(closed)).GetProperty("overrides")[0].GetProperty("closed").GetBoolean());
        var absence = await CreatedAsync(coach, $"/api/coaching/coaches/{coachId}/absences",
            new { from = "2027-03-22T10:30:00+01:00", until = "2027-03-22T12:00:00+01:00", reason = "Arzttermin" });
        Assert.Empty(absence.GetProperty("affectedSessions").EnumerateArray());
        Assert.Equal(["2027-03-22T08:00:00Z"], await SlotStartsAsync($"sessionType={slug}&from=2027-03-22&to=2027-03-28"));

        // Removing the override brings Sunday back; a booked session takes its hour away.
        var reopened = await _app.CreateClient().SendAsync(new HttpRequestMessage(HttpMethod.Delete,
            $"/api/coaching/coaches/{coachId}/date-overrides/2027-03-28"));
        Assert.Equal(HttpStatusCode.Unauthorized, reopened.StatusCode);
        var deleteRequest = new HttpRequestMessage(HttpMethod.Delete, $"/api/coaching/coaches/{coachId}/date-overrides/2027-03-28");
        deleteRequest.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version + 2}\""));
        await OkAsync(await coach.SendAsync(deleteRequest));
        await CoachingArrange.BookedSessionAsync(fixture.Db, coachId, typeId, DateTimeOffset.Parse("2027-03-28T08:00:00Z"), 60, founderNames: "Aylin Demir");
        Assert.Equal(["2027-03-22T08:00:00Z", "2027-03-28T09:00:00Z"], await SlotStartsAsync($"sessionType={slug}&from=2027-03-22&to=2027-03-28"));

        // The coach's own calendar shows the session with the founder's name and the seats taken.
        var calendar = await OkAsync(await coach.GetAsync("/api/coaching/calendar?from=2027-03-22&to=2027-03-28"));
        var session = Assert.Single(calendar.GetProperty("sessions").EnumerateArray());
        Assert.Equal(("2027-03-28T08:00:00Z", 1, "Aylin Demir"),
            (session.GetProperty("start").GetString(), session.GetProperty("seatsTaken").GetInt32(),
             session.GetProperty("bookings")[0].GetProperty("name").GetString()));

        // An absence over the booked session names it: the coach has to cancel or move it.
        var clash = await CreatedAsync(coach, $"/api/coaching/coaches/{coachId}/absences",
            new { from = "2027-03-28T00:00:00+01:00", until = "2027-03-29T00:00:00+02:00" });
        Assert.Equal(1, clash.GetProperty("affectedSessions")[0].GetProperty("seatsTaken").GetInt32());
        Assert.Empty(await SlotStartsAsync($"sessionType={slug}&from=2027-03-28&to=2027-03-28"));
    }

    [Fact]
    public async Task A_group_session_offers_its_seats_left_and_any_coach_spreads_starts_across_coaches()
    {
        var (coachA, coachAId, typeId, slug) = await CoachWithTypeAsync(duration: 180, capacity: 5, step: 60);
        var coachB = await _app.ClientForRoleAsync(Roles.Coach);
        var coachBId = (await CreatedAsync(coachB, "/api/coaching/coaches", Profile("Coach B"))).GetProperty("id").GetGuid();
        var type = await OkAsync(await _admin.GetAsync($"/api/coaching/session-types/{typeId}"));
        var typeVersion = type.GetProperty("version").GetInt32();
        await OkAsync(await PutAsync(_admin, $"/api/coaching/session-types/{typeId}", SessionType(slug, [coachAId, coachBId], 180, 5), typeVersion.ToString()));

        // Both on Saturday 27 March 10:00–13:00: one workshop start each.
        foreach (var (client, id) in new[] { (coachA, coachAId), (coachB, coachBId) })
            await OkAsync(await PutAsync(client, $"/api/coaching/coaches/{id}/weekly-rules",
                new { rules = new[] { new { weekday = 6, start = "10:00", end = "13:00" } } }, (await AvailabilityVersionAsync(client, id)).ToString()));

        await CoachingArrange.BookedSessionAsync(fixture.Db, coachBId, typeId, DateTimeOffset.Parse("2027-03-27T09:00:00Z"), 180, capacity: 5,
            founderNames: ["Eins", "Zwei"]);
        var any = await OkAsync(await _app.CreateClient().GetAsync($"/api/public/v1/coaching/slots?sessionType={slug}&from=2027-03-27&to=2027-03-27"));
        // The started workshop fills first: B's, with three seats left.
        var slot = Assert.Single(any.GetProperty("items").EnumerateArray());
        Assert.Equal((coachBId, 3), (slot.GetProperty("coach").GetGuid(), slot.GetProperty("seatsLeft").GetInt32()));

        var ofA = await OkAsync(await _app.CreateClient().GetAsync($"/api/public/v1/coaching/slots?sessionType={slug}&coach={coachAId}&from=2027-03-27&to=2027-03-27"));
        Assert.Equal(5, Assert.Single(ofA.GetProperty("items").EnumerateArray()).GetProperty("seatsLeft").GetInt32());

        // The public list of session types shows both coaches without their e-mail.
        var types = await OkAsync(await _app.CreateClient().GetAsync("/api/public/v1/coaching/session-types"));
        var listed = types.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("slug").GetString() == slug);
        Assert.Equal((180, 5, "room"), (listed.GetProperty("durationMinutes").GetInt32(), listed.GetProperty("capacity").GetInt32(),
            listed.GetProperty("locationKind").GetString()));
        var coaches = listed.GetProperty("coaches").EnumerateArray().ToList();
        Assert.Equal(2, coaches.Count);
        Assert.Equal(["displayName", "id", "languages", "topics"], coaches[0].EnumerateObject().Select(p => p.Name).Order().ToArray());
    }

    [Fact]
    public async Task A_coach_edits_only_their_own_profile_and_schedule_and_session_types_are_for_admins()
    {
        var (_, otherId, typeId, slug) = await CoachWithTypeAsync();
        var coach = await _app.ClientForRoleAsync(Roles.Coach);
        var ownId = (await CreatedAsync(coach, "/api/coaching/coaches", Profile("Eigenes Profil"))).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(coach, $"/api/coaching/coaches/{otherId}", Profile("Übernommen"), "1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(coach, $"/api/coaching/coaches/{otherId}/weekly-rules", new { rules = Array.Empty<object>() }, "1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await coach.GetAsync($"/api/coaching/coaches/{otherId}/availability")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await coach.PostAsJsonAsync($"/api/coaching/coaches/{otherId}/absences",
            new { from = "2027-04-01T00:00:00Z", until = "2027-04-02T00:00:00Z" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await coach.PostAsync($"/api/coaching/coaches/{otherId}/feed-token", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await coach.GetAsync($"/api/coaching/calendar?coach={otherId}")).StatusCode);
        // A second profile, or one for someone else's account, is refused.
        Assert.Equal(HttpStatusCode.Conflict, (await coach.PostAsJsonAsync("/api/coaching/coaches", Profile("Zweites Profil"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await coach.PostAsJsonAsync("/api/coaching/coaches", Profile("Fremd", staffUserId: Guid.NewGuid()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await coach.PostAsJsonAsync("/api/coaching/session-types", SessionType("eigene-art", [ownId]))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PutAsync(coach, $"/api/coaching/session-types/{typeId}", SessionType(slug, [ownId]), "1")).StatusCode);
        Assert.Equal(0L, await ScalarAsync<long>("select count(*) from coaching.coaches where display_name in ('Übernommen', 'Zweites Profil', 'Fremd')"));

        // The admin edits any profile; a stale version is a 412 and nothing changes.
        var edited = await PutAsync(_admin, $"/api/coaching/coaches/{otherId}", Profile("Vom Admin geändert"), "1");
        Assert.Equal("\"2\"", edited.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await PutAsync(_admin, $"/api/coaching/coaches/{otherId}", Profile("Zu spät"), "1")).StatusCode);
        Assert.Equal("Vom Admin geändert", await ScalarAsync<string>("select display_name from coaching.coaches where id = @otherId", new { otherId }));
        Assert.Equal(1L, await ScalarAsync<long>("select count(*) from coaching.coaches where id = @otherId and staff_user_id is not null", new { otherId }));
        // Linking to an account that is not a coach is a 400 naming the field.
        var editor = await StaffUsers.CreateAsync(fixture.Db, "t-editor-" + Guid.NewGuid().ToString("N")[..6], "correct-horse-battery", Roles.Editor);
        Assert.Equal(["staffUserId"], await InvalidFieldsAsync(await _admin.PostAsJsonAsync("/api/coaching/coaches", Profile("Kein Coach", staffUserId: editor))));
    }

    [Fact]
    public async Task Invalid_input_is_a_400_naming_each_field_and_stores_nothing()
    {
        var (coach, coachId, _, slug) = await CoachWithTypeAsync();

        var badType = new
        {
            slug = "Kein Slug", name = "", durationMinutes = 0, locationKind = "garden", capacity = 0, bufferBeforeMinutes = -5,
            bufferAfterMinutes = 300, slotStepMinutes = 1, minNoticeMinutes = -1, horizonDays = 0, cancelCutoffMinutes = -1,
            rescheduleCutoffMinutes = -1, dailyLimitPerCoach = 0, coachIds = new[] { coachId, Guid.NewGuid() },
        };
        Assert.Equal(
            ["bufferAfterMinutes", "bufferBeforeMinutes", "cancelCutoffMinutes", "capacity", "dailyLimitPerCoach", "durationMinutes", "horizonDays",
             "locationKind", "minNoticeMinutes", "name", "rescheduleCutoffMinutes", "slotStepMinutes", "slug"],
            await InvalidFieldsAsync(await _admin.PostAsJsonAsync("/api/coaching/session-types", badType)));
        Assert.Equal(["coachIds[1]"], await InvalidFieldsAsync(await _admin.PostAsJsonAsync("/api/coaching/session-types",
            SessionType("neue-art-" + Guid.NewGuid().ToString("N")[..6], [coachId, Guid.NewGuid()]))));
        Assert.Equal(["slug"], await InvalidFieldsAsync(await _admin.PostAsJsonAsync("/api/coaching/session-types", SessionType(slug, [coachId]))));
        Assert.Equal(["roomAddress", "topics[0]"], await InvalidFieldsAsync(await _admin.PostAsJsonAsync("/api/coaching/coaches",
            new { displayName = "Ohne Raum", email = "a@example.org", topics = new[] { "astrologie" }, locationKinds = new[] { "room" } })));
        Assert.Equal(["version"], await InvalidFieldsAsync(await PutAsync(coach, $"/api/coaching/coaches/{coachId}", Profile("Ohne Version"), null)));

        var version = (await AvailabilityVersionAsync(coach, coachId)).ToString();
        var badRules = new
        {
            rules = new object[]
            {
                new { weekday = 1, start = "09:00", end = "12:00" },
                new { weekday = 1, start = "11:00", end = "13:00" }, // overlaps the first
                new { weekday = 8, start = "9 Uhr", end = "10:00" },
                new { weekday = 2, start = "15:00", end = "14:00" },
                new { weekday = 3, start = "09:00", end = "10:00", validFrom = "2027-05-01", validUntil = "2027-04-01" },
            },
        };
        Assert.Equal(["rules[1].start", "rules[2].start", "rules[2].weekday", "rules[3].end", "rules[4].validUntil"],
            await InvalidFieldsAsync(await PutAsync(coach, $"/api/coaching/coaches/{coachId}/weekly-rules", badRules, version)));
        Assert.Equal(["rules[0].sessionTypeId"], await InvalidFieldsAsync(await PutAsync(coach, $"/api/coaching/coaches/{coachId}/weekly-rules",
            new { rules = new[] { new { weekday = 6, start = "10:00", end = "13:00", sessionTypeId = Guid.NewGuid() } } }, version)));
        Assert.Equal(["windows[1].start"], await InvalidFieldsAsync(await PutAsync(coach, $"/api/coaching/coaches/{coachId}/date-overrides/2027-04-01",
            new { windows = new[] { new { start = "09:00", end = "12:00" }, new { start = "10:00", end = "11:00" } } }, version)));
        Assert.Equal(["date"], await InvalidFieldsAsync(await PutAsync(coach, $"/api/coaching/coaches/{coachId}/date-overrides/1.4.2027",
            new { windows = Array.Empty<object>() }, version)));
        Assert.Equal(["until"], await InvalidFieldsAsync(await coach.PostAsJsonAsync($"/api/coaching/coaches/{coachId}/absences",
            new { from = "2027-04-02T00:00:00Z", until = "2027-04-01T00:00:00Z" })));
        Assert.Equal(["from"], await InvalidFieldsAsync(await coach.PostAsJsonAsync($"/api/coaching/coaches/{coachId}/absences",
            new { from = "2027-04-02T00:00:00", until = "2027-04-03T00:00:00Z" })));
        Assert.Equal(0L, await ScalarAsync<long>("select count(*) from coaching.availability_rules where coach_id = @coachId", new { coachId }));
        Assert.Equal(0L, await ScalarAsync<long>("select count(*) from coaching.absences where coach_id = @coachId", new { coachId }));

        var anonymous = _app.CreateClient();
        async Task<string[]> SlotProblem(string query) => await InvalidFieldsAsync(await anonymous.GetAsync("/api/public/v1/coaching/slots?" + query));
        Assert.Equal(["sessionType"], await SlotProblem("from=2027-03-22"));
        Assert.Equal(["sessionType"], await SlotProblem("sessionType=gibt-es-nicht"));
        Assert.Equal(["coach"], await SlotProblem($"sessionType={slug}&coach=kein-guid"));
        Assert.Equal(["coach"], await SlotProblem($"sessionType={slug}&coach={Guid.NewGuid()}"));
        Assert.Equal(["from"], await SlotProblem($"sessionType={slug}&from=22.03.2027"));
        Assert.Equal(["to"], await SlotProblem($"sessionType={slug}&from=2027-03-22&to=2027-03-21"));
        Assert.Equal(["to"], await SlotProblem($"sessionType={slug}&from=2027-03-22&to=2027-05-24"));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/public/v1/coaching/slots?sessionType={slug}&from=2027-03-22&to=2027-05-23")).StatusCode);
    }

    [Fact]
    public async Task The_private_feed_lists_booked_sessions_as_icalendar_and_stops_when_rotated_or_revoked()
    {
        var (coach, coachId, typeId, _) = await CoachWithTypeAsync(duration: 90, capacity: 3);
        var typeName = (await OkAsync(await _admin.GetAsync($"/api/coaching/session-types/{typeId}"))).GetProperty("name").GetString()!;
        var sessionId = await CoachingArrange.BookedSessionAsync(fixture.Db, coachId, typeId, DateTimeOffset.Parse("2027-03-29T07:30:00Z"), 90,
            capacity: 3, founderNames: ["Jana Nowak", "Ben Schulz"]);

        var created = await OkAsync(await coach.PostAsync($"/api/coaching/coaches/{coachId}/feed-token", null));
        var token = created.GetProperty("token").GetString()!;
        Assert.EndsWith($"/api/public/v1/coaching/feeds/{token}.ics", created.GetProperty("feedUrl").GetString());
        // Only the SHA-256 is stored.
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(token)),
            await ScalarAsync<byte[]>("select feed_token_hash from coaching.coaches where id = @coachId", new { coachId }));

        var anonymous = _app.CreateClient();
        var response = await anonymous.GetAsync($"/api/public/v1/coaching/feeds/{token}.ics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var ics = Encoding.UTF8.GetString(bytes);

        Assert.StartsWith("BEGIN:VCALENDAR\r\nPRODID:", ics);
        Assert.EndsWith("END:VCALENDAR\r\n", ics);
        Assert.DoesNotContain("\n", ics.Replace("\r\n", ""));
        Assert.All(ics.Split("\r\n"), line => Assert.True(Encoding.UTF8.GetByteCount(line) <= 75, line));
        var unfolded = ics.Replace("\r\n ", "");
        Assert.Contains("\r\nVERSION:2.0\r\n", unfolded);
        Assert.Contains($"\r\nUID:{sessionId}@bezirksplattform\r\n", unfolded);
        Assert.Contains("\r\nDTSTART:20270329T073000Z\r\n", unfolded);
        Assert.Contains("\r\nDTEND:20270329T090000Z\r\n", unfolded);
        Assert.Contains("\r\nDTSTAMP:20270322T060000Z\r\n", unfolded);
        Assert.Contains($"\r\nSUMMARY:{typeName} (2/3 Plätze belegt)\r\n", unfolded);
        Assert.Equal(1, unfolded.Split("BEGIN:VEVENT").Length - 1);
        Assert.DoesNotContain("Nowak", unfolded);
        Assert.DoesNotContain("@example.org", unfolded);

        // A new token replaces the old address at once; revoking ends the feed.
        var rotated = (await OkAsync(await coach.PostAsync($"/api/coaching/coaches/{coachId}/feed-token", null))).GetProperty("token").GetString()!;
        Assert.NotEqual(token, rotated);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/public/v1/coaching/feeds/{token}.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"/api/public/v1/coaching/feeds/{rotated}.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await coach.DeleteAsync($"/api/coaching/coaches/{coachId}/feed-token")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync($"/api/public/v1/coaching/feeds/{rotated}.ics")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/api/public/v1/coaching/feeds/kurz.ics")).StatusCode);
        Assert.False((await OkAsync(await coach.GetAsync("/api/coaching/coaches/me"))).GetProperty("hasFeed").GetBoolean());
    }

    [Fact]
    public async Task The_demo_offer_is_seeded_once_linked_to_the_demo_coach_and_bookable()
    {
        var demoCoach = await ScalarAsync<Guid?>("select id from identity.staff_users where user_name = 'coach'")
            ?? await StaffUsers.CreateAsync(fixture.Db, "coach", "demo-coach-2026", Roles.Coach);
        var seeder = _app.Services.GetServices<IDemoDataSeeder>().Single(s => s.GetType().Name == "DemoCoaching");
        await seeder.SeedAsync(CancellationToken.None);
        await seeder.SeedAsync(CancellationToken.None);

        Assert.Equal(1L, await ScalarAsync<long>("select count(*) from coaching.coaches where staff_user_id = @demoCoach", new { demoCoach }));
        var types = await OkAsync(await _app.CreateClient().GetAsync("/api/public/v1/coaching/session-types"));
        var demo = types.GetProperty("items").EnumerateArray()
            .Where(t => t.GetProperty("slug").GetString() is "businessplan-coaching" or "finanzierungscheck" or "workshop-idee-businessplan")
            .ToDictionary(t => t.GetProperty("slug").GetString()!);
        Assert.Equal(3, demo.Count);
        Assert.Equal((60, 1), (demo["businessplan-coaching"].GetProperty("durationMinutes").GetInt32(), demo["businessplan-coaching"].GetProperty("capacity").GetInt32()));
        Assert.Equal((180, 12), (demo["workshop-idee-businessplan"].GetProperty("durationMinutes").GetInt32(), demo["workshop-idee-businessplan"].GetProperty("capacity").GetInt32()));

        // Individual coaching on weekdays from the day after tomorrow (a day's notice), the workshop on every other Saturday at 10:00.
        var coaching = await SlotStartsAsync("sessionType=businessplan-coaching&from=2027-03-22&to=2027-04-04");
        Assert.NotEmpty(coaching);
        Assert.All(coaching, s => Assert.True(DateTimeOffset.Parse(s) >= SetupFixture.Now.AddDays(1)));
        Assert.DoesNotContain(coaching, s => DateTimeOffset.Parse(s).UtcDateTime.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        // Reserved hours: the workshop only in its Saturday windows, never in the coaches' office hours.
        var workshops = await SlotStartsAsync("sessionType=workshop-idee-businessplan&from=2027-03-22&to=2027-05-02");
        Assert.Equal(3, workshops.Length);
        Assert.All(workshops, s => Assert.Equal(DayOfWeek.Saturday, DateTimeOffset.Parse(s).UtcDateTime.DayOfWeek));
        Assert.All(workshops.Zip(workshops.Skip(1)),
            p => Assert.Equal(14, (DateTimeOffset.Parse(p.Second).UtcDateTime.Date - DateTimeOffset.Parse(p.First).UtcDateTime.Date).TotalDays));
    }
}
