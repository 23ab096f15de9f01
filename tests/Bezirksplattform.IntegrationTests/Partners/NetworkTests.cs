using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Bezirksplattform.Partners.Contracts;
using Bezirksplattform.Partners.Data;
using Dapper;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.IntegrationTests.Partners;

/// <summary>One database and host for the class: every test works on records of its own.</summary>
public sealed class NetworkFixture : IAsyncLifetime
{
    public TestDatabase Db { get; private set; } = null!;
    public PlatformFactory App { get; private set; } = null!;
    public HttpClient Coordinator { get; private set; } = null!;
    public Guid CoordinatorId { get; private set; }

    public async Task InitializeAsync()
    {
        Db = await TestDatabase.CreateMigratedAsync();
        App = new PlatformFactory(Db);
        Coordinator = await App.ClientForRoleAsync(Roles.Coordinator);
        CoordinatorId = (await Coordinator.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("id").GetGuid();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Db.DisposeAsync();
    }
}

public sealed class NetworkTests(NetworkFixture fixture) : IClassFixture<NetworkFixture>
{
    private readonly PlatformFactory _app = fixture.App;
    private readonly HttpClient _coordinator = fixture.Coordinator;

    private static object Organisation(string name, string kind = "association", string? district = "09", string[]? regions = null,
        Guid? parentId = null, bool? confirm = null, bool acceptsReferrals = false) =>
        new { name, kind, districtCode = district, regionCodes = regions ?? [], parentId, confirmNotDuplicate = confirm, acceptsReferrals };

    private async Task<JsonElement> CreatedAsync(string route, object body)
    {
        var response = await _coordinator.PostAsJsonAsync($"/api/partners/{route}", body);
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>The fields a 400 names.</summary>
    private static async Task<string[]> InvalidFieldsAsync(HttpResponseMessage response) =>
        [.. (await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors").EnumerateObject().Select(e => e.Name)];

    private Task<HttpResponseMessage> PutAsync(string path, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null) request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{ifMatch}\""));
        return _coordinator.SendAsync(request);
    }

    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = await fixture.Db.DataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }

    [Fact]
    public async Task A_similar_name_in_the_same_district_is_answered_with_the_candidates_and_created_only_when_confirmed()
    {
        var existing = await CreatedAsync("organisations", Organisation("Nachbarschaftszentrum Sonnenblick e.V."));
        var existingId = existing.GetProperty("id").GetGuid();

        // Same name once the legal form is ignored, and a misspelt one: both stop the create.
        foreach (var name in new[] { "Nachbarschaftszentrum Sonnenblick", "Nachbarschaftszentrum Sonenblick gGmbH" })
        {
            var warning = await ProblemAsync(await _coordinator.PostAsJsonAsync("/api/partners/organisations", Organisation(name)), HttpStatusCode.Conflict);
            var candidate = Assert.Single(warning.GetProperty("possibleDuplicates").EnumerateArray());
            Assert.Equal(existingId, candidate.GetProperty("id").GetGuid());
            Assert.Equal("Nachbarschaftszentrum Sonnenblick e.V.", candidate.GetProperty("name").GetString());
            Assert.InRange(candidate.GetProperty("similarity").GetDouble(), 0.5, 1.0);
        }

        Assert.Equal(1L, await ScalarAsync<long>("select count(*) from partners.organisations where name ilike 'Nachbarschaftszentrum Son%'"));

        // Another district is another organisation; confirming creates the one the client insists on.
        await CreatedAsync("organisations", Organisation("Nachbarschaftszentrum Sonnenblick", district: "03"));
        var confirmed = await CreatedAsync("organisations", Organisation("Nachbarschaftszentrum Sonnenblick", confirm: true));
        Assert.NotEqual(existingId, confirmed.GetProperty("id").GetGuid());
        Assert.Equal(3L, await ScalarAsync<long>("select count(*) from partners.organisations where name ilike 'Nachbarschaftszentrum Son%'"));
    }

    [Fact]
    public async Task Invalid_input_is_a_400_naming_each_field_and_stores_nothing()
    {
        Assert.Contains("kind", await InvalidFieldsAsync(await _coordinator.PostAsJsonAsync("/api/partners/organisations",
            Organisation("Verein mit falscher Art", kind: "verein"))));
        Assert.Equal(["regionCodes[1]"], await InvalidFieldsAsync(await _coordinator.PostAsJsonAsync("/api/partners/organisations",
            Organisation("Verein mit falscher Region", regions: ["0901", "0999"]))));
        var contact = await InvalidFieldsAsync(await _coordinator.PostAsJsonAsync("/api/partners/organisations",
            new { name = "Verein mit Tippfehlern", kind = "association", sizeClass = "huge", email = "info(at)example.org", website = "www.example" }));
        Assert.Equal(["email", "sizeClass", "website"], contact.Order());
        Assert.Equal(["parentId"], await InvalidFieldsAsync(await _coordinator.PostAsJsonAsync("/api/partners/organisations",
            Organisation("Verein mit unbekanntem Dach", parentId: Guid.NewGuid()))));
        Assert.Equal(0L, await ScalarAsync<long>("select count(*) from partners.organisations where name like 'Verein mit%'"));

        // A parent chain must stay a tree: the top cannot move below its own descendant.
        var top = await CreatedAsync("organisations", Organisation("Dachverband Kreistest"));
        var middle = await CreatedAsync("organisations", Organisation("Mitgliedsverein Kreistest", parentId: top.GetProperty("id").GetGuid()));
        var bottom = await CreatedAsync("organisations", Organisation("Projekt Kreistest Unten", parentId: middle.GetProperty("id").GetGuid()));
        var cycle = await PutAsync($"/api/partners/organisations/{top.GetProperty("id").GetGuid()}",
            Organisation("Dachverband Kreistest", parentId: bottom.GetProperty("id").GetGuid()), "1");
        Assert.Equal(["parentId"], await InvalidFieldsAsync(cycle));

        var person = await CreatedAsync("people", new { givenName = "Greta", familyName = "Gültig" });
        var affiliations = $"/api/partners/people/{person.GetProperty("id").GetGuid()}/affiliations";
        var backwards = new { organisationId = top.GetProperty("id").GetGuid(), role = "Vorsitzende", validFrom = "2026-05-01", validUntil = "2026-04-30" };
        Assert.Equal(["validUntil"], await InvalidFieldsAsync(await _coordinator.PostAsJsonAsync(affiliations, backwards)));
        Assert.Equal(["validFrom"], await InvalidFieldsAsync(await _coordinator.PostAsJsonAsync(affiliations,
            new { organisationId = top.GetProperty("id").GetGuid(), role = "Vorsitzende", validFrom = "1. Mai 2026" })));
        Assert.Equal(["organisationId"], await InvalidFieldsAsync(await _coordinator.PostAsJsonAsync(affiliations,
            new { organisationId = Guid.NewGuid(), role = "Vorsitzende" })));

        Assert.Equal(["code"], await InvalidFieldsAsync(await _coordinator.PostAsJsonAsync("/api/partners/regions",
            new { code = "Neue Region", name = "Neue Region", districtCode = "09" })));
        Assert.Equal(["districtCode"], await InvalidFieldsAsync(await _coordinator.PostAsJsonAsync("/api/partners/regions",
            new { code = "9901", name = "Irgendwo", districtCode = "99" })));
    }

    [Fact]
    public async Task An_edit_based_on_a_stale_version_is_refused_with_412_and_changes_nothing()
    {
        var created = await CreatedAsync("organisations", Organisation("Stadtteilladen Versionstest"));
        var path = $"/api/partners/organisations/{created.GetProperty("id").GetGuid()}";

        var first = await PutAsync(path, Organisation("Stadtteilladen Versionstest (neu)"), "1");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"2\"", first.Headers.ETag?.Tag);

        await ProblemAsync(await PutAsync(path, Organisation("Stadtteilladen überholt"), "1"), HttpStatusCode.PreconditionFailed);
        await ProblemAsync(await PutAsync(path, new { name = "Stadtteilladen überholt", kind = "association", version = 1 }, null),
            HttpStatusCode.PreconditionFailed);
        Assert.Equal(["version"], await InvalidFieldsAsync(await PutAsync(path, Organisation("Stadtteilladen ohne Version"), null)));

        var stored = await _coordinator.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal("Stadtteilladen Versionstest (neu)", stored.GetProperty("name").GetString());
        Assert.Equal(2, stored.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task A_counsellor_reads_the_network_but_every_change_is_forbidden()
    {
        var counsellor = await _app.ClientForRoleAsync(Roles.Counsellor);
        var organisation = await CreatedAsync("organisations", Organisation("Beratungsstelle Lesetest"));
        var id = organisation.GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.OK, (await counsellor.GetAsync("/api/partners/regions?district=09")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await counsellor.GetAsync($"/api/partners/organisations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await counsellor.GetAsync("/api/partners/organisations?q=Lesetest")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await counsellor.GetAsync("/api/partners/people")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await counsellor.GetAsync($"/api/partners/history?entityType=organisation&entityId={id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await counsellor.PostAsJsonAsync("/api/partners/organisations", Organisation("Verbotener Verein"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await counsellor.PutAsJsonAsync($"/api/partners/organisations/{id}",
            new { name = "Umbenannt", kind = "association", version = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await counsellor.PostAsJsonAsync("/api/partners/people", new { familyName = "Verboten" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await counsellor.PutAsJsonAsync("/api/partners/regions/0901", new { name = "Umbenannt", version = 1 })).StatusCode);
        Assert.Equal("Beratungsstelle Lesetest", await ScalarAsync<string>("select name from partners.organisations where id = @id", new { id }));
    }

    [Fact]
    public async Task Other_modules_get_regions_organisations_and_referral_partners_through_the_contracts_queries()
    {
        var pankow = await _app.SendAsync(new ListDistrictRegionsQuery("03"));
        Assert.Equal(13, pankow.Count);
        Assert.All(pankow, r => Assert.Equal(("Pankow", "Berlin"), (r.DistrictName, r.City)));
        Assert.Equal(new DistrictRegionInfo("0901", "Alt-Treptow", "09", "Treptow-Köpenick", "Berlin", true), await _app.SendAsync(new GetDistrictRegionQuery("0901")));
        Assert.Null(await _app.SendAsync(new GetDistrictRegionQuery("0999")));

        var jobClub = await PartnersArrange.OrganisationAsync(fixture.Db, "Jobclub Niederschöneweide", acceptsReferrals: true, regions: ["0905", "0909"]);
        var federation = await PartnersArrange.OrganisationAsync(fixture.Db, "Wohlfahrtsverband Vermittlungstest", "welfare_federation", null, acceptsReferrals: true);
        var elsewhere = await PartnersArrange.OrganisationAsync(fixture.Db, "Jobclub Köpenick", acceptsReferrals: true, regions: ["0910"]);
        var noReferrals = await PartnersArrange.OrganisationAsync(fixture.Db, "Kiezcafé Niederschöneweide", regions: ["0905"]);
        var inactive = await PartnersArrange.OrganisationAsync(fixture.Db, "Ehemaliger Jobclub", acceptsReferrals: true, regions: ["0905"]);
        await ScalarAsync<int>("update partners.organisations set is_active = false where id = @inactive", new { inactive });

        var inRegion = (await _app.SendAsync(new ListReferralPartnersQuery("0905"))).Select(o => o.Id).ToList();
        Assert.Contains(jobClub, inRegion);
        Assert.DoesNotContain(elsewhere, inRegion);
        Assert.DoesNotContain(noReferrals, inRegion);
        Assert.DoesNotContain(inactive, inRegion);
        Assert.DoesNotContain(federation, inRegion);
        var federations = await _app.SendAsync(new ListReferralPartnersQuery(Kind: "welfare_federation"));
        Assert.Contains(federations, o => o.Id == federation);
        Assert.All(federations, o => Assert.Equal("welfare_federation", o.Kind));

        var one = await _app.SendAsync(new GetOrganisationQuery(jobClub));
        Assert.Equal(("Jobclub Niederschöneweide", "09", true), (one!.Name, one.DistrictCode, one.AcceptsReferrals));
        Assert.Equal(["0905", "0909"], one.RegionCodes);
        Assert.Null(await _app.SendAsync(new GetOrganisationQuery(Guid.NewGuid())));
        var several = await _app.SendAsync(new GetOrganisationsQuery([jobClub, Guid.NewGuid(), inactive]));
        Assert.Equal([inactive, jobClub], several.Select(o => o.Id));
        Assert.False(several[0].IsActive);
    }

    [Fact]
    public async Task Region_changes_and_the_reference_regions_of_migration_0002_reach_content_regions_through_the_outbox()
    {
        // The migration stamped its events with the region rows' time; the frozen test clock must be past it to dispatch them.
        var databaseNow = await ScalarAsync<DateTimeOffset>("select now()");
        _app.Clock.Set((databaseNow > _app.Clock.GetUtcNow() ? databaseNow : _app.Clock.GetUtcNow()).AddMinutes(1));

        // The migration's rows are exactly what the registry would have written for the event.
        var registry = _app.Get<IntegrationEventRegistry>();
        await using (var connection = await fixture.Db.DataSource.OpenConnectionAsync())
        {
            var seeded = (await connection.QueryAsync<(Guid Id, string EventName, string Payload)>(
                "select id, event_name, payload::text from partners.outbox_messages where payload #>> '{region,code}' in (select code from partners.regions)")).ToList();
            Assert.True(seeded.Count >= 33);
            foreach (var (id, eventName, payload) in seeded)
            {
                var @event = Assert.IsType<DistrictRegionChanged>(registry.Deserialize(eventName, payload));
                Assert.Equal(id, @event.EventId);
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(payload), JsonNode.Parse(registry.Serialize(@event))), payload);
            }
        }

        var created = await CreatedAsync("regions", new { code = "0916", name = "Neu-Testow", districtCode = "09" });
        Assert.Equal("Treptow-Köpenick", created.GetProperty("districtName").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await _coordinator.PostAsJsonAsync("/api/partners/regions", new { code = "0916", name = "Doppelt", districtCode = "09" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync("/api/partners/regions/0902", new { name = "Plänterwald-Süd" }, "1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PutAsync("/api/partners/regions/0914", new { name = "Müggelheim", isActive = false }, "1")).StatusCode);

        await _app.Get<OutboxDispatcher>().DispatchAllAsync(CancellationToken.None);

        Assert.Equal(0L, await ScalarAsync<long>("select count(*) from partners.outbox_messages where status <> 'dispatched'"));
        await using (var connection = await fixture.Db.DataSource.OpenConnectionAsync())
        {
            var regions = (await connection.QueryAsync<(string Code, string Name, string DistrictName, bool IsActive)>(
                "select code, name, district_name, is_active from content.regions where source_updated_at is not null")).ToDictionary(r => r.Code);
            Assert.Equal(34, regions.Count);
            Assert.Equal(("Neu-Testow", "Treptow-Köpenick", true), (regions["0916"].Name, regions["0916"].DistrictName, regions["0916"].IsActive));
            Assert.Equal("Plänterwald-Süd", regions["0902"].Name);
            Assert.False(regions["0914"].IsActive);
            Assert.Equal(("Sellerhausen-Stünz", "Leipziger Osten"), (regions["lpz-sellerhausen-stuenz"].Name, regions["lpz-sellerhausen-stuenz"].DistrictName));
        }

        // An event older than the one applied (a late redelivery of the reference state) changes nothing.
        await using (var scope = _app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<IMediator>().Publish(new DistrictRegionChanged(
                new DistrictRegionInfo("0902", "Plänterwald", "09", "Treptow-Köpenick", "Berlin", true)) { OccurredAt = databaseNow.AddDays(-1) });
        Assert.Equal("Plänterwald-Süd", await ScalarAsync<string>("select name from content.regions where code = '0902'"));

        var history = await _coordinator.GetFromJsonAsync<JsonElement>("/api/partners/history?entityType=region&entityId=0914");
        var deactivated = Assert.Single(history.GetProperty("items").EnumerateArray());
        Assert.Equal("deactivated", deactivated.GetProperty("action").GetString());
        Assert.Equal(fixture.CoordinatorId, deactivated.GetProperty("changedBy").GetGuid());
    }

    [Fact]
    public async Task An_update_is_recorded_with_its_actor_and_the_changed_fields_newest_first()
    {
        var created = await CreatedAsync("organisations", Organisation("Gründerwerkstatt Verlaufstest", regions: ["0907"]));
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await PutAsync($"/api/partners/organisations/{id}",
            Organisation("Gründerwerkstatt Adlershof", kind: "ggmbh", regions: ["0907"]), "1")).StatusCode);

        var history = await _coordinator.GetFromJsonAsync<JsonElement>($"/api/partners/history?entityType=organisation&entityId={id}");
        Assert.Equal(2, history.GetProperty("total").GetInt64());
        var entries = history.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["updated", "created"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal(fixture.CoordinatorId, e.GetProperty("changedBy").GetGuid()));
        Assert.NotNull(entries[0].GetProperty("changedByName").GetString());
        var changes = entries[0].GetProperty("changes");
        Assert.Equal(["kind", "name"], changes.EnumerateObject().Select(c => c.Name).Order());
        Assert.Equal("Gründerwerkstatt Verlaufstest", changes.GetProperty("name").GetProperty("from").GetString());
        Assert.Equal("ggmbh", changes.GetProperty("kind").GetProperty("to").GetString());
    }

    [Fact]
    public async Task Affiliations_are_kept_over_time_and_ending_one_moves_it_to_the_past()
    {
        var office = await CreatedAsync("organisations", Organisation("Stadtteilbüro Zeitreihe"));
        var officeId = office.GetProperty("id").GetGuid();
        var person = await CreatedAsync("people", new { givenName = "Ida", familyName = "Zeitreihe", title = "Dr." });
        var personPath = $"/api/partners/people/{person.GetProperty("id").GetGuid()}";

        var lead = await CreatedAsync($"people/{person.GetProperty("id").GetGuid()}/affiliations",
            new { organisationId = officeId, role = "Leiterin", validFrom = "2020-01-01" });
        await CreatedAsync($"people/{person.GetProperty("id").GetGuid()}/affiliations",
            new { organisationId = officeId, role = "Stellvertretende Leiterin", validFrom = "2015-03-01", validUntil = "2019-12-31" });
        var detail = await _coordinator.GetFromJsonAsync<JsonElement>($"/api/partners/organisations/{officeId}");
        Assert.Equal("Dr. Ida Zeitreihe", Assert.Single(detail.GetProperty("currentAffiliations").EnumerateArray()).GetProperty("personName").GetString());

        // Ending the current role (the clock's Berlin date is 2026-11-23) leaves both in the person's record, none current.
        var ended = await PutAsync($"{personPath}/affiliations/{lead.GetProperty("id").GetGuid()}",
            new { role = "Leiterin", validFrom = "2020-01-01", validUntil = "2026-06-30" }, "1");
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        var all = (await _coordinator.GetFromJsonAsync<JsonElement>($"/api/partners/organisations/{officeId}/affiliations")).EnumerateArray().ToList();
        Assert.Equal(["Leiterin", "Stellvertretende Leiterin"], all.Select(a => a.GetProperty("role").GetString()));
        Assert.All(all, a => Assert.False(a.GetProperty("isCurrent").GetBoolean()));
        var stored = await _coordinator.GetFromJsonAsync<JsonElement>(personPath);
        Assert.Equal(2, stored.GetProperty("affiliations").GetArrayLength());
        Assert.Empty((await _coordinator.GetFromJsonAsync<JsonElement>($"/api/partners/organisations/{officeId}")).GetProperty("currentAffiliations").EnumerateArray());

        var history = await _coordinator.GetFromJsonAsync<JsonElement>($"/api/partners/history?entityType=affiliation&entityId={lead.GetProperty("id").GetGuid()}");
        Assert.Equal("ended", history.GetProperty("items")[0].GetProperty("action").GetString());
    }

    [Fact]
    public async Task The_demo_network_seeds_twice_without_change_with_the_district_office_units_and_office_holders()
    {
        await _app.SendAsync(new SeedDemoNetworkCommand());
        Assert.Equal(0, await _app.SendAsync(new SeedDemoNetworkCommand()));

        var districtOffice = await _coordinator.GetFromJsonAsync<JsonElement>($"/api/partners/organisations/{DemoIds.BaTreptowKoepenick}");
        var served = districtOffice.GetProperty("regionCodes").EnumerateArray().Select(r => r.GetString()!).ToHashSet();
        Assert.Superset(Enumerable.Range(1, 15).Select(n => $"09{n:00}").ToHashSet(), served);
        var children = districtOffice.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("id").GetGuid()).ToHashSet();
        Assert.Superset(new HashSet<Guid> { DemoIds.Spk, DemoIds.EuBeauftragte, DemoIds.Kke, DemoIds.Buendnis }, children);
        var holders = districtOffice.GetProperty("currentAffiliations").EnumerateArray()
            .Select(a => (a.GetProperty("personName").GetString(), a.GetProperty("role").GetString())).ToList();
        Assert.Contains(("Oliver Igel", "Bezirksbürgermeister"), holders);

        var referrals = await _app.SendAsync(new ListReferralPartnersQuery("0905"));
        Assert.Contains(referrals, o => o.Id == DemoIds.JobcenterTk);
    }
}
