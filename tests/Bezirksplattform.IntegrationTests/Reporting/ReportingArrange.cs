using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Identity.Contracts;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Bezirksplattform.Reporting.Definitions;
using Bezirksplattform.Reporting.Documents;
using Dapper;

namespace Bezirksplattform.IntegrationTests.Reporting;

/// <summary>
/// A test-only monthly report that counts the active staff with role "coordinator" through Identity's
/// Contracts query, so a test can change its source data by adding a coordinator. It reports progress
/// and can be held half-way (<see cref="Gate"/>) so a test sees the run "running" with its progress.
/// </summary>
internal sealed class CoordinatorCountReport(string key = CoordinatorCountReport.DefaultKey, Exception? failWith = null) : IReportDefinition
{
    public const string DefaultKey = "test-coordinators";

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    public string Key => key;

    public string Title => "Testbericht Koordination";

    public string ScheduleCron => "0 0 6 3 * ?";

    /// <summary>When set, gathering waits after its first progress step until the test releases it.</summary>
    public SemaphoreSlim? Gate { get; set; }

    public ReportPeriod PeriodForScheduledRun(DateOnly firedOn) => Month(firedOn.AddMonths(-1).Year, firedOn.AddMonths(-1).Month);

    public ReportPeriod? ParsePeriod(string key) =>
        DateOnly.TryParseExact(key + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first) && key.Length == 7
            ? Month(first.Year, first.Month)
            : null;

    private static ReportPeriod Month(int year, int month)
    {
        var from = new DateOnly(year, month, 1);
        return new ReportPeriod($"{year:D4}-{month:D2}", from.ToString("MMMM yyyy", German), from, from.AddMonths(1).AddDays(-1));
    }

    public async Task<IReadOnlyList<ReportSection>> GatherAsync(ReportPeriod period, bool forPublication, ReportGathering gathering, CancellationToken ct)
    {
        await gathering.ReportProgress(50, "Zählt die Koordination", ct);
        if (Gate is { } gate) await gate.WaitAsync(ct);
        if (failWith is not null) throw failWith;
        var coordinators = await gathering.Mediator.Send(new ListStaffUsersInRoleQuery(Roles.Coordinator), ct);
        var count = coordinators.Count;
        var value = forPublication && count is > 0 and < 3 ? ReportValue.Withheld : ReportValue.Of(count);
        return
        [
            new ReportSection("staff", "Mitarbeitende",
            [
                new ReportTable("coordinators", "Koordination", [new ReportColumn("people", "Personen")],
                    [new ReportRow("all", "Alle", [value])]),
            ]),
        ];
    }

    public static CoordinatorCountReport Failing(string key, string message) => new(key, new ProblemException(422, "Bericht nicht möglich", message));

    public static CoordinatorCountReport Crashing(string key) => new(key, new InvalidOperationException("column x does not exist (internal detail)"));
}

internal static class ReportingArrange
{
    public static readonly Dictionary<string, string?> LongTokens = new() { ["Auth:TokenLifetime"] = "3650.00:00:00" };

    /// <summary>A staff member with an e-mail address (for notifications), logged in.</summary>
    public static async Task<(HttpClient Client, Guid Id)> StaffAsync(PlatformFactory host, TestDatabase db, string role, string? email)
    {
        var userName = $"r-{role}-{Guid.NewGuid().ToString("N")[..6]}";
        const string password = "correct-horse-battery";
        var id = await StaffUsers.CreateAsync(db, userName, password, role);
        await using (var connection = await db.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("update identity.staff_users set email = @email where id = @id", new { id, email });
        var client = host.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { userName, password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (client, id);
    }

    public static async Task<JsonElement> RequestAsync(HttpClient client, string definition, string period, bool? publication = null)
    {
        var response = await client.PostAsJsonAsync("/api/reports/runs", new { definition, period, publication });
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != System.Net.HttpStatusCode.Accepted) throw new InvalidOperationException($"{response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static async Task<JsonElement> RunAsync(HttpClient client, Guid id) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/reports/runs/{id}");
}
