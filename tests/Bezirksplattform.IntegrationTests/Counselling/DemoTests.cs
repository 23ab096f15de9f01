using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.Counselling.Data;
using Bezirksplattform.Counselling.Jobs.SendFollowUpDigest;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;

namespace Bezirksplattform.IntegrationTests.Counselling;

/// <summary>
/// The counselling demo as `./run.sh` loads it, with every module's seeders (the counsellors come from
/// Identity's demo accounts, the referral partners from the partner network's demo), on Monday
/// 23 November 2026. Loaded once per class (loading every module's demo is the slow part); the tests
/// only read the seeded tables or write others (access log, digest items).
/// </summary>
public sealed class CounsellingDemoFixture : IAsyncLifetime
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 23, 5, 30, 0, TimeSpan.Zero);

    public string Files { get; } = Path.Combine(Path.GetTempPath(), "bp-counselling-demo-" + Guid.NewGuid().ToString("N")[..8]);
    public TestDatabase Db { get; private set; } = null!;
    public PlatformFactory App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateMigratedAsync();
        App = new PlatformFactory(Db, new TestClock(Morning), new Dictionary<string, string?>
        {
            ["Content:Storage:Root"] = Path.Combine(Files, "content"),
            ["Mail:PickupDirectory"] = Path.Combine(Files, "mail"),
        });
        await App.Get<DemoDataLoader>().LoadAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Db.DisposeAsync();
        if (Directory.Exists(Files)) Directory.Delete(Files, recursive: true);
    }
}

public sealed class DemoTests(CounsellingDemoFixture fixture) : IClassFixture<CounsellingDemoFixture>
{
    private static readonly string[] Tables =
    [
        "teams", "team_members", "clients", "client_contacts", "consents", "consultations", "short_contacts", "cases", "case_activities",
        "referrals", "referral_status_changes", "esf_participations", "esf_stays",
    ];

    private readonly TestDatabase _db = fixture.Db;
    private readonly PlatformFactory _app = fixture.App;
    private readonly string _files = fixture.Files;

    /// <summary>Every counselling table's rows, hashed, plus the intake number sequence.</summary>
    private async Task<Dictionary<string, string>> SnapshotAsync()
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        var snapshot = new Dictionary<string, string>();
        foreach (var table in Tables)
            snapshot[table] = await connection.ExecuteScalarAsync<string>(
                $"select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from counselling.{table} t") ?? "";
        snapshot["client_number_seq"] = (await connection.ExecuteScalarAsync<long>("select last_value from counselling.client_number_seq")).ToString();
        return snapshot;
    }

    private async Task<HttpClient> LogInAsync(string userName)
    {
        var client = _app.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password = $"demo-{userName}-2026" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<List<JsonElement>> ClientsAsync(HttpClient http)
    {
        var page = await http.GetFromJsonAsync<JsonElement>("/api/counselling/clients?pageSize=200");
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    [Fact]
    public async Task Seeding_twice_changes_nothing_and_the_demo_covers_two_quarters_referrals_cases_and_esf_data()
    {
        var first = await SnapshotAsync();
        await _app.Get<DemoDataLoader>().LoadAsync();
        Assert.Equal(first, await SnapshotAsync());

        await using var connection = await _db.DataSource.OpenConnectionAsync();
        var figures = await connection.QuerySingleAsync<(long Clients, long Teams, long Members, long Q3, long Q4, long Referrals, long Cases, long Esf, long Tallies)>(
            """
            select (select count(*) from counselling.clients),
                   (select count(*) from counselling.teams),
                   (select count(*) from counselling.team_members),
                   (select count(*) from counselling.consultations where occurred_on between '2026-07-01' and '2026-09-30'),
                   (select count(*) from counselling.consultations where occurred_on between '2026-10-01' and '2026-12-31'),
                   (select count(*) from counselling.referrals),
                   (select count(*) from counselling.cases),
                   (select count(*) from counselling.esf_participations),
                   (select count(*) from counselling.short_contacts)
            """);
        Assert.Equal(36, figures.Clients);
        Assert.Equal((2L, 4L), (figures.Teams, figures.Members));
        Assert.True(figures.Q3 >= 20 && figures.Q4 >= 20, $"consultations Q3 {figures.Q3}, Q4 {figures.Q4}");
        Assert.Equal(8, figures.Referrals); // the partner network's demo has referral partners in Leipzig and Berlin
        Assert.Equal(5, figures.Cases);
        Assert.Equal(15, figures.Esf);
        Assert.True(figures.Tallies > 0);
        // Made-up names only, each marked as an example.
        Assert.Empty(await connection.QueryAsync<string>("select name from counselling.client_contacts where name not like '%Beispiel%'"));
        Assert.Empty(await connection.QueryAsync<string>(
            """
            select r.organisation_name from counselling.referrals r
            where r.organisation_id is null or r.organisation_name is null
            """));
        // Exactly one participant's entry data is overdue (entered 5 October, due 2 November).
        Assert.Equal([DemoCounsellingIds.Client(20)], await connection.QueryAsync<Guid>(
            "select client_id from counselling.esf_participations where entry_recorded_at is null and first_entered_on + 28 < date '2026-11-23'"));
    }

    [Fact]
    public async Task The_demo_counsellor_of_team_ost_sees_team_osts_clients_and_not_team_berlins()
    {
        var ost = await ClientsAsync(await LogInAsync("beraterin"));
        var berlinCounsellor = await LogInAsync("beraterin-berlin");
        var berlin = await ClientsAsync(berlinCounsellor);

        Assert.Equal(20, ost.Count);
        Assert.All(ost, c => Assert.Equal(DemoCounsellingIds.TeamOst, c.GetProperty("teamId").GetGuid()));
        Assert.Equal(16, berlin.Count);
        Assert.All(berlin, c => Assert.Equal(DemoCounsellingIds.TeamBerlin, c.GetProperty("teamId").GetGuid()));
        Assert.Empty(ost.Select(c => c.GetProperty("id").GetGuid()).Intersect(berlin.Select(c => c.GetProperty("id").GetGuid())));
        Assert.Equal(HttpStatusCode.NotFound, (await berlinCounsellor.GetAsync($"/api/counselling/clients/{DemoCounsellingIds.Client(1)}")).StatusCode);
    }

    [Fact]
    public async Task The_first_digest_on_the_demo_data_reaches_both_teams_and_names_the_overdue_esf_entry()
    {
        var run = await _app.Get<FollowUpDigestSender>().SendDueAsync(CancellationToken.None);

        Assert.True(run.Mails >= 2, $"mails: {run.Mails}");
        Assert.Equal(0, run.Skipped + run.Failed);
        var mails = Directory.GetFiles(Path.Combine(_files, "mail"), "*.eml").Select(File.ReadAllText).ToList();
        Assert.Equal(run.Mails, mails.Count);
        Assert.Contains(mails, m => m.Contains("beraterin@demo.bezirksplattform.invalid"));
        Assert.Contains(mails, m => m.Contains("berlin@demo.bezirksplattform.invalid"));
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>(
            "select count(*) from counselling.digest_items where item_kind = 'esf_entry_data' and client_id = @client and status = 'sent'",
            new { client = DemoCounsellingIds.Client(20) }));
    }
}
