using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;
using Npgsql;

namespace Bezirksplattform.IntegrationTests.Counselling;

/// <summary>
/// One database and host for the class, the clock on Monday 23 November 2026, 09:00 in Berlin.
/// Counsellor A is in team 1, counsellor B in team 2; both counsellor accounts are real staff users.
/// </summary>
public sealed class CounsellingFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public TestDatabase Db { get; private set; } = null!;
    public PlatformFactory App { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;
    public (HttpClient Http, Guid Id) A { get; private set; }
    public (HttpClient Http, Guid Id) B { get; private set; }
    public Guid Team1 { get; private set; }
    public Guid Team2 { get; private set; }

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateMigratedAsync();
        App = new PlatformFactory(Db, new TestClock(Now));
        Admin = await App.ClientForRoleAsync(Roles.Admin);
        A = await UserAsync("berater-a", Roles.Counsellor);
        B = await UserAsync("berater-b", Roles.Counsellor);
        Team1 = await TeamAsync("Team Nord", A.Id);
        Team2 = await TeamAsync("Team Süd", B.Id);
    }

    public async Task<(HttpClient Http, Guid Id)> UserAsync(string userName, params string[] roles)
    {
        const string password = "correct-horse-battery";
        var id = await StaffUsers.CreateAsync(Db, userName, password, roles);
        var client = App.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (client, id);
    }

    private async Task<Guid> TeamAsync(string name, Guid member)
    {
        var created = await Admin.PostAsJsonAsync("/api/counselling/teams", new { name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await Admin.PostAsJsonAsync($"/api/counselling/teams/{id}/members", new { staffUserId = member })).StatusCode);
        return id;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Db.DisposeAsync();
    }
}

public sealed class CounsellingCoreTests(CounsellingFixture fixture) : IClassFixture<CounsellingFixture>
{
    private readonly HttpClient _admin = fixture.Admin;
    private readonly HttpClient _a = fixture.A.Http;
    private readonly HttpClient _b = fixture.B.Http;

    private static string Unique(string prefix) => prefix + " " + Guid.NewGuid().ToString("N")[..8];

    private static object Person(string name, string? email = null, int? birthYear = null, string targetGroup = "unemployed",
        bool confirm = false, Guid? teamId = null) => new
    {
        kind = "person", targetGroup, districtCode = "0901", teamId, name, email, phone = "030 1234567", postalAddress = "Musterweg 1, 12345 Berlin",
        birthYear, consents = new[] { new { purpose = "counselling" }, new { purpose = "esf_reporting" } }, confirmNotDuplicate = confirm,
    };

    private static object Consultation(string occurredOn = "2026-11-20", int duration = 45, string[]? topics = null, string? followUpOn = "2026-12-04") => new
    {
        occurredOn, durationMinutes = duration, channel = "in_person", topics = topics ?? ["career_planning", "application_support"],
        outcome = "Lebenslauf überarbeitet", nextSteps = "Bewerbungen an drei Betriebe", followUpOn,
    };

    private static async Task<JsonElement> CreatedAsync(HttpClient client, object body)
    {
        var response = await client.PostAsJsonAsync("/api/counselling/clients", body);
        if (response.StatusCode != HttpStatusCode.Created)
            throw new InvalidOperationException($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<string[]> ListedNumbersAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync("/api/counselling/clients?pageSize=200" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("clientNumber").GetString()!)];
    }

    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = await fixture.Db.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException("no value");
    }

    [Fact]
    public async Task A_counsellor_cannot_read_list_search_change_or_add_consultations_to_another_teams_client_but_an_admin_can()
    {
        var name = Unique("Bettina Süd");
        var client = await CreatedAsync(_b, Person(name));
        var id = client.GetProperty("id").GetGuid();
        var number = client.GetProperty("clientNumber").GetString()!;
        Assert.Equal(fixture.Team2, client.GetProperty("teamId").GetGuid());
        Assert.Equal(HttpStatusCode.Created, (await _b.PostAsJsonAsync($"/api/counselling/clients/{id}/consultations", Consultation())).StatusCode);

        // Refused exactly like an id that does not exist: 404, never 403.
        foreach (var response in new[]
                 {
                     await _a.GetAsync($"/api/counselling/clients/{id}"),
                     await _a.GetAsync($"/api/counselling/clients/{id}/consultations"),
                     await _a.PostAsJsonAsync($"/api/counselling/clients/{id}/consultations", Consultation()),
                     await _a.PutAsJsonAsync($"/api/counselling/clients/{id}", new { targetGroup = "employed", name, version = 1 }),
                     await _a.GetAsync($"/api/counselling/clients/{Guid.NewGuid()}"),
                 })
            await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.DoesNotContain(number, (await ListedNumbersAsync(_a)));
        Assert.DoesNotContain(number, (await ListedNumbersAsync(_a, "&q=" + Uri.EscapeDataString(name))));
        Assert.Empty((await ListedNumbersAsync(_a, "&q=" + number)));
        Assert.Equal(1, (await ScalarAsync<long>("select count(*) from counselling.consultations where client_id = @id", new { id })));

        Assert.Equal(HttpStatusCode.OK, (await _b.GetAsync($"/api/counselling/clients/{id}")).StatusCode);
        Assert.Equal(new[] { number }, await ListedNumbersAsync(_b, "&q=" + number));
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync($"/api/counselling/clients/{id}")).StatusCode);
        Assert.Contains(number, (await ListedNumbersAsync(_admin)));
        var consultations = await (await _admin.GetAsync($"/api/counselling/clients/{id}/consultations")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, consultations.GetArrayLength());
    }

    [Fact]
    public async Task A_counsellor_in_both_teams_sees_both_teams_clients()
    {
        var both = await fixture.UserAsync("berater-beide-" + Guid.NewGuid().ToString("N")[..6], Roles.Counsellor);
        foreach (var team in new[] { fixture.Team1, fixture.Team2 })
            Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsJsonAsync($"/api/counselling/teams/{team}/members", new { staffUserId = both.Id })).StatusCode);
        var ofA = await CreatedAsync(_a, Person(Unique("Anton Nord")));
        var ofB = await CreatedAsync(_b, Person(Unique("Berta Süd")));

        var listed = await ListedNumbersAsync(both.Http);
        Assert.Contains(ofA.GetProperty("clientNumber").GetString(), listed);
        Assert.Contains(ofB.GetProperty("clientNumber").GetString(), listed);
        // With two teams the intake must say which.
        var noTeam = await both.Http.PostAsJsonAsync("/api/counselling/clients", Person(Unique("Carla Zwei")));
        Assert.True((await ProblemAsync(noTeam, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("teamId", out _));
        // A counsellor files only into their own teams.
        var foreign = await _a.PostAsJsonAsync("/api/counselling/clients", Person(Unique("Dora Fremd"), teamId: fixture.Team2));
        Assert.True((await ProblemAsync(foreign, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("teamId", out _));
    }

    [Fact]
    public async Task Role_reporting_gets_403_on_client_routes_and_non_admins_cannot_manage_teams()
    {
        var reporting = (await fixture.UserAsync("bericht-" + Guid.NewGuid().ToString("N")[..6], Roles.Reporting)).Http;
        var client = await CreatedAsync(_a, Person(Unique("Emil Bericht")));
        var id = client.GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.Forbidden, (await reporting.GetAsync("/api/counselling/clients")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporting.GetAsync($"/api/counselling/clients/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporting.GetAsync($"/api/counselling/clients/{id}/consultations")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reporting.PostAsJsonAsync("/api/counselling/clients", Person(Unique("Fritz")))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _a.PostAsJsonAsync("/api/counselling/teams", new { name = "Team Eigenbau" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _a.DeleteAsync($"/api/counselling/teams/{fixture.Team1}/members/{fixture.A.Id}")).StatusCode);
    }

    [Fact]
    public async Task Every_read_list_and_search_lands_in_the_access_log_with_who_when_and_what()
    {
        var name = Unique("Gisela Protokoll");
        var id = (await CreatedAsync(_a, Person(name))).GetProperty("id").GetGuid();
        await using var connection = await fixture.Db.DataSource.OpenConnectionAsync();
        var before = await connection.ExecuteScalarAsync<long>("select coalesce(max(id), 0) from counselling.access_log");

        Assert.Equal(HttpStatusCode.OK, (await _a.GetAsync($"/api/counselling/clients/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _a.GetAsync($"/api/counselling/clients/{id}/consultations")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _a.GetAsync("/api/counselling/clients?page=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _a.GetAsync("/api/counselling/clients?q=" + Uri.EscapeDataString(name))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _b.GetAsync($"/api/counselling/clients/{id}")).StatusCode);

        var rows = (await connection.QueryAsync<LogRow>(
            "select staff_user_id, occurred_at, action, client_id, detail from counselling.access_log where id > @before order by id",
            new { before })).ToList();
        Assert.Equal(
            new (Guid, string, Guid?)[] { (fixture.A.Id, "read", id), (fixture.A.Id, "read", id), (fixture.A.Id, "list", null), (fixture.A.Id, "search", null) },
            rows.Select(r => (r.StaffUserId, r.Action, r.ClientId)));
        Assert.All(rows, r => Assert.Equal(CounsellingFixture.Now.UtcDateTime, r.OccurredAt));
        Assert.Equal("consultations", rows[1].Detail);
        Assert.Contains(name, rows[3].Detail!);

        // Append-only: the log cannot be rewritten.
        await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("update counselling.access_log set detail = 'x' where id > @before", new { before }));
        await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("delete from counselling.access_log where id > @before", new { before }));
    }

    [Fact]
    public async Task Intake_with_a_known_email_or_a_similar_name_and_the_same_birth_year_is_409_until_confirmed()
    {
        var email = Guid.NewGuid().ToString("N")[..10] + "@example.org";
        var first = await CreatedAsync(_a, Person(Unique("Hannelore Doppel"), email, 1980));
        var number = first.GetProperty("clientNumber").GetString()!;
        Assert.Matches(@"^K-2026-\d{6}$", number);

        var sameEmail = await _a.PostAsJsonAsync("/api/counselling/clients", Person(Unique("Ganz Anders"), "  " + email.ToUpperInvariant()));
        var problem = await ProblemAsync(sameEmail, HttpStatusCode.Conflict);
        Assert.Equal(new string?[] { number }, problem.GetProperty("possibleDuplicates").EnumerateArray().Select(n => n.GetString()));

        var name = Unique("Ingeborg Ähnlich");
        var second = await CreatedAsync(_a, Person(name, birthYear: 1975));
        var similar = await _a.PostAsJsonAsync("/api/counselling/clients", Person(name.ToLowerInvariant() + "x", birthYear: 1975));
        Assert.Equal(new[] { second.GetProperty("clientNumber").GetString() },
            (await ProblemAsync(similar, HttpStatusCode.Conflict)).GetProperty("possibleDuplicates").EnumerateArray().Select(n => n.GetString()));
        // Another birth year: a different person of a similar name.
        Assert.Equal(HttpStatusCode.Created, (await _a.PostAsJsonAsync("/api/counselling/clients", Person(name, birthYear: 1990))).StatusCode);

        // Confirmed: created anyway, with its own number.
        var confirmed = await CreatedAsync(_a, Person(Unique("Ganz Anders"), email, confirm: true));
        Assert.NotEqual(number, confirmed.GetProperty("clientNumber").GetString());
        // Counsellor B cannot see A's client: nothing is named, the intake goes through.
        Assert.Equal(HttpStatusCode.Created, (await _b.PostAsJsonAsync("/api/counselling/clients", Person(Unique("Ganz Anders"), email))).StatusCode);
    }

    [Fact]
    public async Task Invalid_input_is_400_naming_each_field()
    {
        var wrongGroup = await _a.PostAsJsonAsync("/api/counselling/clients", Person(Unique("Jana"), targetGroup: "company"));
        var errors = (await ProblemAsync(wrongGroup, HttpStatusCode.BadRequest)).GetProperty("errors");
        Assert.True(errors.TryGetProperty("targetGroup", out _));

        var noConsent = await _a.PostAsJsonAsync("/api/counselling/clients", new { kind = "robot", targetGroup = "x", name = "", email = "kein-mail", consents = Array.Empty<object>() });
        var fields = (await ProblemAsync(noConsent, HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(new[] { "consents", "email", "kind", "name", "targetGroup" }, fields.Order());

        var id = (await CreatedAsync(_a, Person(Unique("Klaus Validierung")))).GetProperty("id").GetGuid();
        var bad = await _a.PostAsJsonAsync($"/api/counselling/clients/{id}/consultations",
            new { occurredOn = "2026-11-20", durationMinutes = 0, channel = "telepathy", topics = new[] { "career_planning", "astrology" }, followUpOn = "2026-11-19" });
        var consultationFields = (await ProblemAsync(bad, HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(new[] { "channel", "durationMinutes", "followUpOn", "topics[1]" }, consultationFields.Order());

        var noTopics = await _a.PostAsJsonAsync($"/api/counselling/clients/{id}/consultations", Consultation(topics: []));
        Assert.True((await ProblemAsync(noTopics, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("topics", out _));
        var badDate = await _a.PostAsJsonAsync($"/api/counselling/clients/{id}/consultations", Consultation(occurredOn: "20.11.2026"));
        Assert.True((await ProblemAsync(badDate, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("occurredOn", out _));
        var future = await _a.PostAsJsonAsync($"/api/counselling/clients/{id}/consultations", Consultation(occurredOn: "2026-11-24", followUpOn: null));
        Assert.True((await ProblemAsync(future, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("occurredOn", out _));
        Assert.Equal(0, (await ScalarAsync<long>("select count(*) from counselling.consultations where client_id = @id", new { id })));

        // Unreadable bodies are a 400 too, never a 500.
        using var malformed = new StringContent("{\"kind\": \"person\", ", System.Text.Encoding.UTF8, "application/json");
        await ProblemAsync(await _a.PostAsync("/api/counselling/clients", malformed), HttpStatusCode.BadRequest);
        using var badGuid = new StringContent("{\"kind\": \"person\", \"teamId\": \"nicht-guid\"}", System.Text.Encoding.UTF8, "application/json");
        await ProblemAsync(await _a.PostAsync("/api/counselling/clients", badGuid), HttpStatusCode.BadRequest);
        var moveAway = await _a.PutAsJsonAsync($"/api/counselling/clients/{id}", new { targetGroup = "unemployed", name = "Klaus", teamId = fixture.Team2, version = 1 });
        Assert.True((await ProblemAsync(moveAway, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("teamId", out _));

        var tally = await _a.PostAsJsonAsync("/api/counselling/short-contacts", new { date = "2026-11-23", channel = "phone", topic = "nope", count = 0 });
        Assert.Equal(new[] { "count", "topic" },
            (await ProblemAsync(tally, HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Update_with_a_stale_version_is_412_and_changes_nothing()
    {
        var name = Unique("Lena Version");
        var id = (await CreatedAsync(_a, Person(name))).GetProperty("id").GetGuid();

        using var first = new HttpRequestMessage(HttpMethod.Put, $"/api/counselling/clients/{id}")
        {
            Content = JsonContent.Create(new { targetGroup = "employed", districtCode = "0902", name, email = "lena@example.org" }),
        };
        first.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var updated = await _a.SendAsync(first);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag!.Tag);

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/counselling/clients/{id}")
        {
            Content = JsonContent.Create(new { targetGroup = "inactive", name }),
        };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await ProblemAsync(await _a.SendAsync(stale), HttpStatusCode.PreconditionFailed);
        Assert.Equal(HttpStatusCode.BadRequest, (await _a.PutAsJsonAsync($"/api/counselling/clients/{id}", new { targetGroup = "inactive", name })).StatusCode);

        var now = await (await _a.GetAsync($"/api/counselling/clients/{id}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("employed", now.GetProperty("targetGroup").GetString());
        Assert.Equal(2, now.GetProperty("version").GetInt32());
        Assert.Equal("lena@example.org", now.GetProperty("contact").GetProperty("email").GetString());
    }

    [Fact]
    public async Task Contact_data_is_stored_apart_from_counselling_data()
    {
        var email = Guid.NewGuid().ToString("N")[..10] + "@example.org";
        var client = await CreatedAsync(_a, Person(Unique("Martha Kontakt"), email, 1970));
        var id = client.GetProperty("id").GetGuid();
        Assert.Equal(email, client.GetProperty("contact").GetProperty("email").GetString());
        Assert.Equal(2, client.GetProperty("consents").GetArrayLength());

        await using var connection = await fixture.Db.DataSource.OpenConnectionAsync();
        var clientColumns = (await connection.QueryAsync<string>(
            "select column_name from information_schema.columns where table_schema = 'counselling' and table_name = 'clients'")).ToList();
        Assert.DoesNotContain(clientColumns, c => c.Contains("name") || c.Contains("mail") || c.Contains("phone") || c.Contains("address") || c.Contains("birth"));
        var contact = await connection.QuerySingleAsync<(string Email, string PostalAddress, short BirthYear)>(
            "select email, postal_address, birth_year from counselling.client_contacts where client_id = @id", new { id });
        Assert.Equal((email, "Musterweg 1, 12345 Berlin", (short)1970), contact);
        Assert.Equal("0901", (await connection.ExecuteScalarAsync<string>("select district_code from counselling.clients where id = @id", new { id })));
    }

    [Fact]
    public async Task Short_contacts_are_counted_per_day_counsellor_channel_and_topic_without_a_person()
    {
        var body = new { date = "2026-11-21", channel = "outreach", topic = "volunteer_placement", count = 3 };
        Assert.Equal(HttpStatusCode.OK, (await _a.PostAsJsonAsync("/api/counselling/short-contacts", body)).StatusCode);
        var second = await _a.PostAsJsonAsync("/api/counselling/short-contacts", body with { count = 2 });
        Assert.Equal(5, (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("count").GetInt32());
        Assert.Equal(5, await ScalarAsync<int>(
            "select count from counselling.short_contacts where counsellor_id = @id and contact_date = '2026-11-21' and channel = 'outreach'",
            new { id = fixture.A.Id }));
    }

    private sealed record LogRow(Guid StaffUserId, DateTime OccurredAt, string Action, Guid? ClientId, string? Detail);
}
