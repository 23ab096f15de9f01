using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.IntegrationTests.Partners;

/// <summary>One database and host for the committee tests: each test works on committees of its own.</summary>
public sealed class CommitteesFixture : IAsyncLifetime
{
    public TestDatabase Db { get; private set; } = null!;
    public PlatformFactory Host { get; private set; } = null!;
    public HttpClient Coordinator { get; private set; } = null!;
    public Guid District { get; private set; }
    public Guid Jobcenter { get; private set; }
    public Guid Igel { get; private set; }
    public Guid Weingart { get; private set; }

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateMigratedAsync();
        Host = new PlatformFactory(Db);
        Coordinator = await Host.ClientForRoleAsync(Roles.Coordinator);
        District = await PartnersArrange.OrganisationAsync(Db, "Bezirksamt Treptow-Köpenick", "public_agency");
        Jobcenter = await PartnersArrange.OrganisationAsync(Db, "Jobcenter Treptow-Köpenick", "public_agency");
        Igel = await PartnersArrange.PersonAsync(Db, "Oliver", "Igel");
        Weingart = await PartnersArrange.PersonAsync(Db, "Carolin", "Weingart");
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Db.DisposeAsync();
    }
}

/// <summary>Committees (Gremien): seats over terms, one chair at a time, hand-over, meetings and attendance, history.</summary>
public sealed class CommitteesTests(CommitteesFixture fixture) : IClassFixture<CommitteesFixture>
{
    private const string Api = "/api/partners/committees";
    private readonly TestDatabase _db = fixture.Db;
    private readonly PlatformFactory _host = fixture.Host;
    private readonly HttpClient _coordinator = fixture.Coordinator;
    private readonly Guid _district = fixture.District;
    private readonly Guid _jobcenter = fixture.Jobcenter;
    private readonly Guid _igel = fixture.Igel;
    private readonly Guid _weingart = fixture.Weingart;

    private async Task<Guid> CommitteeAsync(string name = "Steuerungsgruppe")
    {
        var response = await _coordinator.PostAsJsonAsync(Api, new { name, kind = "steering_group", districtCode = "09", chairingOrganisationId = _district });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private Task<HttpResponseMessage> AddAsync(Guid committee, object membership, HttpClient? client = null) =>
        (client ?? _coordinator).PostAsJsonAsync($"{Api}/{committee}/memberships", membership);

    private async Task<JsonElement> AddOkAsync(Guid committee, object membership)
    {
        var response = await AddAsync(committee, membership);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }

    [Fact]
    public async Task A_second_overlapping_chair_is_refused_with_409_naming_the_current_chair()
    {
        var committee = await CommitteeAsync();
        await AddOkAsync(committee, new { personId = _igel, onBehalfOfOrganisationId = _district, seatTitle = "Bezirksbürgermeister", role = "chair", from = "2024-01-01" });

        var problem = await ProblemAsync(
            await AddAsync(committee, new { personId = _weingart, role = "chair", from = "2025-06-01", until = "2025-12-31" }), HttpStatusCode.Conflict);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("Oliver Igel", detail);
        Assert.Contains("Bezirksamt Treptow-Köpenick", detail);
        Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _));

        // Deputies may be several and overlap the chair.
        await AddOkAsync(committee, new { personId = _weingart, role = "deputy", from = "2025-06-01" });
        await AddOkAsync(committee, new { onBehalfOfOrganisationId = _jobcenter, seatTitle = "Geschäftsführung", role = "deputy", from = "2025-06-01" });
        Assert.Equal(1, await ScalarAsync<long>("select count(*) from partners.committee_memberships where committee_id = @committee and role = 'chair'", new { committee }));
    }

    [Fact]
    public async Task A_chair_term_starting_after_the_previous_one_ended_is_accepted_and_the_day_decides_who_chairs()
    {
        var committee = await CommitteeAsync();
        await AddOkAsync(committee, new { personId = _igel, role = "chair", from = "2020-01-01", until = "2025-12-31" });
        await AddOkAsync(committee, new { personId = _weingart, role = "chair", from = "2026-01-01" });

        var at2025 = await _coordinator.GetFromJsonAsync<JsonElement>($"{Api}/{committee}/memberships?at=2025-12-31");
        Assert.Equal("Oliver Igel", Assert.Single(at2025.EnumerateArray()).GetProperty("personName").GetString());
        var all = await _coordinator.GetFromJsonAsync<JsonElement>($"{Api}/{committee}/memberships");
        Assert.Equal(2, all.GetArrayLength()); // past terms are listed too

        // Today (2026-11-23 on the test clock) Weingart chairs.
        var detail = await _coordinator.GetFromJsonAsync<JsonElement>($"{Api}/{committee}");
        Assert.Equal("Carolin Weingart", Assert.Single(detail.GetProperty("currentMembers").GetProperty("chair").EnumerateArray()).GetProperty("personName").GetString());
        Assert.Equal("Bezirksamt Treptow-Köpenick", detail.GetProperty("chairingOrganisation").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Two_concurrent_requests_for_the_chair_give_exactly_one_201_and_one_409()
    {
        for (var round = 0; round < 4; round++)
        {
            var committee = await CommitteeAsync($"Gremium {round}");
            var responses = await Task.WhenAll(
                AddAsync(committee, new { personId = _igel, role = "chair", from = "2026-01-01" }),
                AddAsync(committee, new { personId = _weingart, role = "chair", from = "2026-03-01" }));

            Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], responses.Select(r => r.StatusCode).Order());
            var refused = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
            var winner = await responses.Single(r => r.StatusCode == HttpStatusCode.Created).Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(winner.GetProperty("personName").GetString()!, (await ProblemAsync(refused, HttpStatusCode.Conflict)).GetProperty("detail").GetString());
            Assert.Equal(1, await ScalarAsync<long>("select count(*) from partners.committee_memberships where committee_id = @committee and role = 'chair'", new { committee }));
        }
    }

    [Fact]
    public async Task The_chair_hand_over_ends_the_current_chair_the_day_before_and_starts_the_new_one()
    {
        var committee = await CommitteeAsync();
        var oldChair = await AddOkAsync(committee, new { personId = _igel, onBehalfOfOrganisationId = _district, role = "chair", from = "2022-01-01" });
        var deputy = await AddOkAsync(committee, new { personId = _weingart, onBehalfOfOrganisationId = _district, seatTitle = "Bezirksstadträtin", role = "deputy", from = "2023-01-01" });

        var response = await _coordinator.PostAsJsonAsync($"{Api}/{committee}/chair",
            new { membershipId = deputy.GetProperty("id").GetGuid(), from = "2026-12-01", reason = "Neue Geschäftsverteilung" });
        var result = await ProblemAsync(response, HttpStatusCode.Created);
        Assert.Equal("2026-11-30", result.GetProperty("previousChair").GetProperty("until").GetString());
        Assert.Equal("Neue Geschäftsverteilung", result.GetProperty("previousChair").GetProperty("endedReason").GetString());
        var newChair = result.GetProperty("newChair");
        Assert.Equal(("chair", "2026-12-01", "Carolin Weingart", "Bezirksstadträtin"),
            (newChair.GetProperty("role").GetString(), newChair.GetProperty("from").GetString(), newChair.GetProperty("personName").GetString(),
                newChair.GetProperty("seatTitle").GetString()));

        var december = await _coordinator.GetFromJsonAsync<JsonElement>($"{Api}/{committee}/memberships?at=2026-12-01");
        Assert.Equal(newChair.GetProperty("id").GetGuid(), Assert.Single(december.EnumerateArray()).GetProperty("id").GetGuid());
        var november = await _coordinator.GetFromJsonAsync<JsonElement>($"{Api}/{committee}/memberships?at=2026-11-30");
        Assert.Equal([oldChair.GetProperty("id").GetGuid(), deputy.GetProperty("id").GetGuid()],
            november.EnumerateArray().Select(m => m.GetProperty("id").GetGuid()));

        // A new person from a given day, without an existing seat.
        var third = await PartnersArrange.PersonAsync(_db, "Aziz", "Bozkurt");
        var again = await ProblemAsync(await _coordinator.PostAsJsonAsync($"{Api}/{committee}/chair", new { personId = third, from = "2027-03-01" }), HttpStatusCode.Created);
        Assert.Equal("2027-02-28", again.GetProperty("previousChair").GetProperty("until").GetString());
        Assert.Equal(1, await ScalarAsync<long>(
            "select count(*) from partners.committee_memberships where committee_id = @committee and role = 'chair' and term @> date '2027-03-01'", new { committee }));

        // Handing over to the day the current chair started cannot end that chair the day before.
        await ProblemAsync(await _coordinator.PostAsJsonAsync($"{Api}/{committee}/chair", new { personId = _igel, from = "2027-03-01" }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Until_before_from_unknown_ids_and_bad_values_are_400_naming_the_field()
    {
        var committee = await CommitteeAsync();
        var problem = await ProblemAsync(await AddAsync(committee, new { personId = _igel, role = "member", from = "2026-05-01", until = "2026-04-30" }), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("until", out _));

        var member = await AddOkAsync(committee, new { personId = _igel, role = "member", from = "2026-05-01" });
        var end = await _coordinator.PostAsJsonAsync($"{Api}/{committee}/memberships/{member.GetProperty("id").GetGuid()}/end", new { until = "2026-04-01", reason = "Wechsel" });
        Assert.True((await ProblemAsync(end, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("until", out _));

        var unknownPerson = await ProblemAsync(await AddAsync(committee, new { personId = Guid.NewGuid(), role = "member", from = "2026-05-01" }), HttpStatusCode.BadRequest);
        Assert.True(unknownPerson.GetProperty("errors").TryGetProperty("personId", out _));
        var unknownOrg = await ProblemAsync(await AddAsync(committee, new { onBehalfOfOrganisationId = Guid.NewGuid(), role = "member", from = "2026-05-01" }), HttpStatusCode.BadRequest);
        Assert.True(unknownOrg.GetProperty("errors").TryGetProperty("onBehalfOfOrganisationId", out _));
        var badRole = await ProblemAsync(await AddAsync(committee, new { personId = _weingart, role = "president", from = "2026-05-01" }), HttpStatusCode.BadRequest);
        Assert.True(badRole.GetProperty("errors").TryGetProperty("role", out _));
        var badDate = await ProblemAsync(await AddAsync(committee, new { personId = _weingart, role = "member", from = "31.12.2026" }), HttpStatusCode.BadRequest);
        Assert.True(badDate.GetProperty("errors").TryGetProperty("from", out _));
        var badOrg = await ProblemAsync(await _coordinator.PostAsJsonAsync(Api, new { name = "X", kind = "steering_group", chairingOrganisationId = Guid.NewGuid() }), HttpStatusCode.BadRequest);
        Assert.True(badOrg.GetProperty("errors").TryGetProperty("chairingOrganisationId", out _));
        var badDistrict = await ProblemAsync(await _coordinator.PostAsJsonAsync(Api, new { name = "X", kind = "steering_group", districtCode = "99" }), HttpStatusCode.BadRequest);
        Assert.True(badDistrict.GetProperty("errors").TryGetProperty("districtCode", out _));

        // The same person twice at the same time in one committee.
        var twice = await ProblemAsync(await AddAsync(committee, new { personId = _igel, role = "guest", from = "2027-01-01" }), HttpStatusCode.Conflict);
        Assert.Contains("Oliver Igel", twice.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_stale_version_is_refused_with_412_and_changes_nothing()
    {
        var committee = await CommitteeAsync("Erste Fassung");
        var first = new HttpRequestMessage(HttpMethod.Put, $"{Api}/{committee}") { Content = JsonContent.Create(new { name = "Zweite Fassung", kind = "working_group" }) };
        first.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var ok = await _coordinator.SendAsync(first);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("\"2\"", ok.Headers.ETag?.Tag);

        var stale = new HttpRequestMessage(HttpMethod.Put, $"{Api}/{committee}") { Content = JsonContent.Create(new { name = "Überholt", kind = "working_group" }) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await ProblemAsync(await _coordinator.SendAsync(stale), HttpStatusCode.PreconditionFailed);
        var unversioned = await ProblemAsync(await _coordinator.PutAsJsonAsync($"{Api}/{committee}", new { name = "Ohne Version", kind = "working_group" }), HttpStatusCode.BadRequest);
        Assert.True(unversioned.GetProperty("errors").TryGetProperty("version", out _));
        Assert.Equal("Zweite Fassung", await ScalarAsync<string>("select name from partners.committees where id = @committee", new { committee }));

        var member = await AddOkAsync(committee, new { personId = _igel, role = "member", from = "2026-01-01" });
        var staleMember = new HttpRequestMessage(HttpMethod.Put, $"{Api}/{committee}/memberships/{member.GetProperty("id").GetGuid()}")
        {
            Content = JsonContent.Create(new { personId = _igel, role = "deputy", from = "2026-01-01" }),
        };
        staleMember.Headers.IfMatch.Add(new EntityTagHeaderValue("\"7\""));
        await ProblemAsync(await _coordinator.SendAsync(staleMember), HttpStatusCode.PreconditionFailed);
    }

    [Fact]
    public async Task Every_membership_change_is_in_the_history_with_its_actor()
    {
        var me = await _coordinator.GetFromJsonAsync<JsonElement>("/api/auth/me");
        var committee = await CommitteeAsync();
        var member = await AddOkAsync(committee, new { personId = _igel, role = "member", from = "2026-01-01" });
        var id = member.GetProperty("id").GetGuid();
        var update = await _coordinator.PutAsJsonAsync($"{Api}/{committee}/memberships/{id}",
            new { personId = _igel, seatTitle = "Bezirksbürgermeister", role = "deputy", from = "2026-01-01", version = 1 });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _coordinator.PostAsJsonAsync($"{Api}/{committee}/memberships/{id}/end", new { until = "2026-10-31", reason = "Rücktritt" })).StatusCode);

        var history = await _coordinator.GetFromJsonAsync<JsonElement>($"{Api}/{committee}/memberships/{id}/history");
        Assert.Equal(["created", "updated", "ended"], history.EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        Assert.All(history.EnumerateArray(), h =>
        {
            Assert.Equal("membership", h.GetProperty("entityType").GetString());
            Assert.Equal(me.GetProperty("id").GetGuid(), h.GetProperty("changedBy").GetGuid());
            Assert.Equal(me.GetProperty("displayName").GetString(), h.GetProperty("changedByName").GetString());
        });
        var updated = history[1].GetProperty("changes");
        Assert.Equal(("member", "deputy"), (updated.GetProperty("role").GetProperty("from").GetString(), updated.GetProperty("role").GetProperty("to").GetString()));
        Assert.False(updated.TryGetProperty("personId", out _)); // only what changed
        Assert.Equal("2026-10-31", history[2].GetProperty("changes").GetProperty("until").GetProperty("to").GetString());

        var all = await _coordinator.GetFromJsonAsync<JsonElement>($"{Api}/{committee}/history");
        Assert.Equal(["committee", "membership", "membership", "membership"], all.EnumerateArray().Select(h => h.GetProperty("entityType").GetString()));
    }

    [Fact]
    public async Task Attendance_is_recorded_for_members_of_the_meeting_day_and_guests_only()
    {
        var committee = await CommitteeAsync();
        var other = await CommitteeAsync("Anderes Gremium");
        var member = (await AddOkAsync(committee, new { personId = _igel, role = "chair", from = "2026-01-01" })).GetProperty("id").GetGuid();
        var former = (await AddOkAsync(committee, new { onBehalfOfOrganisationId = _jobcenter, role = "member", from = "2025-01-01", until = "2026-03-31" })).GetProperty("id").GetGuid();
        var elsewhere = (await AddOkAsync(other, new { personId = _weingart, role = "member", from = "2026-01-01" })).GetProperty("id").GetGuid();

        var created = await _coordinator.PostAsJsonAsync($"{Api}/{committee}/meetings",
            new { startsAt = "2026-06-10T08:00:00Z", location = "Rathaus Köpenick", agenda = new[] { "Aktionsplan", "Verschiedenes" }, status = "held", minutes = "## Ergebnisse" });
        var meeting = (await ProblemAsync(created, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var heldInFuture = await ProblemAsync(await _coordinator.PostAsJsonAsync($"{Api}/{committee}/meetings", new { startsAt = "2027-06-10T08:00:00Z", status = "held" }),
            HttpStatusCode.BadRequest);
        Assert.True(heldInFuture.GetProperty("errors").TryGetProperty("status", out _));
        var url = $"{Api}/{committee}/meetings/{meeting}/attendance";

        foreach (var notSeated in new[] { former, elsewhere, Guid.NewGuid() })
        {
            var problem = await ProblemAsync(await _coordinator.PutAsJsonAsync(url, new { entries = new object[] { new { membershipId = member, status = "present" }, new { membershipId = notSeated, status = "present" } } }),
                HttpStatusCode.BadRequest);
            Assert.True(problem.GetProperty("errors").TryGetProperty("entries[1].membershipId", out _));
        }

        var badStatus = await ProblemAsync(await _coordinator.PutAsJsonAsync(url, new { entries = new[] { new { membershipId = member, status = "late" } } }), HttpStatusCode.BadRequest);
        Assert.True(badStatus.GetProperty("errors").TryGetProperty("entries[0].status", out _));

        var ok = await _coordinator.PutAsJsonAsync(url, new { entries = new object[] { new { membershipId = member, status = "present" }, new { guestPersonId = _weingart, status = "present", note = "Gast" } } });
        var recorded = await ProblemAsync(ok, HttpStatusCode.OK);
        Assert.Equal(["Oliver Igel", "Carolin Weingart"], recorded.GetProperty("attendance").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal(2, await ScalarAsync<long>("select count(*) from partners.committee_attendance where meeting_id = @meeting", new { meeting }));

        // A held meeting is a record: it is not deleted.
        await ProblemAsync(await _coordinator.DeleteAsync($"{Api}/{committee}/meetings/{meeting}"), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_counsellor_reads_committees_but_cannot_change_them()
    {
        var committee = await CommitteeAsync();
        await AddOkAsync(committee, new { personId = _igel, role = "chair", from = "2026-01-01" });
        var counsellor = await _host.ClientForRoleAsync(Roles.Counsellor);

        Assert.Equal(HttpStatusCode.OK, (await counsellor.GetAsync($"{Api}/{committee}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await counsellor.GetAsync($"{Api}?kind=steering_group")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await counsellor.GetAsync($"{Api}/{committee}/memberships")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await AddAsync(committee, new { personId = _weingart, role = "member", from = "2026-01-01" }, counsellor)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await counsellor.PostAsJsonAsync(Api, new { name = "X", kind = "other" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await counsellor.PostAsJsonAsync($"{Api}/{committee}/chair", new { personId = _weingart, from = "2026-12-01" })).StatusCode);
        Assert.Equal(1, await ScalarAsync<long>("select count(*) from partners.committee_memberships where committee_id = @committee", new { committee }));
    }

    [Fact]
    public async Task The_list_filters_by_kind_district_organisation_and_person()
    {
        var chairing = await PartnersArrange.OrganisationAsync(_db, "Bezirksamt Pankow", "public_agency", district: "03");
        var sending = await PartnersArrange.OrganisationAsync(_db, "Stadtteilmanagement", "other", district: "lpz-ost");
        var person = await PartnersArrange.PersonAsync(_db, "Renate", "Tietje");
        var pankow = (await ProblemAsync(await _coordinator.PostAsJsonAsync(Api, new { name = "Steuerungsrunde Pankow", kind = "other", districtCode = "03", chairingOrganisationId = chairing }),
            HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var leipzig = (await ProblemAsync(await _coordinator.PostAsJsonAsync(Api, new { name = "Kooperationsrunde Leipziger Osten", kind = "cooperation_committee", districtCode = "lpz-ost" }),
            HttpStatusCode.Created)).GetProperty("id").GetGuid();
        await AddOkAsync(leipzig, new { personId = person, onBehalfOfOrganisationId = sending, role = "member", from = "2026-01-01" });
        await AddOkAsync(pankow, new { personId = person, role = "member", from = "2020-01-01", until = "2025-12-31" }); // over: does not count

        async Task<Guid[]> Ids(string query) =>
            (await _coordinator.GetFromJsonAsync<JsonElement>($"{Api}?{query}")).EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToArray();
        Assert.Equal([leipzig], await Ids("kind=cooperation_committee"));
        Assert.Equal([pankow], await Ids("district=03"));
        Assert.Equal([leipzig], await Ids("district=lpz-ost"));
        Assert.Equal([leipzig], await Ids($"organisationId={sending}"));
        Assert.Equal([pankow], await Ids($"organisationId={chairing}")); // as chairing organisation
        Assert.Equal([leipzig], await Ids($"personId={person}"));
        var summary = (await _coordinator.GetFromJsonAsync<JsonElement>($"{Api}?district=lpz-ost"))[0];
        Assert.Equal(1, summary.GetProperty("currentMemberCount").GetInt32());
        await ProblemAsync(await _coordinator.GetAsync($"{Api}?kind=board"), HttpStatusCode.BadRequest);
    }

}

/// <summary>The demo committees, on a database of their own (they count rows).</summary>
public sealed class CommitteeDemoDataTests : IAsyncLifetime
{
    private const string Api = "/api/partners/committees";
    private TestDatabase _db = null!;
    private PlatformFactory _host = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync();
        _host = new PlatformFactory(_db);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }

    [Fact]
    public async Task The_demo_committees_are_seeded_once_with_their_seats_chairs_and_meetings()
    {
        // The organisations and people come from the network seeder (Order 20); here minimal rows with the same ids.
        await using (var connection = await _db.DataSource.OpenConnectionAsync())
        {
            foreach (var n in new[] { 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15, 16, 20, 21, 22, 23, 24, 25, 26, 27 })
                await connection.ExecuteAsync(
                    "insert into partners.organisations (id, name, kind, created_at, updated_at) values (@id, @name, 'other', now(), now())",
                    new { id = DemoId(n), name = $"Organisation {n}" });
            foreach (var (n, given, family) in new[] { (101, "Oliver", "Igel"), (102, "Carolin", "Weingart"), (103, "Aziz", "Bozkurt"), (104, (string?)null, "Tietje") })
                await connection.ExecuteAsync(
                    "insert into partners.people (id, given_name, family_name, created_at, updated_at) values (@id, @given, @family, now(), now())",
                    new { id = DemoId(n), given, family });
        }

        var seeder = _host.Services.GetServices<IDemoDataSeeder>().Single(s => s.GetType().Name == "DemoCommittees");
        await seeder.SeedAsync(default);
        await seeder.SeedAsync(default);

        Assert.Equal(3, await ScalarAsync<long>("select count(*) from partners.committees"));
        Assert.Equal(25, await ScalarAsync<long>("select count(*) from partners.committee_memberships"));
        Assert.Equal(3 + 25 + 3, await ScalarAsync<long>("select count(*) from partners.history"));

        var reader = await _host.ClientForRoleAsync(Roles.Counsellor);
        var steering = await reader.GetFromJsonAsync<JsonElement>($"{Api}/{DemoId(301)}");
        var seats = steering.GetProperty("currentMembers").GetProperty("member").EnumerateArray().ToList();
        Assert.Equal(12, seats.Count);
        Assert.Contains(seats, s => s.GetProperty("personName").GetString() == "Oliver Igel" && s.GetProperty("seatTitle").GetString() == "Bezirksbürgermeister/in");

        var cooperation = await reader.GetFromJsonAsync<JsonElement>($"{Api}/{DemoId(302)}");
        Assert.Equal(DemoId(201), cooperation.GetProperty("agreementId").GetGuid());
        Assert.Equal(DemoId(2), cooperation.GetProperty("chairingOrganisation").GetProperty("id").GetGuid());
        Assert.Equal(DemoId(2), Assert.Single(cooperation.GetProperty("currentMembers").GetProperty("chair").EnumerateArray()).GetProperty("onBehalfOfOrganisationId").GetGuid());
        Assert.Equal(7, cooperation.GetProperty("currentMembers").GetProperty("member").GetArrayLength());
        Assert.Single(cooperation.GetProperty("upcomingMeetings").EnumerateArray());

        var held = await reader.GetFromJsonAsync<JsonElement>($"{Api}/{DemoId(301)}/meetings?status=held");
        Assert.Equal(4, Assert.Single(held.EnumerateArray()).GetProperty("attendance").GetArrayLength());
    }

    private static Guid DemoId(int n) => new($"6a0e0000-0000-4000-8000-{n:d12}");
}
