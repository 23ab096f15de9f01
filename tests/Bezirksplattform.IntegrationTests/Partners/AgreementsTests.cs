using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Mail;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Bezirksplattform.Partners.Data;
using Bezirksplattform.Partners.Jobs.SendAgreementReminders;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Bezirksplattform.IntegrationTests.Partners;

/// <summary>Cooperation agreements through the staff API: derived status by the Berlin date, filters, validation, concurrency, history.</summary>
public sealed class AgreementsTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private PlatformFactory _app = null!;
    private HttpClient _coordinator = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync();
        _app = new PlatformFactory(_db, new TestClock(AgreementsArrange.LoginTime), AgreementsArrange.LongTokens);
        _coordinator = await _app.ClientForRoleAsync(Roles.Coordinator);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static DateTimeOffset Utc(int y, int m, int d, int h = 10, int min = 0) => new(y, m, d, h, min, 0, TimeSpan.Zero);

    private async Task<JsonElement> StatusAt(Guid id, DateTimeOffset instant)
    {
        _app.Clock.Set(instant);
        return await AgreementsArrange.GetAsync(_coordinator, id);
    }

    [Fact]
    public async Task The_status_follows_signatures_and_the_Berlin_date_at_every_boundary()
    {
        _app.Clock.Set(Utc(2026, 11, 23));
        var district = await PartnersArrange.OrganisationAsync(_db, "Bezirksamt Treptow-Köpenick", "public_agency");
        var provider = await PartnersArrange.OrganisationAsync(_db, "Nachbarschaftshaus e.V.");
        var id = await AgreementsArrange.CreateAsync(_coordinator, "Grenzfälle", "2027-01-01", "2027-06-30");
        await AgreementsArrange.AddPartyAsync(_coordinator, id, district, "district_office");
        await AgreementsArrange.AddPartyAsync(_coordinator, id, provider, "provider");
        await AgreementsArrange.SignAsync(_coordinator, id, district, "2026-11-20");
        var oneSigned = await AgreementsArrange.GetAsync(_coordinator, id);
        Assert.Equal("draft", oneSigned.GetProperty("status").GetString()); // a party has not signed yet
        await AgreementsArrange.SignAsync(_coordinator, id, provider, "2026-11-20");

        // (Berlin date) → status, daysUntilExpiry. Winter: Berlin = UTC+1, summer: UTC+2.
        (DateTimeOffset At, string Status, int? Days)[] cases =
        [
            (Utc(2026, 12, 31, 12), "not_yet_in_force", 181),  // day before valid_from
            (Utc(2026, 12, 31, 23, 30), "in_force", 180),      // 23:30 UTC is already 01.01. in Berlin
            (Utc(2027, 1, 2), "in_force", 179),                // day after valid_from
            (Utc(2027, 3, 31), "in_force", 91),
            (Utc(2027, 4, 1), "expiring", 90),
            (Utc(2027, 4, 2), "expiring", 89),
            (Utc(2027, 6, 30, 21, 30), "expiring", 0),         // 23:30 in Berlin, still the last day
            (Utc(2027, 6, 30, 22, 30), "expired", null),       // 00:30 on 01.07. in Berlin
            (Utc(2027, 7, 1), "expired", null),
        ];
        foreach (var (at, status, days) in cases)
        {
            var agreement = await StatusAt(id, at);
            Assert.True(status == agreement.GetProperty("status").GetString(), $"{at:u}: expected {status}, got {agreement.GetProperty("status")}");
            Assert.Equal(days, agreement.GetProperty("daysUntilExpiry").ValueKind == JsonValueKind.Null ? null : agreement.GetProperty("daysUntilExpiry").GetInt32());
        }
    }

    [Fact]
    public async Task The_list_filters_by_derived_status_organisation_and_district_and_its_total_agrees()
    {
        _app.Clock.Set(Utc(2026, 11, 23));
        var partner = await PartnersArrange.OrganisationAsync(_db, "Filter-Träger e.V.");
        var other = await PartnersArrange.OrganisationAsync(_db, "Bezirksamt Pankow", "public_agency", "03");
        var expiring = await AgreementsArrange.ConcludedAsync(_coordinator, _db, "Läuft bald aus", "2025-01-01", "2027-01-31", partner);
        var inForce = await AgreementsArrange.ConcludedAsync(_coordinator, _db, "Läuft noch lange", "2025-01-01", null, partner);
        var expired = await AgreementsArrange.ConcludedAsync(_coordinator, _db, "Abgelaufen", "2018-01-22", "2021-12-31", partner);
        var draft = await AgreementsArrange.CreateAsync(_coordinator, "Entwurf", null, null, district: "03");
        await AgreementsArrange.AddPartyAsync(_coordinator, draft, partner, "provider");
        await AgreementsArrange.AddPartyAsync(_coordinator, draft, other, "district_office");

        async Task<JsonElement> List(string query) => await _coordinator.GetFromJsonAsync<JsonElement>($"/api/partners/agreements?organisation={partner}&{query}");
        static Guid[] Ids(JsonElement page) => [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid())];

        var page = await List("status=expiring");
        Assert.Equal([expiring], Ids(page));
        Assert.Equal(1, page.GetProperty("total").GetInt64());
        Assert.Equal(69, page.GetProperty("items")[0].GetProperty("daysUntilExpiry").GetInt32());
        Assert.Equal([inForce], Ids(await List("status=in_force")));
        Assert.Equal([expired], Ids(await List("status=expired")));
        Assert.Equal([draft], Ids(await List("status=draft")));
        Assert.Equal([draft], Ids(await List("district=03")));

        var firstPage = await List("pageSize=2");
        Assert.Equal(4, firstPage.GetProperty("total").GetInt64());
        Assert.Equal(2, Ids(firstPage).Length);

        // The same agreement moves between filters as the days pass.
        _app.Clock.Set(Utc(2027, 2, 1));
        Assert.Equal(new[] { expiring, expired }.Order(), Ids(await List("status=expired")).Order());

        var wrong = await _coordinator.GetAsync("/api/partners/agreements?status=running");
        await AgreementsArrange.AssertFieldProblemAsync(wrong, HttpStatusCode.BadRequest, "status");
    }

    [Fact]
    public async Task An_impossible_period_an_unknown_district_or_a_missing_title_is_a_400_naming_the_field()
    {
        var backwards = await _coordinator.PostAsJsonAsync("/api/partners/agreements",
            new { title = "Rückwärts", validFrom = "2027-01-01", validUntil = "2026-12-31" });
        await AgreementsArrange.AssertFieldProblemAsync(backwards, HttpStatusCode.BadRequest, "validUntil");

        var district = await _coordinator.PostAsJsonAsync("/api/partners/agreements", new { title = "Nirgendwo", districtCode = "99" });
        await AgreementsArrange.AssertFieldProblemAsync(district, HttpStatusCode.BadRequest, "districtCode");

        var title = await _coordinator.PostAsJsonAsync("/api/partners/agreements", new { title = " " });
        await AgreementsArrange.AssertFieldProblemAsync(title, HttpStatusCode.BadRequest, "title");

        var badDate = await _coordinator.PostAsJsonAsync("/api/partners/agreements", new { title = "Datum", validFrom = "31.12.2026" });
        await AgreementsArrange.AssertFieldProblemAsync(badDate, HttpStatusCode.BadRequest, "validFrom");

        var reader = await _app.ClientForRoleAsync(Roles.Counsellor);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/partners/agreements", new { title = "Nicht erlaubt" })).StatusCode);
    }

    [Fact]
    public async Task A_stale_update_is_refused_with_412_and_every_change_is_in_the_history_with_field_diffs()
    {
        _app.Clock.Set(Utc(2026, 11, 23));
        var id = await AgreementsArrange.CreateAsync(_coordinator, "Erste Fassung", "2027-01-01", "2027-12-31");

        var update = new HttpRequestMessage(HttpMethod.Put, $"/api/partners/agreements/{id}")
        {
            Content = JsonContent.Create(new { title = "Erste Fassung", validFrom = "2027-01-01", validUntil = "2028-12-31", noticePeriodMonths = 3 }),
        };
        update.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var ok = await _coordinator.SendAsync(update);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("\"2\"", ok.Headers.ETag?.Tag);

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/partners/agreements/{id}")
        {
            Content = JsonContent.Create(new { title = "Überholt", validFrom = "2027-01-01", validUntil = "2027-06-30" }),
        };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await _coordinator.SendAsync(stale)).StatusCode);
        var noVersion = await _coordinator.PutAsJsonAsync($"/api/partners/agreements/{id}", new { title = "Ohne Version" });
        await AgreementsArrange.AssertFieldProblemAsync(noVersion, HttpStatusCode.BadRequest, "version");

        var agreement = await AgreementsArrange.GetAsync(_coordinator, id);
        Assert.Equal("Erste Fassung", agreement.GetProperty("title").GetString());
        Assert.Equal("2028-12-31", agreement.GetProperty("validUntil").GetString());

        var organisation = await PartnersArrange.OrganisationAsync(_db, "Verlaufs-Träger e.V.");
        await AgreementsArrange.AddPartyAsync(_coordinator, id, organisation, "provider");
        var history = await _coordinator.GetFromJsonAsync<JsonElement>($"/api/partners/agreements/{id}/history");
        Assert.Equal(["created", "updated", "party_added"], history.EnumerateArray().Select(h => h.GetProperty("action").GetString()!).ToArray());
        var changes = history[1].GetProperty("changes");
        Assert.Equal("2027-12-31", changes.GetProperty("validUntil").GetProperty("from").GetString());
        Assert.Equal("2028-12-31", changes.GetProperty("validUntil").GetProperty("to").GetString());
        Assert.Equal(3, changes.GetProperty("noticePeriodMonths").GetProperty("to").GetInt32());
        Assert.False(changes.TryGetProperty("title", out _)); // unchanged fields are not in the diff
        Assert.Equal(organisation, history[2].GetProperty("changes").GetProperty("organisationId").GetGuid());
        Assert.NotEqual(JsonValueKind.Null, history[2].GetProperty("changedBy").ValueKind);
    }

    [Fact]
    public async Task Parties_and_signatories_refuse_unknown_references_outsiders_and_future_signatures()
    {
        _app.Clock.Set(Utc(2026, 11, 23));
        var party = await PartnersArrange.OrganisationAsync(_db, "Partei e.V.");
        var outsider = await PartnersArrange.OrganisationAsync(_db, "Außenstehend e.V.");
        var person = await PartnersArrange.PersonAsync(_db, "Carolin", "Weingart");
        var id = await AgreementsArrange.CreateAsync(_coordinator, "Unterschriften", "2027-01-01", null);
        await AgreementsArrange.AddPartyAsync(_coordinator, id, party, "provider");
        string Route(string part) => $"/api/partners/agreements/{id}/{part}";

        await AgreementsArrange.AssertFieldProblemAsync(await _coordinator.PostAsJsonAsync(Route("parties"), new { organisationId = Guid.NewGuid(), role = "provider" }),
            HttpStatusCode.BadRequest, "organisationId");
        await AgreementsArrange.AssertFieldProblemAsync(await _coordinator.PostAsJsonAsync(Route("parties"), new { organisationId = outsider, role = "sponsor" }),
            HttpStatusCode.BadRequest, "role");
        Assert.Equal(HttpStatusCode.Conflict, (await _coordinator.PostAsJsonAsync(Route("parties"), new { organisationId = party, role = "provider" })).StatusCode);

        await AgreementsArrange.AssertFieldProblemAsync(await _coordinator.PostAsJsonAsync(Route("signatories"), new { organisationId = outsider, signedOn = "2026-11-20" }),
            HttpStatusCode.BadRequest, "organisationId");
        await AgreementsArrange.AssertFieldProblemAsync(await _coordinator.PostAsJsonAsync(Route("signatories"), new { organisationId = Guid.NewGuid(), signedOn = "2026-11-20" }),
            HttpStatusCode.BadRequest, "organisationId");
        await AgreementsArrange.AssertFieldProblemAsync(
            await _coordinator.PostAsJsonAsync(Route("signatories"), new { organisationId = party, personId = Guid.NewGuid(), signedOn = "2026-11-20" }),
            HttpStatusCode.BadRequest, "personId");
        await AgreementsArrange.AssertFieldProblemAsync(await _coordinator.PostAsJsonAsync(Route("signatories"), new { organisationId = party, signedOn = "2026-11-24" }),
            HttpStatusCode.BadRequest, "signedOn");

        var signed = await _coordinator.PostAsJsonAsync(Route("signatories"), new { organisationId = party, personId = person, function = "Bezirksstadträtin", signedOn = "2026-11-23" });
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var agreement = await signed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Carolin Weingart", agreement.GetProperty("signatories")[0].GetProperty("personName").GetString());
        Assert.True(agreement.GetProperty("parties")[0].GetProperty("hasSigned").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await _coordinator.DeleteAsync(Route($"parties/{party}"))).StatusCode); // has signed

        var document = await _coordinator.PostAsJsonAsync(Route("documents"), new { fileName = "../etc/passwd", url = "https://dokumente.example.org/kv.pdf" });
        await AgreementsArrange.AssertFieldProblemAsync(document, HttpStatusCode.BadRequest, "fileName");
        var http = await _coordinator.PostAsJsonAsync(Route("documents"), new { fileName = "kv.pdf", url = "http://dokumente.example.org/kv.pdf" });
        await AgreementsArrange.AssertFieldProblemAsync(http, HttpStatusCode.BadRequest, "url");
        await _coordinator.PostAsJsonAsync(Route("documents"), new { fileName = "kv-entwurf.pdf", url = "https://dokumente.example.org/kv-1.pdf" });
        var second = await _coordinator.PostAsJsonAsync(Route("documents"), new { fileName = "kv-unterzeichnet.pdf", url = "https://dokumente.example.org/kv-2.pdf", note = "Unterzeichnete Fassung" });
        var documents = (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("documents");
        Assert.Equal([1, 2], documents.EnumerateArray().Select(d => d.GetProperty("versionNo").GetInt32()).ToArray());
    }

    [Fact]
    public async Task A_termination_must_respect_the_notice_period_and_the_agreement_stays_in_force_until_it_takes_effect()
    {
        _app.Clock.Set(Utc(2026, 11, 23));
        var partner = await PartnersArrange.OrganisationAsync(_db, "Kündigungs-Träger e.V.");
        var id = await AgreementsArrange.ConcludedAsync(_coordinator, _db, "Wird gekündigt", "2025-01-01", "2028-12-31", partner, noticeMonths: 3);
        var terminateUrl = $"/api/partners/agreements/{id}/terminate";

        var tooEarly = await _coordinator.PostAsJsonAsync(terminateUrl, new { terminatedOn = "2027-02-22", reason = "Neuausrichtung" });
        var problem = await AgreementsArrange.AssertFieldProblemAsync(tooEarly, HttpStatusCode.BadRequest, "terminatedOn");
        Assert.Contains("23.02.2027", problem);
        await AgreementsArrange.AssertFieldProblemAsync(await _coordinator.PostAsJsonAsync(terminateUrl, new { terminatedOn = "2029-06-30", reason = "Zu spät" }),
            HttpStatusCode.BadRequest, "terminatedOn");
        await AgreementsArrange.AssertFieldProblemAsync(await _coordinator.PostAsJsonAsync(terminateUrl, new { terminatedOn = "2027-03-01", reason = "" }),
            HttpStatusCode.BadRequest, "reason");

        var terminate = new HttpRequestMessage(HttpMethod.Post, terminateUrl) { Content = JsonContent.Create(new { terminatedOn = "2027-02-23", reason = "Neuausrichtung der Förderung" }) };
        terminate.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await _coordinator.SendAsync(terminate)).StatusCode);

        var done = await _coordinator.PostAsJsonAsync(terminateUrl, new { terminatedOn = "2027-02-23", reason = "Neuausrichtung der Förderung" });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var agreement = await done.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("in_force", agreement.GetProperty("status").GetString()); // last day in force: 22.02.2027, 91 days away
        Assert.Equal(91, agreement.GetProperty("daysUntilExpiry").GetInt32());
        Assert.Equal("2026-11-23", agreement.GetProperty("terminationNoticeGivenOn").GetString());

        Assert.Equal("expiring", (await StatusAt(id, Utc(2027, 2, 22, 22, 59))).GetProperty("status").GetString()); // 23:59 in Berlin
        Assert.Equal("terminated", (await StatusAt(id, Utc(2027, 2, 22, 23, 0))).GetProperty("status").GetString()); // midnight in Berlin
        Assert.Equal(HttpStatusCode.Conflict, (await _coordinator.PostAsJsonAsync(terminateUrl, new { terminatedOn = "2027-06-30", reason = "Nochmal" })).StatusCode);
        var history = await _coordinator.GetFromJsonAsync<JsonElement>($"/api/partners/agreements/{id}/history");
        Assert.Equal("terminated", history.EnumerateArray().Last().GetProperty("action").GetString());
    }

    [Fact]
    public async Task The_demo_seeder_adds_the_treptow_koepenick_agreement_in_force_and_pankow_expired_once()
    {
        _app.Clock.Set(Utc(2026, 11, 23));
        await AgreementsArrange.DemoOrganisationsAndPeopleAsync(_db);

        await _app.SendAsync(new SeedDemoAgreementsCommand());
        await _app.SendAsync(new SeedDemoAgreementsCommand());

        var tk = await AgreementsArrange.GetAsync(_coordinator, DemoIds.AgreementTkNeighbourhoodWork);
        Assert.Equal("in_force", tk.GetProperty("status").GetString());
        Assert.Equal(9, tk.GetProperty("parties").GetArrayLength());
        Assert.Equal(10, tk.GetProperty("signatories").GetArrayLength());
        Assert.Contains(tk.GetProperty("signatories").EnumerateArray(), s => s.GetProperty("personName").GetString() == "Oliver Igel"
            && s.GetProperty("function").GetString() == "Bezirksbürgermeister");
        var pankow = await AgreementsArrange.GetAsync(_coordinator, DemoIds.AgreementPankowNeighbourhoodWork);
        Assert.Equal("expired", pankow.GetProperty("status").GetString());
        Assert.Equal("2018-01-22", pankow.GetProperty("validFrom").GetString());
        Assert.Equal("2021-12-31", pankow.GetProperty("validUntil").GetString());
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>(
            "select count(*) from partners.history where entity_type = 'agreement' and entity_id = any(@ids)",
            new { ids = new[] { DemoIds.AgreementTkNeighbourhoodWork, DemoIds.AgreementPankowNeighbourhoodWork } }));
    }
}

/// <summary>
/// Expiry reminders: 90 and 30 days before the end, once each, across restarts, concurrent hosts
/// and failures. Mails are captured by a fake sender registered through PlatformFactory's hook.
/// </summary>
public sealed class AgreementRemindersTests : IAsyncLifetime
{
    private readonly RecordingMailSender _mails = new();
    private TestDatabase _db = null!;
    private PlatformFactory _app = null!;
    private HttpClient _coordinator = null!;
    private Guid _partner;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync();
        _app = Host(new TestClock(AgreementsArrange.LoginTime));
        _coordinator = await _app.ClientForRoleAsync(Roles.Coordinator);
        await UserAsync("koordination.a", Roles.Coordinator, "a@bezirk.example");
        await UserAsync("koordination.b", Roles.Coordinator, "b@bezirk.example");
        await UserAsync("koordination.alt", Roles.Coordinator, "alt@bezirk.example", active: false);
        await UserAsync("beratung", Roles.Counsellor, "beratung@bezirk.example");
        _partner = await PartnersArrange.OrganisationAsync(_db, "Erinnerungs-Träger e.V.");
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    private PlatformFactory Host(TestClock clock, IDictionary<string, string?>? settings = null) =>
        new(_db, clock, new Dictionary<string, string?>(AgreementsArrange.LongTokens.Concat(settings ?? new Dictionary<string, string?>())),
            services: s => s.AddSingleton<IMailSender>(_mails));

    private async Task UserAsync(string userName, string role, string email, bool active = true)
    {
        var id = await StaffUsers.CreateAsync(_db, userName, "correct-horse-battery", role);
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("update identity.staff_users set email = @email, is_active = @active where id = @id", new { id, email, active });
    }

    private static DateTimeOffset BerlinMorning(int y, int m, int d) => new(y, m, d, 6, 0, 0, TimeSpan.Zero);

    private Task<int> RunAsync(PlatformFactory? host = null) => (host ?? _app).Get<AgreementReminderSender>().SendDueAsync(CancellationToken.None);

    private async Task<List<(string Kind, string Status, DateOnly ValidUntil)>> RemindersAsync(Guid agreement)
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        return [.. (await connection.QueryAsync<(string, string, DateTime)>(
                "select kind, status, valid_until from partners.agreement_reminders where agreement_id = @agreement order by id", new { agreement }))
            .Select(r => (r.Item1, r.Item2, DateOnly.FromDateTime(r.Item3)))];
    }

    [Fact]
    public async Task Each_reminder_goes_once_to_every_active_coordinator_also_after_a_restart()
    {
        _app.Clock.Set(BerlinMorning(2026, 11, 23));
        var id = await AgreementsArrange.ConcludedAsync(_coordinator, _db, "Erinnerung einmal", "2026-01-01", "2027-06-30", _partner);

        _app.Clock.Set(BerlinMorning(2027, 3, 31)); // 91 days before
        await RunAsync();
        Assert.Empty(_mails.For(id));

        _app.Clock.Set(BerlinMorning(2027, 4, 1)); // 90 days before
        await RunAsync();
        await RunAsync();
        var first = _mails.For(id);
        Assert.Equal(["a@bezirk.example", "b@bezirk.example"], first.Select(m => m.To).Order().ToArray());
        Assert.All(first, m => Assert.Contains("in 90 Tagen", m.Subject));
        Assert.All(first, m => Assert.Contains("30.06.2027", m.TextBody));
        Assert.All(first, m => Assert.Contains($"/api/partners/agreements/{id}", m.TextBody));

        // A restarted host on the same database finds nothing left to send.
        await using (var restarted = Host(new TestClock(BerlinMorning(2027, 4, 2))))
            await RunAsync(restarted);
        Assert.Equal(2, _mails.For(id).Count);

        _app.Clock.Set(BerlinMorning(2027, 5, 31)); // 30 days before
        await RunAsync();
        _app.Clock.Set(BerlinMorning(2027, 6, 1));
        await RunAsync();
        var all = _mails.For(id);
        Assert.Equal(4, all.Count);
        Assert.Equal(2, all.Count(m => m.Subject.Contains("in 30 Tagen")));
        Assert.Equal(new[] { ("90_days", "sent", new DateOnly(2027, 6, 30)), ("30_days", "sent", new DateOnly(2027, 6, 30)) }, await RemindersAsync(id));
    }

    [Fact]
    public async Task A_missed_day_is_caught_up_a_late_agreement_gets_only_the_30_day_reminder_and_a_new_end_date_gets_new_reminders()
    {
        _app.Clock.Set(BerlinMorning(2026, 11, 23));
        var caughtUp = await AgreementsArrange.ConcludedAsync(_coordinator, _db, "Nachgeholt", "2026-01-01", "2027-02-28", _partner);
        var late = await AgreementsArrange.ConcludedAsync(_coordinator, _db, "Spät erfasst", "2026-01-01", "2026-12-13", _partner);
        var terminated = await AgreementsArrange.ConcludedAsync(_coordinator, _db, "Gekündigt", "2026-01-01", "2027-02-28", _partner);
        var stop = await _coordinator.PostAsJsonAsync($"/api/partners/agreements/{terminated}/terminate", new { terminatedOn = "2027-01-31", reason = "Beendet" });
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);

        await RunAsync(); // 23.11.: "late" ends in 20 days, "caughtUp" in 97
        Assert.Equal(new[] { ("30_days", "sent", new DateOnly(2026, 12, 13)) }, await RemindersAsync(late));
        Assert.Empty(await RemindersAsync(caughtUp));

        _app.Clock.Set(BerlinMorning(2026, 12, 5)); // 85 days before: the runs on days 90 to 86 were missed
        await RunAsync();
        Assert.Equal(2, _mails.For(caughtUp).Count(m => m.Subject.Contains("in 85 Tagen")));
        Assert.Empty(_mails.For(terminated));
        Assert.Empty(await RemindersAsync(terminated));

        // Extended before the 30-day reminder: the new end date gets its own reminders.
        var current = await AgreementsArrange.GetAsync(_coordinator, caughtUp);
        var extend = new HttpRequestMessage(HttpMethod.Put, $"/api/partners/agreements/{caughtUp}")
        {
            Content = JsonContent.Create(new { title = "Nachgeholt", validFrom = "2026-01-01", validUntil = "2027-12-31" }),
        };
        extend.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{current.GetProperty("version").GetInt32()}\""));
        Assert.Equal(HttpStatusCode.OK, (await _coordinator.SendAsync(extend)).StatusCode);
        _app.Clock.Set(BerlinMorning(2027, 1, 29)); // 30 days before the old end: nothing
        await RunAsync();
        _app.Clock.Set(BerlinMorning(2027, 10, 2)); // 90 days before the new end
        await RunAsync();
        Assert.Equal(
            new[] { ("90_days", "sent", new DateOnly(2027, 2, 28)), ("90_days", "sent", new DateOnly(2027, 12, 31)) },
            await RemindersAsync(caughtUp));
        Assert.Equal(4, _mails.For(caughtUp).Count);
        Assert.Empty(_mails.For(terminated));
    }

    [Fact]
    public async Task A_failed_mail_leaves_a_failed_reminder_that_the_next_run_sends_without_repeating_the_others()
    {
        _app.Clock.Set(BerlinMorning(2026, 11, 23));
        var id = await AgreementsArrange.ConcludedAsync(_coordinator, _db, "Mailserver weg", "2026-01-01", "2027-01-31", _partner);
        _mails.FailFor = "b@bezirk.example";
        await RunAsync();

        var failed = await _coordinator.GetFromJsonAsync<JsonElement>($"/api/partners/agreements/reminders?status=failed&agreement={id}");
        var reminder = Assert.Single(failed.GetProperty("items").EnumerateArray());
        Assert.Equal("90_days", reminder.GetProperty("kind").GetString()); // 69 days left
        Assert.Contains("koordination.b", reminder.GetProperty("lastError").GetString());
        Assert.Equal(1, reminder.GetProperty("recipientCount").GetInt32());
        Assert.Equal(["a@bezirk.example"], _mails.For(id).Select(m => m.To).ToArray());

        _mails.FailFor = null;
        _app.Clock.Set(BerlinMorning(2026, 11, 24));
        await RunAsync();
        Assert.Equal(["a@bezirk.example", "b@bezirk.example"], _mails.For(id).Select(m => m.To).ToArray());
        var sent = await _coordinator.GetFromJsonAsync<JsonElement>($"/api/partners/agreements/reminders?status=sent&agreement={id}");
        Assert.Equal(2, sent.GetProperty("items")[0].GetProperty("attempts").GetInt32());
        Assert.Equal(0, (await _coordinator.GetFromJsonAsync<JsonElement>("/api/partners/agreements/reminders?status=failed")).GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task Two_hosts_running_at_once_send_exactly_one_mail_per_coordinator_and_reminder()
    {
        _app.Clock.Set(BerlinMorning(2026, 11, 23));
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
            ids.Add(await AgreementsArrange.ConcludedAsync(_coordinator, _db, $"Parallel {i}", "2026-01-01", "2027-01-15", _partner));
        _mails.Delay = TimeSpan.FromMilliseconds(30); // both runs overlap while mails go out

        await using var other = Host(new TestClock(BerlinMorning(2026, 11, 23)));
        AgreementReminderSender[] senders = [_app.Get<AgreementReminderSender>(), other.Get<AgreementReminderSender>()]; // both hosts started
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => senders[i % 2].SendDueAsync(CancellationToken.None))));

        Assert.Equal(6, runs.Sum());
        foreach (var id in ids)
            Assert.Equal(["a@bezirk.example", "b@bezirk.example"], _mails.For(id).Select(m => m.To).Order().ToArray());
    }

    [Fact]
    public async Task The_clustered_job_fires_once_across_two_hosts()
    {
        // Quartz needs a running clock; the agreement is placed relative to the real date.
        var clock = TestClock.RunningFromNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).DateTime);
        var settings = new Dictionary<string, string?> { ["Jobs:Enabled"] = "true", ["Jobs:ClusterCheckinInterval"] = "00:00:01" };
        await using var hostA = Host(clock, settings);
        await using var hostB = Host(clock, settings);
        var coordinator = await hostA.ClientForRoleAsync(Roles.Coordinator);
        var id = await AgreementsArrange.ConcludedAsync(coordinator, _db, "Quartz", today.AddYears(-1).ToString("yyyy-MM-dd"),
            today.AddDays(60).ToString("yyyy-MM-dd"), _partner, signedOn: today.AddDays(-1).ToString("yyyy-MM-dd"));
        _ = hostB.Server;

        var scheduler = await hostA.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var until = DateTime.UtcNow.AddSeconds(20);
        while (scheduler.Status != SchedulerStatus.Running && DateTime.UtcNow < until) await Task.Delay(100);
        await scheduler.TriggerJob(new JobKey(SendAgreementRemindersJob.Key));
        while (_mails.For(id).Count < 2 && DateTime.UtcNow < until) await Task.Delay(100);
        await Task.Delay(500); // room for a duplicate, if there were one

        Assert.Equal(["a@bezirk.example", "b@bezirk.example"], _mails.For(id).Select(m => m.To).Order().ToArray());
    }
}

/// <summary>Captures mails; can fail for one address or slow down to make runs overlap.</summary>
internal sealed class RecordingMailSender : IMailSender
{
    private readonly ConcurrentQueue<OutgoingMail> _sent = new();

    public string? FailFor { get; set; }

    public TimeSpan Delay { get; set; }

    public async Task SendAsync(OutgoingMail mail, CancellationToken ct = default)
    {
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, ct);
        if (mail.To == FailFor) throw new InvalidOperationException("SMTP 451: Mailserver vorübergehend nicht erreichbar");
        _sent.Enqueue(mail);
    }

    public List<OutgoingMail> For(Guid agreement) => [.. _sent.Where(m => m.TextBody.Contains(agreement.ToString()))];
}

internal static class AgreementsArrange
{
    /// <summary>Clients log in before every date the tests visit, with tokens that outlive them all.</summary>
    public static readonly DateTimeOffset LoginTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly Dictionary<string, string?> LongTokens = new() { ["Auth:TokenLifetime"] = "3650.00:00:00" };

    public static async Task<Guid> CreateAsync(HttpClient client, string title, string? validFrom, string? validUntil, int? noticeMonths = null,
        string? district = "09")
    {
        var response = await client.PostAsJsonAsync("/api/partners/agreements",
            new { title, validFrom, validUntil, noticePeriodMonths = noticeMonths, districtCode = district });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public static async Task AddPartyAsync(HttpClient client, Guid id, Guid organisation, string role)
    {
        var response = await client.PostAsJsonAsync($"/api/partners/agreements/{id}/parties", new { organisationId = organisation, role });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task SignAsync(HttpClient client, Guid id, Guid organisation, string signedOn)
    {
        var response = await client.PostAsJsonAsync($"/api/partners/agreements/{id}/signatories", new { organisationId = organisation, signedOn });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Two parties (a new district office and <paramref name="partner"/>), both signed: no longer a draft.</summary>
    public static async Task<Guid> ConcludedAsync(HttpClient client, TestDatabase db, string title, string validFrom, string? validUntil, Guid partner,
        int? noticeMonths = null, string signedOn = "2026-11-20")
    {
        var office = await PartnersArrange.OrganisationAsync(db, "Bezirksamt für " + title, "public_agency");
        var id = await CreateAsync(client, title, validFrom, validUntil, noticeMonths);
        await AddPartyAsync(client, id, office, "district_office");
        await AddPartyAsync(client, id, partner, "provider");
        await SignAsync(client, id, office, signedOn);
        await SignAsync(client, id, partner, signedOn);
        return id;
    }

    public static async Task<JsonElement> GetAsync(HttpClient client, Guid id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/partners/agreements/{id}");

    /// <summary>Asserts the status and that the problem names the field; returns the body.</summary>
    public static async Task<string> AssertFieldProblemAsync(HttpResponseMessage response, HttpStatusCode status, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {body}");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"expected an error for '{field}': {body}");
        return body;
    }

    /// <summary>The organisations and people the demo agreements point at (the network seeder adds them in the full load).</summary>
    public static async Task DemoOrganisationsAndPeopleAsync(TestDatabase db)
    {
        Guid[] organisations =
        [
            DemoIds.BaTreptowKoepenick, DemoIds.SenatSoziales, DemoIds.Rabenhaus, DemoIds.Offensiv91, DemoIds.Tjfbg, DemoIds.KungerKiez,
            DemoIds.Ajb, DemoIds.Paritaetischer, DemoIds.Vska, DemoIds.BaPankow,
        ];
        (Guid Id, string? Given, string Family)[] people =
        [
            (DemoIds.OliverIgel, "Oliver", "Igel"), (DemoIds.CarolinWeingart, "Carolin", "Weingart"), (DemoIds.AzizBozkurt, "Aziz", "Bozkurt"),
            (DemoIds.FrauTietje, null, "Tietje"),
        ];
        await using var connection = await db.DataSource.OpenConnectionAsync();
        foreach (var id in organisations)
            await connection.ExecuteAsync(
                "insert into partners.organisations (id, name, kind, created_at, updated_at) values (@id, @name, 'other', now(), now()) on conflict do nothing",
                new { id, name = "Demo " + id });
        foreach (var (id, given, family) in people)
            await connection.ExecuteAsync(
                "insert into partners.people (id, given_name, family_name, created_at, updated_at) values (@id, @given, @family, now(), now()) on conflict do nothing",
                new { id, given, family });
    }
}
