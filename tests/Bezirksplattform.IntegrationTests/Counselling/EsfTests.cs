using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;
using static Bezirksplattform.IntegrationTests.Counselling.EsfFixtureBase;

namespace Bezirksplattform.IntegrationTests.Counselling;

/// <summary>ESF Plus participant data through the staff API: entry, re-entry, leaving, six-month result, special categories, overdue list, access.</summary>
public sealed class EsfTests(EsfFixture fixture) : IClassFixture<EsfFixture>
{
    private static string Unique(string prefix) => prefix + " " + Guid.NewGuid().ToString("N")[..8];

    private static string[] ErrorFields(JsonElement problem) => [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order()];

    [Fact]
    public async Task A_participant_who_leaves_and_reenters_keeps_one_participation_with_two_stays_and_the_legal_hold()
    {
        var a = fixture.A;
        var client = await ClientAsync(a, Unique("Erika Wieder"));
        var entered = await EnterAsync(a, client, "esf-brueckenbau", "2026-03-02", Entry("female", 34, "unemployed", 14, "isced_3_4"));
        var participationId = entered.GetProperty("id").GetGuid();
        Assert.Equal("2026-03-30", entered.GetProperty("entryDataDueOn").GetString());
        Assert.Equal(14, entered.GetProperty("unemploymentMonths").GetInt32());

        // Still in the project: no second entry.
        await OkAsync(await a.PostAsJsonAsync($"/api/counselling/clients/{client}/esf", new { projectCode = "esf-brueckenbau", enteredOn = "2026-04-01" }),
            HttpStatusCode.Conflict);

        var left = await LeaveAsync(a, client, entered, "2026-05-31", (false, false, true, true));
        // 31 Dec of the year of leaving + 10 years (Counselling:Esf:RetentionYears default).
        Assert.Equal("2036-12-31", left.GetProperty("retainUntil").GetString());
        var firstStay = left.GetProperty("stays")[0];
        Assert.Equal("2026-06-28", firstStay.GetProperty("exitDataDueOn").GetString());
        Assert.Equal("2026-11-30", firstStay.GetProperty("sixMonthResultFrom").GetString());

        // Not before the last leaving; then the same participation gets a second stay.
        var early = await a.PostAsJsonAsync($"/api/counselling/clients/{client}/esf", new { projectCode = "esf-brueckenbau", enteredOn = "2026-05-30" });
        Assert.Equal(["enteredOn"], ErrorFields(await OkAsync(early, HttpStatusCode.BadRequest)));
        var again = await EnterAsync(a, client, "esf-brueckenbau", "2026-09-01");
        Assert.Equal(participationId, again.GetProperty("id").GetGuid());
        Assert.Equal(2, again.GetProperty("stays").GetArrayLength());
        Assert.Equal("2026-03-02", again.GetProperty("firstEnteredOn").GetString());
        var leftAgain = await LeaveAsync(a, client, again, "2026-10-15", null);
        Assert.Equal("2036-12-31", leftAgain.GetProperty("retainUntil").GetString());

        var list = await OkAsync(await a.GetAsync($"/api/counselling/clients/{client}/esf"));
        Assert.Equal(1, list.GetArrayLength());
        Assert.Equal(2, list[0].GetProperty("stays").GetArrayLength());
        await using var connection = await fixture.Db.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select count(*)::int from counselling.esf_participations where client_id = @client", new { client }));

        // Six-month result: from leftOn + 6 months; 2026-05-31 + 6 months = 2026-11-30, the clock says 2026-11-23.
        var version = leftAgain.GetProperty("version").GetInt32();
        var stay1 = leftAgain.GetProperty("stays")[0].GetProperty("id").GetGuid();
        var tooEarly = await a.PutAsJsonAsync($"/api/counselling/clients/{client}/esf/{participationId}/stays/{stay1}/six-month-result",
            new { employedSixMonths = true, version });
        await OkAsync(tooEarly, HttpStatusCode.Conflict);

        // Exit data of the second stay later; a stale version is 412 and changes nothing.
        var stay2 = leftAgain.GetProperty("stays")[1].GetProperty("id").GetGuid();
        var exitBody = new { jobSearching = true, inEducation = false, gainedQualification = false, employed = false, version = version - 1 };
        await OkAsync(await a.PutAsJsonAsync($"/api/counselling/clients/{client}/esf/{participationId}/stays/{stay2}/exit", exitBody),
            HttpStatusCode.PreconditionFailed);
        var withExit = await OkAsync(await a.PutAsJsonAsync($"/api/counselling/clients/{client}/esf/{participationId}/stays/{stay2}/exit",
            exitBody with { version = version }));
        Assert.True(withExit.GetProperty("stays")[1].GetProperty("exitJobSearching").GetBoolean());
        Assert.Equal(version + 1, withExit.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task The_six_month_result_is_accepted_from_six_months_after_leaving()
    {
        var a = fixture.A;
        var client = await ClientAsync(a, Unique("Sechs Monate"));
        var entered = await EnterAsync(a, client, "esf-brueckenbau", "2026-01-12", Entry("male", 40, "employed", null, "isced_0_2"));
        var left = await LeaveAsync(a, client, entered, "2026-05-23", (false, false, false, true));
        var stay = left.GetProperty("stays")[0].GetProperty("id").GetGuid();
        var answer = await OkAsync(await a.PutAsJsonAsync($"/api/counselling/clients/{client}/esf/{entered.GetProperty("id").GetGuid()}/stays/{stay}/six-month-result",
            new { employedSixMonths = true, version = left.GetProperty("version").GetInt32() }));
        Assert.True(answer.GetProperty("stays")[0].GetProperty("employedSixMonths").GetBoolean());
    }

    [Fact]
    public async Task Organisations_have_no_esf_participation()
    {
        var company = await ClientAsync(fixture.A, Unique("Bäckerei Korn GmbH"), "company", kind: "organisation");
        var response = await fixture.A.PostAsJsonAsync($"/api/counselling/clients/{company}/esf", new { projectCode = "esf-brueckenbau", enteredOn = "2026-11-02" });
        await OkAsync(response, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Invalid_esf_input_is_400_naming_each_field()
    {
        var a = fixture.A;
        var client = await ClientAsync(a, Unique("Valid Ierung"));
        var bad = new Dictionary<string, object?>
        {
            ["projectCode"] = "Kein Code!", ["enteredOn"] = "02.11.2026", ["gender"] = "unbekannt", ["ageAtEntry"] = 130,
            ["labourMarketStatus"] = "employed_and_unemployed", ["educationLevel"] = "isced_9", ["disability"] = "vielleicht",
        };
        var problem = await OkAsync(await a.PostAsJsonAsync($"/api/counselling/clients/{client}/esf", bad), HttpStatusCode.BadRequest);
        Assert.Equal(["ageAtEntry", "disability", "educationLevel", "enteredOn", "foreignBackground", "gender", "homeless", "labourMarketStatus",
            "projectCode", "ruralArea", "thirdCountryNational"], ErrorFields(problem));

        // Unemployed needs the duration; employed must not have one.
        var noMonths = new Dictionary<string, object?>(Entry("male", 30, "unemployed", null, "isced_3_4")) { ["projectCode"] = "esf-a", ["enteredOn"] = "2026-11-02" };
        Assert.Equal(["unemploymentMonths"], ErrorFields(await OkAsync(await a.PostAsJsonAsync($"/api/counselling/clients/{client}/esf", noMonths), HttpStatusCode.BadRequest)));
        var employedMonths = new Dictionary<string, object?>(Entry("male", 30, "employed", 3, "isced_3_4")) { ["projectCode"] = "esf-a", ["enteredOn"] = "2026-11-02" };
        Assert.Equal(["unemploymentMonths"], ErrorFields(await OkAsync(await a.PostAsJsonAsync($"/api/counselling/clients/{client}/esf", employedMonths), HttpStatusCode.BadRequest)));

        var future = await a.PostAsJsonAsync($"/api/counselling/clients/{client}/esf", new { projectCode = "esf-a", enteredOn = "2026-11-24" });
        Assert.Equal(["enteredOn"], ErrorFields(await OkAsync(future, HttpStatusCode.BadRequest)));

        var entered = await EnterAsync(a, client, "esf-a", "2026-11-02");
        var participation = entered.GetProperty("id").GetGuid();
        var beforeEntry = await a.PostAsJsonAsync($"/api/counselling/clients/{client}/esf/{participation}/leaving",
            new { leftOn = "2026-11-01", version = 1, jobSearching = true });
        Assert.Equal(["employed", "gainedQualification", "inEducation"], ErrorFields(await OkAsync(beforeEntry, HttpStatusCode.BadRequest)));
        var beforeEntryComplete = await a.PostAsJsonAsync($"/api/counselling/clients/{client}/esf/{participation}/leaving",
            new { leftOn = "2026-11-01", version = 1 });
        Assert.Equal(["leftOn"], ErrorFields(await OkAsync(beforeEntryComplete, HttpStatusCode.BadRequest)));
        var noVersion = await a.PutAsJsonAsync($"/api/counselling/clients/{client}/esf/{participation}/entry", Entry("male", 30, "inactive", null, "isced_3_4"));
        Assert.Equal(["version"], ErrorFields(await OkAsync(noVersion, HttpStatusCode.BadRequest)));

        using var malformed = new StringContent("{\"projectCode\": ", Encoding.UTF8, "application/json");
        await OkAsync(await a.PostAsync($"/api/counselling/clients/{client}/esf", malformed), HttpStatusCode.BadRequest);
        using var wrongType = new StringContent("{\"projectCode\": \"esf-a\", \"enteredOn\": \"2026-11-02\", \"ageAtEntry\": \"alt\"}", Encoding.UTF8, "application/json");
        await OkAsync(await a.PostAsync($"/api/counselling/clients/{client}/esf", wrongType), HttpStatusCode.BadRequest);
        await OkAsync(await a.GetAsync("/api/counselling/esf/overdue?kind=irgendwas"), HttpStatusCode.BadRequest);
        await OkAsync(await a.GetAsync($"/api/counselling/clients/{client}/esf/{Guid.NewGuid()}/stays/{Guid.NewGuid()}/exit"), HttpStatusCode.MethodNotAllowed);
        await OkAsync(await a.PutAsJsonAsync($"/api/counselling/clients/{client}/esf/{Guid.NewGuid()}/entry",
            new Dictionary<string, object?>(Entry("male", 30, "inactive", null, "isced_3_4")) { ["version"] = 1 }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Special_categories_are_hidden_and_refused_without_the_permission()
    {
        var client = await ClientAsync(fixture.S, Unique("Besondere Kategorie"));
        var entered = await EnterAsync(fixture.S, client, "esf-brueckenbau", "2026-11-02",
            Entry("female", 45, "inactive", null, "isced_3_4", disability: "yes", minority: "not_stated"));
        Assert.Equal("yes", entered.GetProperty("disability").GetString());
        Assert.False(entered.GetProperty("specialCategoriesHidden").GetBoolean());

        // Counsellor A (same team, no permission) and even an admin without the role: null plus the flag.
        foreach (var reader in new[] { fixture.A, fixture.Admin })
        {
            var seen = (await OkAsync(await reader.GetAsync($"/api/counselling/clients/{client}/esf")))[0];
            Assert.Equal(JsonValueKind.Null, seen.GetProperty("disability").ValueKind);
            Assert.Equal(JsonValueKind.Null, seen.GetProperty("minority").ValueKind);
            Assert.True(seen.GetProperty("specialCategoriesHidden").GetBoolean());
            Assert.Equal("female", seen.GetProperty("gender").GetString());
        }

        // Naming them without the permission is 403, on entry and on rectification.
        var other = await ClientAsync(fixture.A, Unique("Ohne Recht"));
        var refused = await fixture.A.PostAsJsonAsync($"/api/counselling/clients/{other}/esf",
            new Dictionary<string, object?>(Entry("male", 30, "inactive", null, "isced_3_4", minority: "no")) { ["projectCode"] = "esf-a", ["enteredOn"] = "2026-11-02" });
        await OkAsync(refused, HttpStatusCode.Forbidden);
        var participation = entered.GetProperty("id").GetGuid();
        var rectify = new Dictionary<string, object?>(Entry("female", 46, "inactive", null, "isced_3_4", disability: "no")) { ["version"] = 1 };
        await OkAsync(await fixture.A.PutAsJsonAsync($"/api/counselling/clients/{client}/esf/{participation}/entry", rectify), HttpStatusCode.Forbidden);

        // Rectifying the rest without them leaves the stored special categories as they are.
        rectify["disability"] = null;
        var rectified = await OkAsync(await fixture.A.PutAsJsonAsync($"/api/counselling/clients/{client}/esf/{participation}/entry", rectify));
        Assert.Equal(46, rectified.GetProperty("ageAtEntry").GetInt32());
        var stored = (await OkAsync(await fixture.S.GetAsync($"/api/counselling/clients/{client}/esf")))[0];
        Assert.Equal("yes", stored.GetProperty("disability").GetString());
        Assert.Equal("not_stated", stored.GetProperty("minority").GetString());
    }

    [Fact]
    public async Task Another_teams_client_is_404_for_every_esf_route_and_absent_from_the_overdue_list_but_reads_are_logged()
    {
        var client = await ClientAsync(fixture.A, Unique("Nord Geheim"));
        var entered = await EnterAsync(fixture.A, client, "esf-brueckenbau", "2026-10-01");
        var participation = entered.GetProperty("id").GetGuid();
        var stay = entered.GetProperty("stays")[0].GetProperty("id").GetGuid();
        var b = fixture.B;
        foreach (var response in new[]
                 {
                     await b.GetAsync($"/api/counselling/clients/{client}/esf"),
                     await b.PostAsJsonAsync($"/api/counselling/clients/{client}/esf", new { projectCode = "esf-x", enteredOn = "2026-11-02" }),
                     await b.PutAsJsonAsync($"/api/counselling/clients/{client}/esf/{participation}/entry",
                         new Dictionary<string, object?>(Entry("male", 30, "inactive", null, "isced_3_4")) { ["version"] = 1 }),
                     await b.PostAsJsonAsync($"/api/counselling/clients/{client}/esf/{participation}/leaving", new { leftOn = "2026-11-02", version = 1 }),
                     await b.PutAsJsonAsync($"/api/counselling/clients/{client}/esf/{participation}/stays/{stay}/exit",
                         new { jobSearching = true, inEducation = false, gainedQualification = false, employed = false, version = 1 }),
                 })
            await OkAsync(response, HttpStatusCode.NotFound);

        var number = (await OkAsync(await fixture.A.GetAsync($"/api/counselling/clients/{client}"))).GetProperty("clientNumber").GetString();
        var ofA = await OkAsync(await fixture.A.GetAsync("/api/counselling/esf/overdue?kind=entry_data"));
        Assert.Contains(ofA.EnumerateArray(), i => i.GetProperty("clientNumber").GetString() == number);
        var ofB = await OkAsync(await b.GetAsync("/api/counselling/esf/overdue"));
        Assert.DoesNotContain(ofB.EnumerateArray(), i => i.GetProperty("clientId").GetGuid() == client);

        // Only A's successful read is logged; B's refused attempts read nothing.
        await OkAsync(await fixture.A.GetAsync($"/api/counselling/clients/{client}/esf"));
        await using var connection = await fixture.Db.DataSource.OpenConnectionAsync();
        var readers = await connection.QueryAsync<Guid>(
            "select staff_user_id from counselling.access_log where client_id = @client and action = 'read' and detail = 'esf'", new { client });
        Assert.Equal([fixture.AId], readers);
    }

    /// <summary>
    /// Boundary days (rule in EsfDeadlines): entry on 2 Nov → entry data due 30 Nov, overdue from 1 Dec; leaving on 2 Nov →
    /// exit data likewise; leaving on 31 May → six-month result due 30 Nov (month end clamps), listed from that day.
    /// </summary>
    [Fact]
    public async Task The_overdue_list_names_entry_exit_and_six_month_items_from_the_day_after_the_deadline()
    {
        var s = fixture.S;
        var entryMissing = await ClientAsync(s, Unique("Fehlt Eintritt"));
        await EnterAsync(s, entryMissing, "esf-frist", "2026-11-02");
        var exitMissing = await ClientAsync(s, Unique("Fehlt Austritt"));
        var p2 = await EnterAsync(s, exitMissing, "esf-frist", "2026-10-01", Entry("male", 30, "inactive", null, "isced_3_4"));
        await LeaveAsync(s, exitMissing, p2, "2026-11-02", null);
        var sixMonths = await ClientAsync(s, Unique("Sechs Monate Frist"));
        var p3 = await EnterAsync(s, sixMonths, "esf-frist", "2026-02-02", Entry("female", 50, "unemployed", 20, "isced_0_2"));
        await LeaveAsync(s, sixMonths, p3, "2026-05-31", (true, false, false, false));
        // Complete and with the result not yet due: never listed.
        var complete = await ClientAsync(s, Unique("Vollständig"));
        var p4 = await EnterAsync(s, complete, "esf-frist", "2026-10-01", Entry("female", 50, "employed", null, "isced_5_8"));
        await LeaveAsync(s, complete, p4, "2026-11-02", (false, false, true, true));
        Guid[] ours = [entryMissing, exitMissing, sixMonths, complete];

        async Task<List<(Guid Client, string Kind, string DueOn, int Days)>> ListedOnAsync(int year, int month, int day, string query = "")
        {
            fixture.App.Clock.Set(new DateTimeOffset(year, month, day, 9, 0, 0, TimeSpan.FromHours(1)));
            var http = await fixture.LoginAsync("esf-s");
            var items = await OkAsync(await http.GetAsync("/api/counselling/esf/overdue" + query));
            return [.. items.EnumerateArray().Where(i => ours.Contains(i.GetProperty("clientId").GetGuid()))
                .Select(i => (i.GetProperty("clientId").GetGuid(), i.GetProperty("kind").GetString()!, i.GetProperty("dueOn").GetString()!,
                    i.GetProperty("daysOverdue").GetInt32()))];
        }

        try
        {
            Assert.Empty(await ListedOnAsync(2026, 11, 29));
            Assert.Equal([(sixMonths, "six_month_result", "2026-11-30", 0)], await ListedOnAsync(2026, 11, 30));
            Assert.Equal(
                [(entryMissing, "entry_data", "2026-11-30", 1), (exitMissing, "exit_data", "2026-11-30", 1), (sixMonths, "six_month_result", "2026-11-30", 1)],
                (await ListedOnAsync(2026, 12, 1)).OrderBy(i => i.Kind).ToList());
            Assert.Equal([(exitMissing, "exit_data", "2026-11-30", 15)], await ListedOnAsync(2026, 12, 15, "?kind=exit_data"));
        }
        finally
        {
            fixture.App.Clock.Set(EsfFixture.Now);
        }
    }

    [Fact]
    public async Task Reporting_sees_the_aggregates_only_and_others_do_not_see_them()
    {
        var reporting = fixture.Reporting;
        await OkAsync(await reporting.GetAsync("/api/counselling/figures?from=2026-01-01&to=2026-03-31&publication=false"));
        var indicators = await OkAsync(await reporting.GetAsync("/api/counselling/esf/indicators?from=2026-01-01&to=2026-12-31&project=esf-brueckenbau"));
        Assert.True(indicators.GetProperty("forPublication").GetBoolean());
        Assert.Equal(21, indicators.GetProperty("indicators").GetArrayLength());
        await OkAsync(await fixture.Admin.GetAsync("/api/counselling/figures?from=2026-01-01&to=2026-03-31"));

        foreach (var path in new[] { "/api/counselling/clients", "/api/counselling/esf/overdue", $"/api/counselling/clients/{Guid.NewGuid()}/esf" })
            Assert.Equal(HttpStatusCode.Forbidden, (await reporting.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.A.GetAsync("/api/counselling/figures?from=2026-01-01&to=2026-03-31")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.A.GetAsync("/api/counselling/esf/indicators?from=2026-01-01&to=2026-03-31")).StatusCode);

        Assert.Equal(["from", "publication"], ErrorFields(await OkAsync(
            await reporting.GetAsync("/api/counselling/figures?from=gestern&to=2026-03-31&publication=vielleicht"), HttpStatusCode.BadRequest)));
        Assert.Equal(["to"], ErrorFields(await OkAsync(await reporting.GetAsync("/api/counselling/figures?from=2026-04-01&to=2026-03-31"), HttpStatusCode.BadRequest)));
        Assert.Equal(["project"], ErrorFields(await OkAsync(
            await reporting.GetAsync("/api/counselling/esf/indicators?from=2026-01-01&to=2026-03-31&project=kein%20code"), HttpStatusCode.BadRequest)));
    }
}
