using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Mail;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Bezirksplattform.IntegrationTests.Partners;
using Bezirksplattform.Reporting.Definitions;
using Bezirksplattform.Reporting.Documents;
using Bezirksplattform.Reporting.Rendering;
using Bezirksplattform.Reporting.Runs;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Bezirksplattform.IntegrationTests.Reporting;

/// <summary>
/// On-demand runs end to end: queued → running (with progress) → done with a frozen, hashed snapshot, or
/// failed with a reason; leases taken over after a host died; the mails; the API's refusals.
/// </summary>
public sealed class ReportRunsTests : IAsyncLifetime
{
    private readonly RecordingMailSender _mails = new();
    private readonly CoordinatorCountReport _report = new();
    private TestDatabase _db = null!;
    private PlatformFactory _app = null!;
    private HttpClient _reporting = null!;
    private Guid _reportingUser;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync();
        _app = new PlatformFactory(_db, new TestClock(), ReportingArrange.LongTokens, services: s =>
        {
            s.AddSingleton<IMailSender>(_mails);
            s.AddSingleton<IReportDefinition>(_report);
            s.AddSingleton<IReportDefinition>(CoordinatorCountReport.Failing("test-refused", "Für diesen Zeitraum fehlen die Zahlen der Partner."));
            s.AddSingleton<IReportDefinition>(CoordinatorCountReport.Crashing("test-crashing"));
            s.AddSingleton<IReportRenderer, FigureRenderer>();
        });
        (_reporting, _reportingUser) = await ReportingArrange.StaffAsync(_app, _db, Roles.Reporting, "berichte@bezirk.example");
        for (var i = 0; i < 3; i++) await StaffUsers.CreateAsync(_db, $"koordination-{i}", "correct-horse-battery", Roles.Coordinator);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    private Task<int> RunnerAsync(PlatformFactory? host = null) => (host ?? _app).Get<ReportRunner>().RunDueAsync(CancellationToken.None);

    private async Task<byte[]> DownloadAsync(Guid id, string format = "json")
    {
        var response = await _reporting.GetAsync($"/api/reports/runs/{id}/snapshot.{format}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static long Figure(byte[] json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("sections")[0].GetProperty("tables")[0].GetProperty("rows")[0]
            .GetProperty("values")[0].GetProperty("number").GetInt64();

    [Fact]
    public async Task An_on_demand_run_goes_queued_running_done_with_progress_and_its_hash_is_the_sha256_of_the_stored_bytes()
    {
        var response = await _reporting.PostAsJsonAsync("/api/reports/runs", new { definition = CoordinatorCountReport.DefaultKey, period = "2026-10" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var queued = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = queued.GetProperty("id").GetGuid();
        Assert.Equal($"/api/reports/runs/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        Assert.Equal("2026-10-01", queued.GetProperty("periodFrom").GetString());
        Assert.Equal("2026-10-31", queued.GetProperty("periodTo").GetString());
        Assert.True(queued.GetProperty("forPublication").GetBoolean());
        Assert.Equal(_reportingUser, queued.GetProperty("requestedBy").GetGuid());
        Assert.Equal(HttpStatusCode.Conflict, (await _reporting.GetAsync($"/api/reports/runs/{id}/snapshot.json")).StatusCode);

        _report.Gate = new SemaphoreSlim(0);
        var runner = Task.Run(() => RunnerAsync());
        JsonElement running = default;
        for (var i = 0; i < 200 && running.ValueKind == JsonValueKind.Undefined; i++)
        {
            var seen = await ReportingArrange.RunAsync(_reporting, id);
            if (seen.GetProperty("progress").GetInt32() == 50) running = seen;
            else await Task.Delay(50);
        }

        Assert.Equal("running", running.GetProperty("status").GetString());
        Assert.Equal("Zählt die Koordination", running.GetProperty("step").GetString());
        Assert.Equal(1, running.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.Null, running.GetProperty("links").GetProperty("json").ValueKind);
        _report.Gate.Release();
        Assert.Equal(1, await runner);

        var done = await ReportingArrange.RunAsync(_reporting, id);
        Assert.Equal("done", done.GetProperty("status").GetString());
        Assert.Equal(100, done.GetProperty("progress").GetInt32());
        Assert.Equal(JsonValueKind.Null, done.GetProperty("failureReason").ValueKind);
        var hash = done.GetProperty("contentHash").GetString();
        var download = await _reporting.GetAsync(done.GetProperty("links").GetProperty("json").GetString());
        Assert.Equal("application/json", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{hash}\"", download.Headers.ETag?.Tag);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), hash);
        await using (var connection = await _db.DataSource.OpenConnectionAsync())
            Assert.Equal(bytes, await connection.ExecuteScalarAsync<byte[]>("select document from reporting.report_snapshots where run_id = @id", new { id }));

        var document = JsonDocument.Parse(bytes).RootElement;
        Assert.Equal(CoordinatorCountReport.DefaultKey, document.GetProperty("definition").GetString());
        Assert.Equal("2026-10", document.GetProperty("period").GetProperty("key").GetString());
        Assert.Equal("Oktober 2026", document.GetProperty("period").GetProperty("label").GetString());
        Assert.Equal("2026-11-23T08:00:00Z", document.GetProperty("generatedAt").GetString());
        Assert.Equal(3, Figure(bytes));

        var mail = Assert.Single(_mails.For(id));
        Assert.Equal("berichte@bezirk.example", mail.To);
        Assert.Equal("Bericht fertig: Testbericht Koordination – Oktober 2026", mail.Subject);
        Assert.Contains($"/api/reports/runs/{id}/snapshot.html", mail.TextBody);
        await RunnerAsync(); // a later tick sends nothing twice
        Assert.Single(_mails.For(id));

        await using var db = await _db.DataSource.OpenConnectionAsync();
        var ready = await db.QuerySingleAsync<string>(
            "select payload::text from reporting.outbox_messages where event_name = 'reporting.report-ready.v1'");
        Assert.Contains(id.ToString(), ready);
        Assert.Contains(hash!, ready);
    }

    [Fact]
    public async Task A_snapshot_stays_byte_identical_after_the_source_data_changes_and_a_rerun_makes_a_new_snapshot()
    {
        var first = (await ReportingArrange.RequestAsync(_reporting, CoordinatorCountReport.DefaultKey, "2026-09", publication: false)).GetProperty("id").GetGuid();
        await RunnerAsync();
        var before = await DownloadAsync(first);
        var hashBefore = (await ReportingArrange.RunAsync(_reporting, first)).GetProperty("contentHash").GetString();
        Assert.Equal(3, Figure(before));

        await StaffUsers.CreateAsync(_db, "koordination-neu", "correct-horse-battery", Roles.Coordinator);
        _app.Clock.Advance(TimeSpan.FromDays(2));

        Assert.Equal(before, await DownloadAsync(first));
        Assert.Equal("test-coordinators 2026-09: 3", Encoding.UTF8.GetString(await DownloadAsync(first, "txt")));
        Assert.Equal(hashBefore, (await ReportingArrange.RunAsync(_reporting, first)).GetProperty("contentHash").GetString());
        await using (var connection = await _db.DataSource.OpenConnectionAsync())
        {
            var update = await Assert.ThrowsAsync<PostgresException>(() =>
                connection.ExecuteAsync("update reporting.report_snapshots set content_hash = repeat('0', 64) where run_id = @first", new { first }));
            Assert.Contains("immutable", update.MessageText);
            await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync("delete from reporting.report_snapshots"));
        }

        var rerun = (await ReportingArrange.RequestAsync(_reporting, CoordinatorCountReport.DefaultKey, "2026-09", publication: false)).GetProperty("id").GetGuid();
        await RunnerAsync();
        var after = await DownloadAsync(rerun);
        Assert.Equal(4, Figure(after));
        Assert.NotEqual(hashBefore, (await ReportingArrange.RunAsync(_reporting, rerun)).GetProperty("contentHash").GetString());
        Assert.Equal(before, await DownloadAsync(first));
    }

    [Fact]
    public async Task Small_counts_are_withheld_in_a_run_for_publication()
    {
        await using (var connection = await _db.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("update identity.staff_users set is_active = false where user_name = 'koordination-0'");
        var id = (await ReportingArrange.RequestAsync(_reporting, CoordinatorCountReport.DefaultKey, "2026-08")).GetProperty("id").GetGuid();
        await RunnerAsync();
        var value = JsonDocument.Parse(await DownloadAsync(id)).RootElement.GetProperty("sections")[0].GetProperty("tables")[0]
            .GetProperty("rows")[0].GetProperty("values")[0];
        Assert.Equal(JsonValueKind.Null, value.GetProperty("number").ValueKind);
        Assert.True(value.GetProperty("suppressed").GetBoolean());
    }

    [Fact]
    public async Task A_failing_definition_fails_the_run_with_a_german_reason_and_mails_it_without_internals()
    {
        var refused = (await ReportingArrange.RequestAsync(_reporting, "test-refused", "2026-10")).GetProperty("id").GetGuid();
        var crashed = (await ReportingArrange.RequestAsync(_reporting, "test-crashing", "2026-10")).GetProperty("id").GetGuid();
        Assert.Equal(2, await RunnerAsync()); // both finished, as failed

        var first = await ReportingArrange.RunAsync(_reporting, refused);
        Assert.Equal("failed", first.GetProperty("status").GetString());
        Assert.Equal("Für diesen Zeitraum fehlen die Zahlen der Partner.", first.GetProperty("failureReason").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("contentHash").ValueKind);
        var second = await ReportingArrange.RunAsync(_reporting, crashed);
        Assert.Equal("failed", second.GetProperty("status").GetString());
        Assert.Equal(ReportRunner.InternalError, second.GetProperty("failureReason").GetString());
        Assert.Contains(_app.Logs.Lines, l => l.Exception?.Message.Contains("internal detail") == true && l.Message.Contains(crashed.ToString()));

        var download = await _reporting.GetAsync($"/api/reports/runs/{refused}/snapshot.json");
        Assert.Equal(HttpStatusCode.Conflict, download.StatusCode);
        Assert.Contains("fehlgeschlagen", await download.Content.ReadAsStringAsync());

        var mail = Assert.Single(_mails.For(refused));
        Assert.StartsWith("Bericht fehlgeschlagen", mail.Subject);
        Assert.Contains("Grund: Für diesen Zeitraum fehlen die Zahlen der Partner.", mail.TextBody);
        Assert.DoesNotContain("internal detail", Assert.Single(_mails.For(crashed)).TextBody);
    }

    [Fact]
    public async Task A_run_whose_host_died_is_taken_over_after_its_lease_and_given_up_after_three_attempts()
    {
        var id = (await ReportingArrange.RequestAsync(_reporting, CoordinatorCountReport.DefaultKey, "2026-10")).GetProperty("id").GetGuid();
        Assert.NotNull(await _app.SendAsync(new ClaimReportRunCommand())); // a host claims it and dies

        Assert.Equal(0, await RunnerAsync());
        Assert.Equal("running", (await ReportingArrange.RunAsync(_reporting, id)).GetProperty("status").GetString());

        _app.Clock.Advance(ReportRuns.Lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await RunnerAsync());
        var taken = await ReportingArrange.RunAsync(_reporting, id);
        Assert.Equal("done", taken.GetProperty("status").GetString());
        Assert.Equal(2, taken.GetProperty("attempts").GetInt32());

        var doomed = (await ReportingArrange.RequestAsync(_reporting, CoordinatorCountReport.DefaultKey, "2026-07")).GetProperty("id").GetGuid();
        for (var i = 0; i < ReportRuns.MaxAttempts; i++)
        {
            Assert.Equal(doomed, (await _app.SendAsync(new ClaimReportRunCommand()))?.Id);
            _app.Clock.Advance(ReportRuns.Lease + TimeSpan.FromSeconds(1));
        }

        Assert.Equal(0, await RunnerAsync());
        var gaveUp = await ReportingArrange.RunAsync(_reporting, doomed);
        Assert.Equal("failed", gaveUp.GetProperty("status").GetString());
        Assert.Equal(3, gaveUp.GetProperty("attempts").GetInt32());
        Assert.Contains("drei abgebrochenen Versuchen", gaveUp.GetProperty("failureReason").GetString());
    }

    [Fact]
    public async Task Requests_are_checked_field_by_field_and_only_reporting_and_admin_may_use_the_api()
    {
        var counsellor = await _app.ClientForRoleAsync(Roles.Counsellor);
        Assert.Equal(HttpStatusCode.Forbidden, (await counsellor.GetAsync("/api/reports/definitions")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await counsellor.PostAsJsonAsync("/api/reports/runs", new { definition = CoordinatorCountReport.DefaultKey, period = "2026-10" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync("/api/reports/runs")).StatusCode);
        var admin = await _app.ClientForRoleAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsJsonAsync("/api/reports/runs", new { definition = CoordinatorCountReport.DefaultKey, period = "2026-10" })).StatusCode);

        var definitions = await _reporting.GetFromJsonAsync<JsonElement>("/api/reports/definitions");
        var ours = definitions.EnumerateArray().Single(d => d.GetProperty("key").GetString() == CoordinatorCountReport.DefaultKey);
        Assert.Equal("0 0 6 3 * ?", ours.GetProperty("schedule").GetString());
        Assert.Equal("2026-10", ours.GetProperty("latestCompletePeriod").GetProperty("key").GetString());

        await AssertFieldAsync(new { definition = "quartalsbericht", period = "2026-10" }, "definition", "gibt es nicht");
        await AssertFieldAsync(new { definition = CoordinatorCountReport.DefaultKey, period = "2026-Q3" }, "period", "kein Zeitraum");
        await AssertFieldAsync(new { definition = CoordinatorCountReport.DefaultKey, period = "2026-11" }, "period", "noch nicht abgeschlossen");
        await AssertFieldAsync(new { definition = CoordinatorCountReport.DefaultKey, period = "2031-01" }, "period", "noch nicht abgeschlossen");
        await AssertFieldAsync(new { definition = "", period = "2026-10" }, "definition", "Berichtsart");
        await AssertFieldAsync(new { definition = CoordinatorCountReport.DefaultKey }, "period", "Zeitraum");
        await AssertFieldAsync(new { definition = CoordinatorCountReport.DefaultKey, period = "2026-10", publication = "ja" }, "publication", null);

        await AssertQueryAsync("/api/reports/runs?status=fertig", "status");
        await AssertQueryAsync("/api/reports/runs?page=0", "page");
        await AssertQueryAsync("/api/reports/runs?page=zwei", "page");
        Assert.Equal(HttpStatusCode.NotFound, (await _reporting.GetAsync($"/api/reports/runs/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _reporting.GetAsync($"/api/reports/runs/{Guid.NewGuid()}/snapshot.json")).StatusCode);

        var id = (await ReportingArrange.RequestAsync(_reporting, "test-refused", "2026-10")).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await _reporting.GetAsync($"/api/reports/runs/{id}/snapshot.pdf")).StatusCode);
        await RunnerAsync();
        var failed = await _reporting.GetFromJsonAsync<JsonElement>("/api/reports/runs?status=failed");
        Assert.Equal(id, Assert.Single(failed.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        var byDefinition = await _reporting.GetFromJsonAsync<JsonElement>($"/api/reports/runs?definition={CoordinatorCountReport.DefaultKey}&page=1");
        Assert.Equal(1, byDefinition.GetProperty("total").GetInt64());
        Assert.Equal("done", byDefinition.GetProperty("items")[0].GetProperty("status").GetString());
    }

    private async Task AssertFieldAsync(object body, string field, string? message)
    {
        var response = await _reporting.PostAsJsonAsync("/api/reports/runs", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), text);
        if (message is not null) Assert.Contains(message, messages[0].GetString());
    }

    private async Task AssertQueryAsync(string path, string field)
    {
        var response = await _reporting.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
    }
}

/// <summary>A renderer for the test's "txt" format: shows that downloads render the stored document.</summary>
internal sealed class FigureRenderer : IReportRenderer
{
    public string ContentType => "text/plain; charset=utf-8";

    public string Extension => "txt";

    public byte[] Render(ReportDocument doc) =>
        Encoding.UTF8.GetBytes($"{doc.Definition} {doc.Period.Key}: {doc.Sections[0].Tables[0].Rows[0].Values[0].Number}");
}
