using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.IntegrationTests.Content;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Bezirksplattform.Partners.Contracts;
using Dapper;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.IntegrationTests.Partners;

/// <summary>One database and host for the class: each test makes its own programmes and projects (fresh codes and ids).</summary>
public sealed class ProgrammesFixture : IAsyncLifetime
{
    public TestDatabase Db { get; private set; } = null!;
    public PlatformFactory App { get; private set; } = null!;
    public HttpClient Coordinator { get; private set; } = null!;
    public Guid CoordinatorId { get; private set; }
    public Guid Lead { get; private set; }
    public Guid Partner { get; private set; }

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateMigratedAsync();
        await ContentArrange.SitesAndRegionsAsync(Db, "treptow-koepenick", "pankow", "leipziger-osten");
        App = new PlatformFactory(Db);
        Coordinator = await App.ClientForRoleAsync(Roles.Coordinator);
        CoordinatorId = (await Coordinator.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("id").GetGuid();
        Lead = await PartnersArrange.OrganisationAsync(Db, "Bündnis für Wirtschaft und Arbeit (Test)");
        Partner = await PartnersArrange.OrganisationAsync(Db, "Wirtschaftskreis (Test)");
        // Periods are shared by all programmes and never overlap: made once, as the demo seeder makes them.
        foreach (var (code, from, to) in new[] { ("2014-2020", "2014-01-01", "2020-12-31"), ("2021-2027", "2021-01-01", "2027-12-31") })
            (await Coordinator.PostAsJsonAsync("/api/partners/funding-programmes/periods",
                new { code, name = "Förderperiode " + code, startsOn = from, endsOn = to })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Db.DisposeAsync();
    }
}

public sealed class ProgrammesTests(ProgrammesFixture fx) : IClassFixture<ProgrammesFixture>
{
    private const string Site = "treptow-koepenick";
    private HttpClient Coordinator => fx.Coordinator;

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    private static async Task<string[]> ProblemFields(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.BadRequest)
    {
        var problem = await JsonOf(response, status);
        return [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name)];
    }

    private static StringContent RawJson(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, object? body, int? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        if (ifMatch is { } v) request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{v}\""));
        return await client.SendAsync(request);
    }

    private static string NewCode() => "T" + Guid.NewGuid().ToString("N")[..7].ToUpperInvariant();

    private async Task<string> ProgrammeAsync(params string[] periods)
    {
        var code = NewCode();
        await JsonOf(await Coordinator.PostAsJsonAsync("/api/partners/funding-programmes",
            new { code, name = "Programm " + code, funderLevel = "state", periodCodes = periods }), HttpStatusCode.Created);
        return code;
    }

    private static object ProjectBody(string title, string[] regions, string? district = "09", string status = "running",
        string periodStart = "2019-01-01", string? periodEnd = "2022-12-31", Guid? lead = null, Guid[]? partners = null) => new
    {
        title, summary = "Kurzbeschreibung von " + title, description = "## Ziel\n\nMehr Beschäftigung im Kiez.", leadOrganisationId = lead,
        partnerOrganisationIds = partners ?? [], periodStart, periodEnd, status, districtCode = district, regionCodes = regions,
        contact = new { name = "Frau Beispiel", email = "kontakt@example.org" }, website = "https://projekt.example.org", tags = new[] { "Beschäftigung" },
    };

    private async Task<JsonElement> ProjectAsync(string title, string[] regions, string? district = "09", Guid[]? partners = null) =>
        await JsonOf(await Coordinator.PostAsJsonAsync("/api/partners/projects", ProjectBody(title, regions, district, lead: fx.Lead, partners: partners)),
            HttpStatusCode.Created);

    private async Task<JsonElement> LineAsync(Guid project, string programme, string period, params (int Year, long Planned, long Approved, long Spent)[] budgets) =>
        await JsonOf(await Coordinator.PostAsJsonAsync($"/api/partners/projects/{project}/funding-lines", new
        {
            programmeCode = programme, periodCode = period,
            budgets = budgets.Select(b => new { year = b.Year, plannedCents = b.Planned, approvedCents = b.Approved, spentCents = b.Spent }),
        }), HttpStatusCode.Created);

    private async Task<Dictionary<string, (long Planned, long Approved, long Spent, int Projects)>> GroupsAsync(string url)
    {
        var totals = await JsonOf(await Coordinator.GetAsync(url));
        return totals.GetProperty("groups").EnumerateArray().ToDictionary(
            g => g.GetProperty("key").GetString() ?? "(none)",
            g => (g.GetProperty("plannedCents").GetInt64(), g.GetProperty("approvedCents").GetInt64(), g.GetProperty("spentCents").GetInt64(),
                g.GetProperty("projectCount").GetInt32()));
    }

    private static (long, long, long) Total(JsonElement totals)
    {
        var t = totals.GetProperty("total");
        return (t.GetProperty("plannedCents").GetInt64(), t.GetProperty("approvedCents").GetInt64(), t.GetProperty("spentCents").GetInt64());
    }

    private async Task DispatchAsync() => await fx.App.Get<OutboxDispatcher>().DispatchAllAsync(CancellationToken.None);

    private static async Task<JsonElement?> ListingAsync(HttpClient anonymous, string site, string title, Func<JsonElement?, bool> until, TimeSpan? timeout = null)
    {
        return await ContentTestKit.EventuallyAsync(async () =>
        {
            var list = await JsonOf(await anonymous.GetAsync($"/api/public/v1/sites/{site}/projects?pageSize=100"));
            return list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("title").GetString() == title).Select(i => (JsonElement?)i).FirstOrDefault();
        }, until, timeout);
    }

    [Fact]
    public async Task Budgets_add_up_exactly_per_programme_period_region_and_year()
    {
        var a = await ProgrammeAsync("2014-2020", "2021-2027");
        var b = await ProgrammeAsync("2021-2027");
        var x = (await ProjectAsync("Projekt X " + a, ["0901", "0902"])).GetProperty("id").GetGuid();
        var y = (await ProjectAsync("Projekt Y " + a, ["0902"])).GetProperty("id").GetGuid();
        var z = (await ProjectAsync("Projekt Z " + a, ["0301"], district: "03")).GetProperty("id").GetGuid();

        // Odd cents on purpose: any rounding through floating point or euros would show.
        (int, long, long, long) x2019 = (2019, 100_000_001, 99_999_999, 50_000_000), x2020 = (2020, 12_345, 12_345, 0);
        (int, long, long, long) xB2021 = (2021, 1, 1, 1);
        (int, long, long, long) y2021 = (2021, 1_000_000, 750_050, 250_025), y2022 = (2022, 5, 5, 5);
        (int, long, long, long) z2018 = (2018, 333_333, 333_333, 333_333);
        await LineAsync(x, a, "2014-2020", x2019, x2020);
        await LineAsync(x, b, "2021-2027", xB2021);
        await LineAsync(y, a, "2021-2027", y2021, y2022);
        await LineAsync(z, a, "2014-2020", z2018);

        static (long, long, long) Sum(params (int, long Planned, long Approved, long Spent)[] rows) =>
            (rows.Sum(r => r.Planned), rows.Sum(r => r.Approved), rows.Sum(r => r.Spent));
        static (long, long, long) Of((long P, long A, long S, int N) g) => (g.P, g.A, g.S);

        // Programme A in total: every budget row once.
        var totalA = await JsonOf(await Coordinator.GetAsync($"/api/partners/funding-programmes/{a}/totals"));
        Assert.Equal(Sum(x2019, x2020, y2021, y2022, z2018), Total(totalA));
        Assert.Equal(3, totalA.GetProperty("total").GetProperty("projectCount").GetInt32());

        // By year (the default for one programme).
        var years = await GroupsAsync($"/api/partners/funding-programmes/{a}/totals");
        Assert.Equal(["2018", "2019", "2020", "2021", "2022"], years.Keys.ToArray());
        Assert.Equal(Sum(y2021), Of(years["2021"]));
        Assert.Equal(Sum(x2019), Of(years["2019"]));

        // By period.
        var periods = await GroupsAsync($"/api/partners/funding-programmes/{a}/totals?groupBy=period");
        Assert.Equal(Sum(x2019, x2020, z2018), Of(periods["2014-2020"]));
        Assert.Equal(Sum(y2021, y2022), Of(periods["2021-2027"]));

        // By region: X lies in 0901 and 0902 and counts fully in both, but once in the total.
        var regions = await GroupsAsync($"/api/partners/funding-programmes/{a}/totals?groupBy=region");
        Assert.Equal(Sum(x2019, x2020), Of(regions["0901"]));
        Assert.Equal(Sum(x2019, x2020, y2021, y2022), Of(regions["0902"]));
        Assert.Equal(Sum(z2018), Of(regions["0301"]));
        Assert.Equal(2, regions["0902"].Projects);
        Assert.Equal(Total(totalA).Item2 + Sum(x2019, x2020).Item2, regions.Values.Sum(r => r.Approved));

        // Filters: a district counts each of its projects once; a region only its projects.
        var district09 = await JsonOf(await Coordinator.GetAsync($"/api/partners/funding-programmes/{a}/totals?district=09"));
        Assert.Equal(Sum(x2019, x2020, y2021, y2022), Total(district09));
        var inPeriod = await JsonOf(await Coordinator.GetAsync($"/api/partners/funding-programmes/{a}/totals?period=2021-2027&region=0902"));
        Assert.Equal(Sum(y2021, y2022), Total(inPeriod));

        // The overview across programmes: in region 0901, only X's lines of A and B.
        var byProgramme = await GroupsAsync("/api/partners/funding-programmes/totals?groupBy=programme&region=0901");
        Assert.Equal(Sum(x2019, x2020), Of(byProgramme[a]));
        Assert.Equal(Sum(xB2021), Of(byProgramme[b]));
        Assert.False(byProgramme.ContainsKey("(none)"));

        // A project's own totals, and the project list filtered by programme and period.
        var project = await JsonOf(await Coordinator.GetAsync($"/api/partners/projects/{x}"));
        Assert.Equal(99_999_999 + 12_345 + 1, project.GetProperty("fundingTotals").GetProperty("approvedCents").GetInt64());
        var listed = await JsonOf(await Coordinator.GetAsync($"/api/partners/projects?programme={a}&period=2014-2020"));
        Assert.Equal(new[] { x, z }.Order().ToArray(), listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).Order().ToArray());
        Assert.Equal(400, (int)(await Coordinator.GetAsync("/api/partners/funding-programmes/totals?groupBy=quarter")).StatusCode);
    }

    [Fact]
    public async Task Fractional_or_negative_cents_are_refused_naming_the_field_and_nothing_is_stored()
    {
        var programme = await ProgrammeAsync("2021-2027");
        var project = (await ProjectAsync("Projekt Cent " + programme, ["0901"])).GetProperty("id").GetGuid();
        var url = $"/api/partners/projects/{project}/funding-lines";

        var fraction = await Coordinator.PostAsync(url, RawJson(
            $$"""{"programmeCode":"{{programme}}","periodCode":"2021-2027","budgets":[{"year":2021,"plannedCents":100,"approvedCents":12.5}]}"""));
        Assert.Equal(["budgets[0].approvedCents"], await ProblemFields(fraction));

        var negative = await Coordinator.PostAsync(url, RawJson(
            $$"""{"programmeCode":"{{programme}}","periodCode":"2021-2027","budgets":[{"year":2021,"plannedCents":1},{"year":2022,"spentCents":-1}]}"""));
        Assert.Equal(["budgets[1].spentCents"], await ProblemFields(negative));

        var outsidePeriod = await Coordinator.PostAsJsonAsync(url, new { programmeCode = programme, periodCode = "2021-2027", budgets = new[] { new { year = 2019 } } });
        Assert.Equal(["budgets[0].year"], await ProblemFields(outsidePeriod));

        var notRunning = await Coordinator.PostAsJsonAsync(url, new { programmeCode = programme, periodCode = "2014-2020", budgets = Array.Empty<object>() });
        Assert.Equal(["periodCode"], await ProblemFields(notRunning));

        await using var connection = await fx.Db.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from partners.funding_lines where project_id = @project", new { project }));
    }

    [Fact]
    public async Task Budget_changes_are_recorded_with_from_and_to_values_and_the_actor()
    {
        var programme = await ProgrammeAsync("2021-2027");
        var project = (await ProjectAsync("Projekt Historie " + programme, ["0901"])).GetProperty("id").GetGuid();
        var line = await LineAsync(project, programme, "2021-2027", (2021, 500, 400, 0), (2022, 700, 0, 0));
        var lineId = line.GetProperty("id").GetGuid();
        var url = $"/api/partners/projects/{project}/funding-lines/{lineId}";

        var update = new { budgets = new[] { new { year = 2021, plannedCents = 500L, approvedCents = 450L, spentCents = 120L } } };
        await JsonOf(await SendAsync(Coordinator, HttpMethod.Put, url, update, ifMatch: 1));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await SendAsync(Coordinator, HttpMethod.Put, url, update, ifMatch: 1)).StatusCode);

        await using var connection = await fx.Db.DataSource.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(string Action, string Changes, Guid ChangedBy)>(
            "select action, changes::text, changed_by from partners.history where entity_type = 'budget' and entity_id = @lineId order by id",
            new { lineId })).ToList();
        Assert.Equal(["created", "created", "updated", "deleted"], rows.Select(r => r.Action).ToArray());
        Assert.All(rows, r => Assert.Equal(fx.CoordinatorId, r.ChangedBy));
        var updated = JsonDocument.Parse(rows[2].Changes).RootElement;
        Assert.Equal(2021, updated.GetProperty("year").GetInt32());
        Assert.Equal(400, updated.GetProperty("approvedCents").GetProperty("from").GetInt64());
        Assert.Equal(450, updated.GetProperty("approvedCents").GetProperty("to").GetInt64());
        Assert.Equal(120, updated.GetProperty("spentCents").GetProperty("to").GetInt64());
        var deleted = JsonDocument.Parse(rows[3].Changes).RootElement;
        Assert.Equal(700, deleted.GetProperty("plannedCents").GetProperty("from").GetInt64());
        Assert.Equal(JsonValueKind.Null, deleted.GetProperty("plannedCents").GetProperty("to").ValueKind);
    }

    [Fact]
    public async Task A_period_ending_before_it_starts_is_refused_naming_periodEnd()
    {
        var response = await Coordinator.PostAsJsonAsync("/api/partners/projects",
            ProjectBody("Rückwärts", ["0901"], periodStart: "2024-06-01", periodEnd: "2024-05-31", lead: fx.Lead));
        Assert.Equal(["periodEnd"], await ProblemFields(response));

        var unknownRegion = await Coordinator.PostAsJsonAsync("/api/partners/projects", ProjectBody("Falsche Region", ["0901", "9999", "0301"], lead: fx.Lead));
        Assert.Equal(["regionCodes[1]", "regionCodes[2]"], (await ProblemFields(unknownRegion)).Order().ToArray());

        var unknownLead = await Coordinator.PostAsJsonAsync("/api/partners/projects", ProjectBody("Ohne Träger", ["0901"], lead: Guid.NewGuid()));
        Assert.Equal(["leadOrganisationId"], await ProblemFields(unknownLead));

        var badStatus = await Coordinator.PostAsJsonAsync("/api/partners/projects", ProjectBody("Status?", ["0901"], status: "paused", lead: fx.Lead));
        Assert.Equal(["status"], await ProblemFields(badStatus));

        var badDate = await Coordinator.PostAsync("/api/partners/projects", RawJson(
            $$"""{"title":"Datum","summary":"s","leadOrganisationId":"{{fx.Lead}}","status":"planned","periodStart":"31.12.2024"}"""));
        Assert.Equal(["periodStart"], await ProblemFields(badDate));

        await using var connection = await fx.Db.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from partners.projects where title in ('Rückwärts', 'Falsche Region', 'Status?')"));
    }

    [Fact]
    public async Task A_revision_keeps_the_earlier_version_unchanged_and_becomes_current_once_adopted()
    {
        var field = await JsonOf(await Coordinator.PostAsJsonAsync("/api/partners/fields-of-action",
            new { districtCode = "09", organisationId = fx.Lead, name = "Neue Beschäftigung " + NewCode(), description = "Arbeitsplätze schaffen" }), HttpStatusCode.Created);
        var project = (await ProjectAsync("Maßnahmenprojekt " + NewCode(), ["0901"])).GetProperty("id").GetGuid();
        var plan = await JsonOf(await Coordinator.PostAsJsonAsync("/api/partners/action-plans",
            new { title = "Aktionsplan Test", districtCode = "09", organisationId = fx.Lead }), HttpStatusCode.Created);
        var id = plan.GetProperty("id").GetGuid();
        var fieldId = field.GetProperty("id").GetGuid();

        await JsonOf(await Coordinator.PostAsJsonAsync($"/api/partners/action-plans/{id}/revisions", new
        {
            validFrom = "2014-01-01", adoptedOn = "2014-03-01", adoptedBy = "Steuerungsgruppe", goals = "## Ziele 2014\n\nMehr Arbeit.",
            measures = new[] { new { title = "Kiezprojekt", projectId = (Guid?)project, fieldOfActionId = (Guid?)fieldId } },
        }), HttpStatusCode.Created);
        var first = await JsonOf(await Coordinator.GetAsync($"/api/partners/action-plans/{id}/versions/1"));
        Assert.True(first.GetProperty("isCurrent").GetBoolean());

        var earlier = await Coordinator.PostAsJsonAsync($"/api/partners/action-plans/{id}/revisions",
            new { validFrom = "2013-01-01", goals = "Zu früh", measures = Array.Empty<object>() });
        Assert.Equal(["validFrom"], await ProblemFields(earlier));
        var badMeasure = await Coordinator.PostAsJsonAsync($"/api/partners/action-plans/{id}/revisions",
            new { validFrom = "2021-01-01", goals = "x", measures = new[] { new { title = "?", projectId = Guid.NewGuid() } } });
        Assert.Equal(["measures[0].projectId"], await ProblemFields(badMeasure));

        var second = await JsonOf(await Coordinator.PostAsJsonAsync($"/api/partners/action-plans/{id}/revisions", new
        {
            validFrom = "2021-01-01", adoptedOn = "2021-04-01", adoptedBy = "Steuerungsgruppe", goals = "## Fortschreibung 2021",
            measures = new[] { new { title = "Gründungsberatung" } },
        }), HttpStatusCode.Created);
        Assert.Equal(2, second.GetProperty("versionNo").GetInt32());
        // A drafted third version (not adopted) does not replace the current one.
        await JsonOf(await Coordinator.PostAsJsonAsync($"/api/partners/action-plans/{id}/revisions",
            new { validFrom = "2024-01-01", goals = "Entwurf", measures = Array.Empty<object>() }), HttpStatusCode.Created);

        var again = await JsonOf(await Coordinator.GetAsync($"/api/partners/action-plans/{id}/versions/1"));
        foreach (var property in new[] { "versionNo", "validFrom", "adoptedOn", "adoptedBy", "goals", "createdAt", "measures" })
            Assert.Equal(first.GetProperty(property).GetRawText(), again.GetProperty(property).GetRawText());
        Assert.False(again.GetProperty("isCurrent").GetBoolean());
        Assert.Equal("Kiezprojekt", again.GetProperty("measures")[0].GetProperty("title").GetString());
        Assert.Equal(project, again.GetProperty("measures")[0].GetProperty("projectId").GetGuid());

        var current = await JsonOf(await Coordinator.GetAsync($"/api/partners/action-plans/{id}"));
        Assert.Equal(2, current.GetProperty("current").GetProperty("versionNo").GetInt32());
        var versions = await JsonOf(await Coordinator.GetAsync($"/api/partners/action-plans/{id}/versions"));
        Assert.Equal([1, 2, 3], versions.EnumerateArray().Select(v => v.GetProperty("versionNo").GetInt32()).ToArray());

        // Adopting the draft makes it current; adopting it twice is refused.
        var adopt = new { adoptedOn = "2024-02-01", adoptedBy = "Steuerungsgruppe" };
        await JsonOf(await Coordinator.PostAsJsonAsync($"/api/partners/action-plans/{id}/versions/3/adopt", adopt));
        Assert.Equal(HttpStatusCode.Conflict, (await Coordinator.PostAsJsonAsync($"/api/partners/action-plans/{id}/versions/3/adopt", adopt)).StatusCode);
        Assert.Equal(3, (await JsonOf(await Coordinator.GetAsync($"/api/partners/action-plans/{id}"))).GetProperty("current").GetProperty("versionNo").GetInt32());

        // The database itself refuses to change an adopted version.
        await using var connection = await fx.Db.DataSource.OpenConnectionAsync();
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() =>
            connection.ExecuteAsync("update partners.action_plan_versions set goals = 'geändert' where action_plan_id = @id and version_no = 1", new { id }));
    }

    [Fact]
    public async Task A_public_project_is_listed_through_the_event_updated_and_taken_off_again()
    {
        var anonymous = fx.App.CreateClient();
        await new ContentTestKit(fx.App, fx.Db).SettleAsync();
        var programme = await ProgrammeAsync("2021-2027");
        var title = "Gründungsberatung im Kiez " + programme;
        var created = await ProjectAsync(title, ["0901"], partners: [fx.Partner]);
        var id = created.GetProperty("id").GetGuid();
        await LineAsync(id, programme, "2021-2027", (2023, 8_000_000, 7_999_999, 100), (2024, 8_000_000, 1, 0));

        var unknownSite = await Coordinator.PostAsJsonAsync($"/api/partners/projects/{id}/publish", new { sites = new[] { Site, "gibt-es-nicht" } });
        Assert.Equal(["sites[1]"], await ProblemFields(unknownSite));

        var published = await JsonOf(await Coordinator.PostAsJsonAsync($"/api/partners/projects/{id}/publish", new { sites = new[] { Site } }));
        Assert.True(published.GetProperty("isPublic").GetBoolean());
        Assert.Equal(1, published.GetProperty("publication").GetProperty("revision").GetInt32());

        // The outbox row carries everything a listing needs.
        await using (var connection = await fx.Db.DataSource.OpenConnectionAsync())
        {
            var payload = JsonDocument.Parse(await connection.ExecuteScalarAsync<string>(
                "select payload::text from partners.outbox_messages where event_name = 'partners.project-published.v1' and payload->>'projectId' = @id",
                new { id = id.ToString() }) ?? "null").RootElement;
            Assert.Equal(1, payload.GetProperty("revision").GetInt32());
            Assert.Equal(title, payload.GetProperty("title").GetString());
            Assert.Equal("## Ziel\n\nMehr Beschäftigung im Kiez.", payload.GetProperty("body").GetString());
            Assert.Equal(8_000_000, payload.GetProperty("totalApprovedCents").GetInt64());
            Assert.Equal(["Programm " + programme], payload.GetProperty("fundingProgrammes").EnumerateArray().Select(e => e.GetString()!).ToArray());
            Assert.Equal([Site], payload.GetProperty("siteSlugs").EnumerateArray().Select(e => e.GetString()!).ToArray());
            Assert.Equal(["0901"], payload.GetProperty("regionCodes").EnumerateArray().Select(e => e.GetString()!).ToArray());
            Assert.Equal(["09"], payload.GetProperty("districtCodes").EnumerateArray().Select(e => e.GetString()!).ToArray());
            Assert.Equal("Bündnis für Wirtschaft und Arbeit (Test)", payload.GetProperty("leadOrganisation").GetProperty("name").GetString());
            Assert.Equal("Wirtschaftskreis (Test)", payload.GetProperty("partnerOrganisations")[0].GetProperty("name").GetString());
            Assert.Equal("running", payload.GetProperty("status").GetString());
            Assert.Equal("2019-01-01", payload.GetProperty("periodStart").GetString());
        }

        await DispatchAsync();
        var listing = (await ListingAsync(anonymous, Site, title, l => l is not null))!.Value;
        Assert.Equal("running", listing.GetProperty("projectStatus").GetString());
        Assert.Equal("Programm " + programme, listing.GetProperty("fundingProgramme").GetString());
        Assert.Equal(8_000_000, listing.GetProperty("budgetCents").GetInt64());
        Assert.Equal("Bündnis für Wirtschaft und Arbeit (Test)", listing.GetProperty("leadOrganisation").GetProperty("name").GetString());
        Assert.Equal(id, listing.GetProperty("id").GetGuid());

        // Updating the public project publishes it again, with a higher revision.
        var current = await JsonOf(await Coordinator.GetAsync($"/api/partners/projects/{id}"));
        var renamed = title + " (verlängert)";
        var update = ProjectBody(renamed, ["0901", "0910"], status: "completed", lead: fx.Lead, partners: [fx.Partner]);
        var updated = await JsonOf(await SendAsync(Coordinator, HttpMethod.Put, $"/api/partners/projects/{id}", update, current.GetProperty("version").GetInt32()));
        Assert.Equal(2, updated.GetProperty("publication").GetProperty("revision").GetInt32());
        await DispatchAsync();
        var changed = (await ListingAsync(anonymous, Site, renamed, l => l is not null))!.Value;
        Assert.Equal("completed", changed.GetProperty("projectStatus").GetString());
        Assert.Equal(listing.GetProperty("slug").GetString(), changed.GetProperty("slug").GetString());
        Assert.Null(await ListingAsync(anonymous, Site, title, l => l is null));

        // A budget change of a public project changes the listing too.
        await LineAsync(id, await ProgrammeAsync("2021-2027"), "2021-2027", (2025, 10, 5, 0));
        await DispatchAsync();
        Assert.Equal(8_000_005, (await ListingAsync(anonymous, Site, renamed, l => l?.GetProperty("budgetCents").GetInt64() == 8_000_005))!.Value
            .GetProperty("budgetCents").GetInt64());

        // An older revision arriving late changes nothing.
        await using (var scope = fx.App.Services.CreateAsyncScope())
        {
            var stale = new ProjectPublished(id, 1, "Veralteter Titel", "alt", "", null, null, "planned", [], 0,
                new ProjectOrganisation(fx.Lead, "Alt", null), [], null, null, [], [], [], [Site]);
            await scope.ServiceProvider.GetRequiredService<IMediator>().Publish(stale);
        }

        Assert.Null(await ListingAsync(anonymous, Site, "Veralteter Titel", l => l is not null, TimeSpan.FromMilliseconds(500)));
        Assert.NotNull(await ListingAsync(anonymous, Site, renamed, l => l is not null));

        // Unpublishing takes it off the site.
        var unpublished = await JsonOf(await Coordinator.PostAsync($"/api/partners/projects/{id}/unpublish", null));
        Assert.False(unpublished.GetProperty("isPublic").GetBoolean());
        await DispatchAsync();
        Assert.Null(await ListingAsync(anonymous, Site, renamed, l => l is null));
        Assert.Equal(HttpStatusCode.Conflict, (await Coordinator.PostAsync($"/api/partners/projects/{id}/unpublish", null)).StatusCode);
    }

    [Fact]
    public async Task A_listing_whose_address_an_editor_took_gets_a_suffix()
    {
        var anonymous = fx.App.CreateClient();
        var title = "Kiezwerkstatt " + NewCode();
        var editor = new ContentTestKit(fx.App, fx.Db);
        await editor.SettleAsync();
        var editorItem = await ContentArrange.CreateAsync(await editor.EditorAsync(), "projects",
            new { title, sites = new[] { Site }, fields = new { summary = "Vom Redaktionsteam", projectStatus = "running" } });
        await ContentArrange.ActAsync(await editor.EditorAsync(), editorItem.GetProperty("id").GetGuid(), "publish");

        var id = (await ProjectAsync(title, ["0901"])).GetProperty("id").GetGuid();
        await JsonOf(await Coordinator.PostAsJsonAsync($"/api/partners/projects/{id}/publish", new { sites = new[] { Site } }));
        await DispatchAsync();

        var slug = editorItem.GetProperty("slug").GetString()!;
        var both = await ContentTestKit.EventuallyAsync(async () =>
        {
            var list = await JsonOf(await anonymous.GetAsync($"/api/public/v1/sites/{Site}/projects?pageSize=100"));
            return list.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("title").GetString() == title)
                .Select(i => i.GetProperty("slug").GetString()!).Order().ToArray();
        }, s => s.Length == 2);
        Assert.Equal([slug, slug + "-2"], both);
    }

    [Fact]
    public async Task A_stale_edit_is_refused_with_412_and_changes_nothing()
    {
        var created = await ProjectAsync("Versionen " + NewCode(), ["0901"]);
        var id = created.GetProperty("id").GetGuid();
        var url = $"/api/partners/projects/{id}";
        var first = await SendAsync(Coordinator, HttpMethod.Put, url, ProjectBody("Erste Änderung", ["0901"], lead: fx.Lead), ifMatch: 1);
        Assert.Equal("\"2\"", first.Headers.ETag?.Tag);

        var stale = await SendAsync(Coordinator, HttpMethod.Put, url, ProjectBody("Veraltete Änderung", ["0901"], lead: fx.Lead), ifMatch: 1);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        var missing = await SendAsync(Coordinator, HttpMethod.Put, url, ProjectBody("Ohne Version", ["0901"], lead: fx.Lead));
        // Problem details write error keys camelCased, so the header's name arrives as "if-Match".
        Assert.Equal(["if-match"], (await ProblemFields(missing)).Select(f => f.ToLowerInvariant()).ToArray());
        Assert.Equal("Erste Änderung", (await JsonOf(await Coordinator.GetAsync(url))).GetProperty("title").GetString());

        var code = await ProgrammeAsync("2021-2027");
        var programmeUrl = $"/api/partners/funding-programmes/{code}";
        var programme = new { name = "Umbenannt", funderLevel = "eu", periodCodes = new[] { "2021-2027" } };
        await JsonOf(await SendAsync(Coordinator, HttpMethod.Put, programmeUrl, programme, ifMatch: 1));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await SendAsync(Coordinator, HttpMethod.Put, programmeUrl, programme, ifMatch: 1)).StatusCode);
    }

    [Fact]
    public async Task Counsellors_read_but_cannot_change_anything()
    {
        var counsellor = await fx.App.ClientForRoleAsync(Roles.Counsellor);
        var id = (await ProjectAsync("Nur lesen " + NewCode(), ["0901"])).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.OK, (await counsellor.GetAsync($"/api/partners/projects/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await counsellor.GetAsync("/api/partners/funding-programmes/totals?groupBy=period")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await counsellor.GetAsync("/api/partners/fields-of-action")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await counsellor.PostAsJsonAsync("/api/partners/projects", ProjectBody("Verboten", ["0901"], lead: fx.Lead))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(counsellor, HttpMethod.Put, $"/api/partners/projects/{id}", ProjectBody("Verboten", ["0901"], lead: fx.Lead), 1)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await counsellor.PostAsJsonAsync($"/api/partners/projects/{id}/publish", new { sites = new[] { Site } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await counsellor.PostAsJsonAsync($"/api/partners/projects/{id}/funding-lines", new { programmeCode = "X", periodCode = "y" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await counsellor.PostAsJsonAsync("/api/partners/funding-programmes", new { code = NewCode(), name = "x", funderLevel = "eu" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await counsellor.PostAsJsonAsync("/api/partners/fields-of-action", new { districtCode = "09", name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await counsellor.PostAsJsonAsync("/api/partners/action-plans", new { title = "x", districtCode = "09" })).StatusCode);
        Assert.False((await JsonOf(await Coordinator.GetAsync($"/api/partners/projects/{id}"))).GetProperty("isPublic").GetBoolean());
    }

    [Fact]
    public async Task The_demo_seeder_lists_the_leipzig_project_and_seeds_only_once()
    {
        // The organisations the seeder points at come from the network seeder (DemoIds in the module); made here by id.
        (Guid Id, string Name)[] organisations =
        [
            (new("6a0e0000-0000-4000-8000-000000000005"), "Bezirkliches Bündnis für Wirtschaft und Arbeit Treptow-Köpenick"),
            (new("6a0e0000-0000-4000-8000-000000000014"), "WISTA Management GmbH"),
            (new("6a0e0000-0000-4000-8000-000000000015"), "HTW Berlin – Campus Schöneweide"),
            (new("6a0e0000-0000-4000-8000-000000000040"), "Stadt Leipzig – Programmsteuerung Soziale Stadt"),
            (new("6a0e0000-0000-4000-8000-000000000041"), "Lokale Beschäftigungsentwicklung Leipziger Osten"),
        ];
        foreach (var (orgId, name) in organisations) await PartnersArrange.OrganisationAsync(fx.Db, orgId, name);

        var seeder = fx.App.Services.GetServices<IDemoDataSeeder>().Single(s => s.GetType().Name == "DemoProgrammes");
        Assert.Equal(50, seeder.Order);
        await seeder.SeedAsync(CancellationToken.None);
        await using var connection = await fx.Db.DataSource.OpenConnectionAsync();
        const string Counts =
            """
            select (select count(*) from partners.projects) + (select count(*) from partners.funding_line_budgets) + (select count(*) from partners.action_plan_versions)
                 + (select count(*) from partners.fields_of_action) + (select count(*) from partners.outbox_messages)
            """;
        var before = await connection.ExecuteScalarAsync<long>(Counts);
        await seeder.SeedAsync(CancellationToken.None);
        Assert.Equal(before, await connection.ExecuteScalarAsync<long>(Counts));

        var versions = await connection.QueryAsync<DateTime>(
            """
            select v.valid_from from partners.action_plan_versions v join partners.action_plans p on p.id = v.action_plan_id
            where p.title like 'Aktionsplan des Bezirklichen Bündnisses%' order by v.version_no
            """);
        Assert.Equal([2002, 2007, 2014, 2021], versions.Select(v => v.Year).ToArray());

        var leipzigTotal = await JsonOf(await Coordinator.GetAsync("/api/partners/funding-programmes/SOZIALE-STADT/totals?region=lpz-volkmarsdorf"));
        Assert.True(Total(leipzigTotal).Item2 > 0);

        await DispatchAsync();
        var listing = (await ListingAsync(fx.App.CreateClient(), "leipziger-osten", "Lokale Beschäftigungsentwicklung", l => l is not null))!.Value;
        Assert.Equal("2003-05-01", listing.GetProperty("periodStart").GetString());
        Assert.Equal("2009-03-31", listing.GetProperty("periodEnd").GetString());
        Assert.Equal("completed", listing.GetProperty("projectStatus").GetString());
        Assert.Equal("Soziale Stadt", listing.GetProperty("fundingProgramme").GetString());
        Assert.Equal("Lokale Beschäftigungsentwicklung Leipziger Osten", listing.GetProperty("leadOrganisation").GetProperty("name").GetString());
    }
}
