using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.Counselling.Jobs.ApplyRetention;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;

namespace Bezirksplattform.IntegrationTests.Counselling;

/// <summary>
/// Data-subject rights (export, restriction, erasure), the retention job and the records of
/// processing. Cases, referrals and ESF rows are written with SQL here because their slices are
/// built elsewhere; what is under test is what happens to them. Tests that move the clock put it back.
/// </summary>
public sealed class DataProtectionTests(CounsellingFixture fixture) : IClassFixture<CounsellingFixture>
{
    private readonly HttpClient _admin = fixture.Admin;
    private readonly HttpClient _a = fixture.A.Http;
    private readonly HttpClient _b = fixture.B.Http;

    /// <summary>
    /// Every table in schema counselling that holds data about a client: the clients table, every
    /// table with a client_id column (the access log has no FK), and every table with a foreign key
    /// into one of those, transitively. Found in the catalogue, so a table added later is included.
    /// </summary>
    private const string TablesAboutAClient =
        """
        with recursive reach(rel) as (
            select c.oid from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = 'counselling' and c.relkind = 'r'
              and (c.relname = 'clients' or exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'client_id' and not a.attisdropped))
            union
            select con.conrelid from pg_constraint con join reach r on con.confrelid = r.rel where con.contype = 'f'
        )
        select distinct c.relname from reach join pg_class c on c.oid = reach.rel order by 1
        """;

    /// <summary>How to find a client's rows in the tables that have no client_id of their own.</summary>
    private static readonly Dictionary<string, string> ChildRows = new()
    {
        ["clients"] = "id = @id",
        ["case_activities"] = "case_id in (select id from counselling.cases where client_id = @id)",
        ["referral_status_changes"] = "referral_id in (select id from counselling.referrals where client_id = @id)",
        ["esf_stays"] = "participation_id in (select id from counselling.esf_participations where client_id = @id)",
    };

    private static string Unique(string prefix) => prefix + " " + Guid.NewGuid().ToString("N")[..8];

    private static object Person(string name, string? email = null) => new
    {
        kind = "person", targetGroup = "long_term_unemployed", districtCode = "0907", name, email, phone = "030 7654321",
        postalAddress = "Beispielstraße 5, 12047 Berlin", birthYear = 1988,
        consents = new[] { new { purpose = "counselling" }, new { purpose = "esf_reporting" }, new { purpose = "partner_referral" } },
        confirmNotDuplicate = true,
    };

    private static object Consultation(string occurredOn = "2026-11-20") => new
    {
        occurredOn, durationMinutes = 60, channel = "in_person", topics = new[] { "application_support" },
        outcome = "Bewerbungsmappe begonnen", nextSteps = "Zeugnisse mitbringen", followUpOn = (string?)null,
    };

    private static async Task<(Guid Id, string Number)> CreatedAsync(HttpClient client, string name, string? email = null)
    {
        var response = await client.PostAsJsonAsync("/api/counselling/clients", Person(name, email));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {text}");
        var body = JsonDocument.Parse(text).RootElement;
        return (body.GetProperty("id").GetGuid(), body.GetProperty("clientNumber").GetString()!);
    }

    private static async Task<JsonElement> ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode} {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement;
    }

    /// <summary>A consultation through the API, then a case with an activity, a referral with a status change, an ESF participation with a stay and an outbox message about the referral.</summary>
    private async Task<(Guid Id, string Number)> ClientWithEverythingAsync(HttpClient owner, Guid ownerId, string? retainUntil, string? leftOn)
    {
        var client = await CreatedAsync(owner, Unique("Petra Vollständig"), Guid.NewGuid().ToString("N")[..10] + "@example.org");
        await ExpectAsync(await owner.PostAsJsonAsync($"/api/counselling/clients/{client.Id}/consultations", Consultation()), HttpStatusCode.Created);
        await using var connection = await fixture.Db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            insert into counselling.cases (id, client_id, service_line, opened_on, plan, opened_by, created_at, updated_at)
            values (@caseId, @id, 'job_seekers', '2026-11-02', 'Bewerbungstraining, dann Praktikum', @owner, @now, @now);
            insert into counselling.case_activities (id, case_id, occurred_on, kind, description, created_by, created_at)
            values (gen_random_uuid(), @caseId, '2026-11-03', 'note', 'Telefonat mit der Person', @owner, @now);
            update counselling.consultations set case_id = @caseId where client_id = @id;
            insert into counselling.referrals (id, client_id, case_id, target, organisation_id, organisation_name, reason, status, referred_on,
                referred_by, status_changed_at, created_at)
            values (@referralId, @id, @caseId, 'partner_organisation', gen_random_uuid(), 'Beispiel-Werkstatt gGmbH', 'Praktikum', 'sent',
                '2026-11-04', @owner, @now, @now);
            insert into counselling.referral_status_changes (referral_id, status, note, changed_by, changed_at)
            values (@referralId, 'sent', 'per E-Mail', @owner, @now);
            insert into counselling.esf_participations (id, client_id, project_code, first_entered_on, gender, age_at_entry, labour_market_status,
                unemployment_months, education_level, third_country_national, foreign_background, homeless, rural_area, disability, minority,
                entry_recorded_at, entry_recorded_by, retain_until, created_at, updated_at)
            values (@participationId, @id, 'esf-nord', '2026-01-12', 'female', 37, 'unemployed', 14, 'isced_3_4', false, true, false, false,
                'not_stated', 'no', @now, @owner, @retainUntil::date, @now, @now);
            insert into counselling.esf_stays (id, participation_id, entered_on, left_on, exit_job_searching, exit_in_education,
                exit_gained_qualification, exit_employed, exit_recorded_at, exit_recorded_by, created_at)
            values (gen_random_uuid(), @participationId, '2026-01-12', @leftOn::date, true, false, false, false, @now, @owner, @now);
            insert into counselling.digest_items (item_kind, item_id, due_on, client_id, recipient_id, status, created_at, sent_at)
            values ('case_task', gen_random_uuid(), '2026-02-01', @id, @owner, 'sent', @now, @now);
            insert into counselling.outbox_messages (id, event_name, payload, occurred_at, next_attempt_at)
            values (gen_random_uuid(), 'counselling.coaching-referral-made.v1',
                jsonb_build_object('referralId', @referralId::text, 'clientNumber', (select client_number from counselling.clients where id = @id),
                    'name', 'Petra Vollständig', 'email', 'petra@example.org'), @now, @now);
            """,
            new
            {
                id = client.Id, caseId = Guid.NewGuid(), referralId = Guid.NewGuid(), participationId = Guid.NewGuid(), owner = ownerId,
                now = CounsellingFixture.Now, retainUntil, leftOn,
            });
        return client;
    }

    private async Task<IReadOnlyList<string>> TablesAboutAClientAsync()
    {
        await using var connection = await fixture.Db.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<string>(TablesAboutAClient)];
    }

    /// <summary>Rows about the client in each table that holds client data (schema-driven).</summary>
    private async Task<Dictionary<string, long>> RowCountsAsync(Guid id)
    {
        await using var connection = await fixture.Db.DataSource.OpenConnectionAsync();
        var counts = new Dictionary<string, long>();
        foreach (var table in await TablesAboutAClientAsync())
        {
            var where = ChildRows.GetValueOrDefault(table) ?? "client_id = @id";
            counts[table] = await connection.ExecuteScalarAsync<long>($"select count(*) from counselling.{table} where {where}", new { id });
        }

        return counts;
    }

    private async Task<long> OutboxRowsAboutAsync(string clientNumber)
    {
        await using var connection = await fixture.Db.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(
            "select count(*) from counselling.outbox_messages where payload ->> 'clientNumber' = @clientNumber", new { clientNumber });
    }

    private async Task<string[]> ListedNumbersAsync(HttpClient client, string query = "")
    {
        var page = await ExpectAsync(await client.GetAsync("/api/counselling/clients?pageSize=200" + query), HttpStatusCode.OK);
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("clientNumber").GetString()!)];
    }

    private async Task<List<(Guid StaffUserId, string Action, string? Detail)>> LogAsync(Guid clientId)
    {
        await using var connection = await fixture.Db.DataSource.OpenConnectionAsync();
        return [.. (await connection.QueryAsync<(Guid, string, string?)>(
            "select staff_user_id, action, detail from counselling.access_log where client_id = @clientId order by id", new { clientId }))];
    }

    [Fact]
    public async Task The_subject_access_export_contains_every_stored_field_of_every_table_about_the_client_and_is_logged()
    {
        var client = await ClientWithEverythingAsync(_a, fixture.A.Id, retainUntil: "2031-12-31", leftOn: "2026-10-30");
        // Rectification first: the export shows the corrected data, and the access log the change.
        await ExpectAsync(await _a.PutAsJsonAsync($"/api/counselling/clients/{client.Id}",
            new { targetGroup = "unemployed", districtCode = "0908", name = "Petra Berichtigt", email = "petra.neu@example.org", version = 1 }),
            HttpStatusCode.OK);

        var response = await _a.GetAsync($"/api/counselling/clients/{client.Id}/export");
        var export = await ExpectAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"auskunft-{client.Number}.json", response.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        Assert.Equal(client.Number, export.GetProperty("clientNumber").GetString());

        // Schema-driven: every table about a client is in the export, with every one of its columns.
        await using var connection = await fixture.Db.DataSource.OpenConnectionAsync();
        var columns = (await connection.QueryAsync<(string Table, string Column)>(
                "select table_name::text, column_name::text from information_schema.columns where table_schema = 'counselling'"))
            .ToLookup(c => c.Table, c => c.Column);
        var tables = export.GetProperty("tables");
        var aboutAClient = await TablesAboutAClientAsync();
        Assert.Contains("esf_stays", aboutAClient);
        Assert.Contains("access_log", aboutAClient);
        foreach (var table in aboutAClient)
        {
            Assert.True(tables.TryGetProperty(table, out var rows), $"table {table} is not in the export");
            Assert.True(rows.GetArrayLength() > 0, $"the fixture wrote rows to {table}, the export has none");
            foreach (var row in rows.EnumerateArray())
            {
                var missing = columns[table].Where(c => !row.TryGetProperty(c, out _)).ToList();
                Assert.True(missing.Count == 0, $"{table}: columns not exported: {string.Join(", ", missing)}");
            }
        }

        var contact = tables.GetProperty("client_contacts")[0];
        Assert.Equal("Petra Berichtigt", contact.GetProperty("name").GetString());
        Assert.Equal("petra.neu@example.org", contact.GetProperty("email").GetString());
        Assert.Equal("0908", tables.GetProperty("clients")[0].GetProperty("district_code").GetString());
        Assert.Equal(2, tables.GetProperty("clients")[0].GetProperty("version").GetInt32());
        Assert.Equal(3, tables.GetProperty("consents").GetArrayLength());
        Assert.Equal("Bewerbungsmappe begonnen", tables.GetProperty("consultations")[0].GetProperty("outcome").GetString());
        Assert.Equal("not_stated", tables.GetProperty("esf_participations")[0].GetProperty("disability").GetString());
        Assert.Contains(tables.GetProperty("access_log").EnumerateArray(), r => r.GetProperty("action").GetString() == "update");

        // The export itself is logged, for the counsellor who asked.
        Assert.Equal((fixture.A.Id, "export"), (await LogAsync(client.Id)).Select(l => (l.StaffUserId, l.Action)).Last());
        // An admin may export too.
        await ExpectAsync(await _admin.GetAsync($"/api/counselling/clients/{client.Id}/export"), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Export_restriction_and_erasure_of_another_teams_client_are_404_and_a_colleague_who_does_not_own_it_may_not_erase()
    {
        var client = await CreatedAsync(_b, Unique("Berta Fremdteam"));
        foreach (var response in new[]
                 {
                     await _a.GetAsync($"/api/counselling/clients/{client.Id}/export"),
                     await _a.PostAsJsonAsync($"/api/counselling/clients/{client.Id}/restriction", new { reason = "Richtigkeit bestritten" }),
                     await _a.DeleteAsync($"/api/counselling/clients/{client.Id}/restriction"),
                     await _a.PostAsJsonAsync($"/api/counselling/clients/{client.Id}/erasure", new { reason = "Antrag" }),
                     await _b.GetAsync($"/api/counselling/clients/{Guid.NewGuid()}/export"),
                     await _b.PostAsJsonAsync($"/api/counselling/clients/{Guid.NewGuid()}/erasure", new { reason = "Antrag" }),
                 })
            await ExpectAsync(response, HttpStatusCode.NotFound);
        Assert.DoesNotContain(await LogAsync(client.Id), l => l.StaffUserId == fixture.A.Id);

        // A colleague in the same team may read and export, but erasure stays with the owner (or an admin).
        var colleague = await fixture.UserAsync("kollegin-" + Guid.NewGuid().ToString("N")[..6], Roles.Counsellor);
        await ExpectAsync(await _admin.PostAsJsonAsync($"/api/counselling/teams/{fixture.Team2}/members", new { staffUserId = colleague.Id }), HttpStatusCode.OK);
        await ExpectAsync(await colleague.Http.GetAsync($"/api/counselling/clients/{client.Id}/export"), HttpStatusCode.OK);
        var refused = await ExpectAsync(await colleague.Http.PostAsJsonAsync($"/api/counselling/clients/{client.Id}/erasure", new { reason = "Antrag" }),
            HttpStatusCode.Forbidden);
        Assert.Contains("zuständige", refused.GetProperty("detail").GetString());
        await ExpectAsync(await _b.GetAsync($"/api/counselling/clients/{client.Id}"), HttpStatusCode.OK);

        var reporting = (await fixture.UserAsync("bericht-" + Guid.NewGuid().ToString("N")[..6], Roles.Reporting)).Http;
        await ExpectAsync(await reporting.GetAsync($"/api/counselling/clients/{client.Id}/export"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_restricted_client_leaves_lists_and_refuses_processing_but_stays_readable_exportable_and_rectifiable_until_lifted()
    {
        var name = Unique("Rita Eingeschränkt");
        var client = await CreatedAsync(_a, name);

        var missingReason = await ExpectAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{client.Id}/restriction", new { reason = " " }),
            HttpStatusCode.BadRequest);
        Assert.True(missingReason.GetProperty("errors").TryGetProperty("reason", out _));
        var restricted = await ExpectAsync(
            await _a.PostAsJsonAsync($"/api/counselling/clients/{client.Id}/restriction", new { reason = "Richtigkeit der Daten bestritten" }),
            HttpStatusCode.OK);
        Assert.Equal(CounsellingFixture.Now, restricted.GetProperty("restrictedAt").GetDateTimeOffset());

        Assert.DoesNotContain(client.Number, await ListedNumbersAsync(_a));
        Assert.DoesNotContain(client.Number, await ListedNumbersAsync(_a, "&q=" + Uri.EscapeDataString(name)));
        var refused = await ExpectAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{client.Id}/consultations", Consultation()),
            HttpStatusCode.Conflict);
        Assert.Contains("Art. 18", refused.GetProperty("detail").GetString());
        await using (var connection = await fixture.Db.DataSource.OpenConnectionAsync())
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from counselling.consultations where client_id = @Id", new { client.Id }));

        var read = await ExpectAsync(await _a.GetAsync($"/api/counselling/clients/{client.Id}"), HttpStatusCode.OK);
        Assert.NotEqual(JsonValueKind.Null, read.GetProperty("restrictedAt").ValueKind);
        var export = await ExpectAsync(await _a.GetAsync($"/api/counselling/clients/{client.Id}/export"), HttpStatusCode.OK);
        Assert.Equal("Richtigkeit der Daten bestritten",
            export.GetProperty("tables").GetProperty("clients")[0].GetProperty("restriction_reason").GetString());
        await ExpectAsync(await _a.PutAsJsonAsync($"/api/counselling/clients/{client.Id}",
            new { targetGroup = "unemployed", name = name + " (berichtigt)", version = read.GetProperty("version").GetInt32() }), HttpStatusCode.OK);

        await ExpectAsync(await _a.DeleteAsync($"/api/counselling/clients/{client.Id}/restriction"), HttpStatusCode.OK);
        Assert.Contains(client.Number, await ListedNumbersAsync(_a));
        await ExpectAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{client.Id}/consultations", Consultation()), HttpStatusCode.Created);

        var actions = (await LogAsync(client.Id)).Select(l => l.Action).ToList();
        Assert.Equal(new[] { "restrict", "read", "export", "update", "lift_restriction" }, actions);
        Assert.Equal("Richtigkeit der Daten bestritten", (await LogAsync(client.Id))[0].Detail);
    }

    [Fact]
    public async Task Erasure_under_a_legal_hold_keeps_exactly_the_minimal_esf_record_and_the_retention_job_deletes_it_when_the_hold_ends()
    {
        var client = await ClientWithEverythingAsync(_a, fixture.A.Id, retainUntil: "2031-12-31", leftOn: "2026-10-30");
        var before = await RowCountsAsync(client.Id);
        Assert.All(before.Where(t => t.Key != "access_log"), t => Assert.True(t.Value > 0, $"{t.Key} has no rows before the erasure"));
        Assert.Equal(1, await OutboxRowsAboutAsync(client.Number));

        var erased = await ExpectAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{client.Id}/erasure",
            new { reason = "Antrag der Person vom 20.11.2026" }), HttpStatusCode.OK);
        Assert.Equal("minimal_esf_record_kept", erased.GetProperty("outcome").GetString());
        Assert.Equal("2031-12-31", erased.GetProperty("heldUntil").GetString());

        // Exactly the minimal ESF record: the client row, the participation and its stay, the ESF consent; nothing else.
        var kept = new Dictionary<string, long> { ["clients"] = 1, ["esf_participations"] = 1, ["esf_stays"] = 1, ["consents"] = 1 };
        foreach (var (table, count) in await RowCountsAsync(client.Id))
        {
            if (table == "access_log") continue; // the log outlives erasure (no FK)
            Assert.True(kept.GetValueOrDefault(table) == count, $"{table}: {count} rows left, expected {kept.GetValueOrDefault(table)}");
        }

        await using (var connection = await fixture.Db.DataSource.OpenConnectionAsync())
        {
            var row = await connection.QuerySingleAsync<(string Number, string Kind, string TargetGroup, string District, Guid Team, DateTime? ErasedAt, DateTime? RestrictedAt)>(
                "select client_number, kind, target_group, district_code, team_id, erased_at, restricted_at from counselling.clients where id = @Id", new { client.Id });
            Assert.Equal((client.Number, "person", "long_term_unemployed", "0907", fixture.Team1), (row.Number, row.Kind, row.TargetGroup, row.District, row.Team));
            Assert.Equal(CounsellingFixture.Now.UtcDateTime, row.ErasedAt);
            Assert.Equal("esf_reporting", await connection.ExecuteScalarAsync<string>("select purpose from counselling.consents where client_id = @Id", new { client.Id }));
        }

        Assert.Equal(0, await OutboxRowsAboutAsync(client.Number));
        Assert.Equal(("erase", "minimal_esf_record_kept: Antrag der Person vom 20.11.2026"), (await LogAsync(client.Id)).Select(l => (l.Action, l.Detail)).Last());
        // Erased is invisible everywhere, to the owner and to admins; erasing again is a 404 too.
        await ExpectAsync(await _a.GetAsync($"/api/counselling/clients/{client.Id}"), HttpStatusCode.NotFound);
        await ExpectAsync(await _admin.GetAsync($"/api/counselling/clients/{client.Id}/export"), HttpStatusCode.NotFound);
        await ExpectAsync(await _admin.PostAsJsonAsync($"/api/counselling/clients/{client.Id}/erasure", new { reason = "nochmal" }), HttpStatusCode.NotFound);
        Assert.DoesNotContain(client.Number, await ListedNumbersAsync(_admin));

        var runner = fixture.App.Get<RetentionRunner>();
        try
        {
            // On the last day of the hold the record stays.
            fixture.App.Clock.Set(new DateTimeOffset(2031, 12, 31, 22, 0, 0, TimeSpan.Zero)); // 23:00 in Berlin
            await runner.RunAsync(default);
            Assert.Equal(1, (await RowCountsAsync(client.Id))["clients"]);

            fixture.App.Clock.Set(new DateTimeOffset(2031, 12, 31, 23, 30, 0, TimeSpan.Zero)); // 00:30 on 1 January 2032 in Berlin
            await runner.RunAsync(default);
            Assert.All(await RowCountsAsync(client.Id), t => Assert.True(t.Key == "access_log" || t.Value == 0, $"{t.Key}: {t.Value} rows left"));
            Assert.Contains(await LogAsync(client.Id), l => l.StaffUserId == Guid.Empty && l.Action == "retention" && l.Detail == "deleted: legal hold ended");
        }
        finally
        {
            fixture.App.Clock.Set(CounsellingFixture.Now);
        }
    }

    [Fact]
    public async Task Erasure_without_a_hold_deletes_everything_about_the_client()
    {
        // The ESF hold ended at the end of January 2026.
        var client = await ClientWithEverythingAsync(_b, fixture.B.Id, retainUntil: "2026-01-31", leftOn: "2026-01-20");
        var erased = await ExpectAsync(await _b.PostAsJsonAsync($"/api/counselling/clients/{client.Id}/erasure", new { reason = "Antrag" }),
            HttpStatusCode.OK);
        Assert.Equal("deleted", erased.GetProperty("outcome").GetString());
        Assert.Equal(JsonValueKind.Null, erased.GetProperty("heldUntil").ValueKind);
        Assert.All(await RowCountsAsync(client.Id), t => Assert.True(t.Key == "access_log" || t.Value == 0, $"{t.Key}: {t.Value} rows left"));
        Assert.Equal(0, await OutboxRowsAboutAsync(client.Number));
        Assert.Equal((fixture.B.Id, "erase"), (await LogAsync(client.Id)).Select(l => (l.StaffUserId, l.Action)).Last());

        // Without any ESF participation an admin may erase, and the result is the same.
        var plain = await CreatedAsync(_b, Unique("Paul Ohne ESF"));
        var noReason = await ExpectAsync(await _admin.PostAsJsonAsync($"/api/counselling/clients/{plain.Id}/erasure", new { reason = "" }),
            HttpStatusCode.BadRequest);
        Assert.True(noReason.GetProperty("errors").TryGetProperty("reason", out _));
        using var malformed = new StringContent("{\"reason\": ", System.Text.Encoding.UTF8, "application/json");
        await ExpectAsync(await _admin.PostAsync($"/api/counselling/clients/{plain.Id}/erasure", malformed), HttpStatusCode.BadRequest);
        await ExpectAsync(await _admin.PostAsJsonAsync("/api/counselling/clients/kein-guid/erasure", new { reason = "Antrag" }), HttpStatusCode.NotFound);
        Assert.Equal(1, (await RowCountsAsync(plain.Id))["clients"]);
        var byAdmin = await ExpectAsync(await _admin.PostAsJsonAsync($"/api/counselling/clients/{plain.Id}/erasure", new { reason = "Antrag" }),
            HttpStatusCode.OK);
        Assert.Equal("deleted", byAdmin.GetProperty("outcome").GetString());
        Assert.Equal(0, (await RowCountsAsync(plain.Id))["clients"]);
        await ExpectAsync(await _b.GetAsync($"/api/counselling/clients/{plain.Id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_retention_job_erases_inactive_clients_once_across_two_nodes_spares_active_ones_and_ages_out_the_access_log()
    {
        var inactive = await CreatedAsync(_a, Unique("Ines Inaktiv"));
        var held = await ClientWithEverythingAsync(_a, fixture.A.Id, retainUntil: null, leftOn: null); // still in the ESF project
        var active = await CreatedAsync(_a, Unique("Anna Aktiv"));
        await ExpectAsync(await _a.GetAsync($"/api/counselling/clients/{active.Id}"), HttpStatusCode.OK); // an access-log row of today
        var runner = fixture.App.Get<RetentionRunner>();
        try
        {
            // Three years and a week after the intake; Anna was counselled the day before (written directly: the tokens have expired by then).
            fixture.App.Clock.Set(new DateTimeOffset(2029, 11, 30, 9, 0, 0, TimeSpan.Zero));
            await using var connection = await fixture.Db.DataSource.OpenConnectionAsync();
            await connection.ExecuteAsync(
                """
                insert into counselling.consultations (id, client_id, counsellor_id, occurred_on, duration_minutes, channel, topics, created_at)
                values (gen_random_uuid(), @id, @counsellor, '2029-11-29', 30, 'phone', array['career_planning'], '2029-11-29T10:00:00Z')
                """, new { id = active.Id, counsellor = fixture.A.Id });
            Assert.True(await connection.ExecuteScalarAsync<long>("select count(*) from counselling.access_log where occurred_at < '2027-11-30'") > 0);

            // Two nodes at once: each client is handled exactly once.
            var runs = await Task.WhenAll(runner.RunAsync(default), runner.RunAsync(default));
            Assert.True(runs.Sum(r => r.Deleted) >= 1 && runs.Sum(r => r.MinimalEsfRecordsKept) >= 1);

            Assert.Equal(0, (await RowCountsAsync(inactive.Id))["clients"]);
            var heldRows = await RowCountsAsync(held.Id);
            Assert.Equal((1, 0, 0, 1), (heldRows["clients"], heldRows["client_contacts"], heldRows["consultations"], heldRows["esf_participations"]));
            Assert.Equal(1, (await RowCountsAsync(active.Id))["client_contacts"]);
            foreach (var id in new[] { inactive.Id, held.Id })
                Assert.Single(await LogAsync(id), l => l.Action == "retention");
            Assert.DoesNotContain(await LogAsync(active.Id), l => l.Action == "retention");

            // Access-log rows older than two years are gone; only the job may delete them.
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from counselling.access_log where occurred_at < '2027-11-30'"));
            Assert.True(await connection.ExecuteScalarAsync<long>("select count(*) from counselling.access_log") > 0);
            await Assert.ThrowsAsync<Npgsql.PostgresException>(() => connection.ExecuteAsync("delete from counselling.access_log"));

            // A second night finds nothing more to do.
            var again = await runner.RunAsync(default);
            Assert.Equal((0, 0), (again.Deleted, again.MinimalEsfRecordsKept));
        }
        finally
        {
            fixture.App.Clock.Set(CounsellingFixture.Now);
        }
    }

    [Fact]
    public async Task The_records_of_processing_name_every_column_of_every_table_in_the_schema_and_print_as_html()
    {
        var records = await ExpectAsync(await _a.GetAsync("/api/counselling/records-of-processing"), HttpStatusCode.OK);
        var catalogued = records.GetProperty("categories").EnumerateArray()
            .SelectMany(c => c.GetProperty("columns").EnumerateArray().Select(col => (c.GetProperty("table").GetString()!, col.GetString()!)))
            .ToHashSet();
        foreach (var category in records.GetProperty("categories").EnumerateArray())
            foreach (var field in new[] { "purpose", "legalBasis", "retention", "recipients", "dataSubjects" })
                Assert.False(string.IsNullOrWhiteSpace(category.GetProperty(field).GetString()), $"{category.GetProperty("name")}: {field} is empty");

        await using var connection = await fixture.Db.DataSource.OpenConnectionAsync();
        var stored = (await connection.QueryAsync<(string, string)>(
            "select table_name::text, column_name::text from information_schema.columns where table_schema = 'counselling'")).ToHashSet();
        Assert.Contains(("client_contacts", "email"), stored);
        Assert.Empty(stored.Except(catalogued).Select(c => $"{c.Item1}.{c.Item2} is not in the data catalogue"));
        Assert.Empty(catalogued.Except(stored).Select(c => $"{c.Item1}.{c.Item2} is catalogued but not stored"));
        Assert.Contains("3 Jahre", records.GetProperty("categories")[2].GetProperty("retention").GetString());

        var html = await _admin.GetAsync("/api/counselling/records-of-processing?format=html");
        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Equal("text/html", html.Content.Headers.ContentType!.MediaType);
        var page = await html.Content.ReadAsStringAsync();
        Assert.Contains("Verzeichnis von Verarbeitungstätigkeiten", page);
        Assert.Contains("besondere Kategorie, Art. 9 DSGVO", page);
        Assert.Contains("esf_stays", page);
        var wrongFormat = await ExpectAsync(await _a.GetAsync("/api/counselling/records-of-processing?format=pdf"), HttpStatusCode.BadRequest);
        Assert.True(wrongFormat.GetProperty("errors").TryGetProperty("format", out _));
        var reporting = (await fixture.UserAsync("verzeichnis-" + Guid.NewGuid().ToString("N")[..6], Roles.Reporting)).Http;
        Assert.Equal(HttpStatusCode.Forbidden, (await reporting.GetAsync("/api/counselling/records-of-processing")).StatusCode);
    }
}
