using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.IntegrationTests.Infrastructure;

namespace Bezirksplattform.IntegrationTests.Counselling;

/// <summary>
/// One database and host for an ESF test class. Staff users keep their credentials so that a test
/// that moves the clock can sign in again (tokens expire by the platform clock).
/// </summary>
public abstract class EsfFixtureBase(DateTimeOffset start) : IAsyncLifetime
{
    private const string Password = "correct-horse-battery";

    public TestDatabase Db { get; private set; } = null!;
    public PlatformFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateMigratedAsync();
        App = new PlatformFactory(Db, new TestClock(start));
        await ArrangeAsync();
    }

    protected abstract Task ArrangeAsync();

    public async Task<Guid> UserAsync(string userName, params string[] roles) => await StaffUsers.CreateAsync(Db, userName, Password, roles);

    public async Task<HttpClient> LoginAsync(string userName)
    {
        var client = App.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password = Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async Task<Guid> TeamAsync(HttpClient admin, string name, params Guid[] members)
    {
        var created = await admin.PostAsJsonAsync("/api/counselling/teams", new { name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var member in members)
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/counselling/teams/{id}/members", new { staffUserId = member })).StatusCode);
        return id;
    }

    public static async Task<JsonElement> OkAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>A person (or organisation) client filed into the caller's only team; returns its id.</summary>
    public static async Task<Guid> ClientAsync(HttpClient http, string name, string targetGroup = "unemployed", string? district = "0901",
        string kind = "person") =>
        (await OkAsync(await http.PostAsJsonAsync("/api/counselling/clients", new
        {
            kind, targetGroup, districtCode = district, name, consents = new[] { new { purpose = "counselling" }, new { purpose = "esf_reporting" } },
            confirmNotDuplicate = true,
        }), HttpStatusCode.Created)).GetProperty("id").GetGuid();

    /// <summary>Complete entry data as the API takes them.</summary>
    public static Dictionary<string, object?> Entry(string gender, int age, string status, int? months, string isced, bool thirdCountry = false,
        bool foreign = false, bool homeless = false, bool rural = false, string? disability = null, string? minority = null) => new()
    {
        ["gender"] = gender, ["ageAtEntry"] = age, ["labourMarketStatus"] = status, ["unemploymentMonths"] = months, ["educationLevel"] = isced,
        ["thirdCountryNational"] = thirdCountry, ["foreignBackground"] = foreign, ["homeless"] = homeless, ["ruralArea"] = rural,
        ["disability"] = disability, ["minority"] = minority,
    };

    /// <summary>Enters the project; returns the participation as answered.</summary>
    public static async Task<JsonElement> EnterAsync(HttpClient http, Guid client, string project, string enteredOn, Dictionary<string, object?>? entry = null)
    {
        var body = new Dictionary<string, object?>(entry ?? []) { ["projectCode"] = project, ["enteredOn"] = enteredOn };
        return await OkAsync(await http.PostAsJsonAsync($"/api/counselling/clients/{client}/esf", body), HttpStatusCode.Created);
    }

    /// <summary>Leaves the project (the open stay), with exit data unless <paramref name="exit"/> is null.</summary>
    public static async Task<JsonElement> LeaveAsync(HttpClient http, Guid client, JsonElement participation, string leftOn,
        (bool JobSearching, bool InEducation, bool GainedQualification, bool Employed)? exit)
    {
        var body = new Dictionary<string, object?> { ["leftOn"] = leftOn, ["version"] = participation.GetProperty("version").GetInt32() };
        if (exit is { } e)
        {
            body["jobSearching"] = e.JobSearching;
            body["inEducation"] = e.InEducation;
            body["gainedQualification"] = e.GainedQualification;
            body["employed"] = e.Employed;
        }

        var id = participation.GetProperty("id").GetGuid();
        return await OkAsync(await http.PostAsJsonAsync($"/api/counselling/clients/{client}/esf/{id}/leaving", body));
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Db.DisposeAsync();
    }
}

/// <summary>The clock on Monday 23 November 2026, 09:00 in Berlin; counsellor A and the special-category counsellor S in team 1, B in team 2.</summary>
public sealed class EsfFixture() : EsfFixtureBase(Now)
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public HttpClient Admin { get; private set; } = null!;
    public HttpClient A { get; private set; } = null!;
    public HttpClient S { get; private set; } = null!;
    public HttpClient B { get; private set; } = null!;
    public HttpClient Reporting { get; private set; } = null!;
    public Guid AId { get; private set; }

    protected override async Task ArrangeAsync()
    {
        await UserAsync("esf-admin", Roles.Admin);
        AId = await UserAsync("esf-a", Roles.Counsellor);
        var s = await UserAsync("esf-s", Roles.Counsellor, Roles.SpecialCategories);
        var b = await UserAsync("esf-b", Roles.Counsellor);
        await UserAsync("esf-reporting", Roles.Reporting);
        await SignInAllAsync();
        await TeamAsync(Admin, "Team Nord", AId, s);
        await TeamAsync(Admin, "Team Süd", b);
    }

    /// <summary>Signs everyone in again at the clock's current time.</summary>
    public async Task SignInAllAsync()
    {
        Admin = await LoginAsync("esf-admin");
        A = await LoginAsync("esf-a");
        S = await LoginAsync("esf-s");
        B = await LoginAsync("esf-b");
        Reporting = await LoginAsync("esf-reporting");
    }
}
