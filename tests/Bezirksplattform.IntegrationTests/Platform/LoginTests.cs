using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Bezirksplattform.IntegrationTests.Platform;

public sealed class LoginTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private PlatformFactory _host = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync();
        _host = new PlatformFactory(_db, settings: new Dictionary<string, string?>
        {
            ["Http:LoginPermitLimit"] = "5",
            ["Http:LoginWindow"] = "00:01:00",
            ["Auth:BootstrapAdmin:UserName"] = "erste.admin",
            ["Auth:BootstrapAdmin:Password"] = "bootstrap-password-2026",
        });
        _ = _host.Server;
        await StaffUsers.CreateAsync(_db, "koordination.test", "richtiges-passwort", Roles.Coordinator);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Login_returns_a_bearer_token_with_the_users_roles_and_a_wrong_password_is_401_logged_without_the_password()
    {
        var client = _host.CreateClient();
        var ok = await client.PostAsJsonAsync("/api/auth/login", new { userName = "Koordination.Test", password = "richtiges-passwort" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var body = await ok.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["coordinator"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var wrong = await client.PostAsJsonAsync("/api/auth/login", new { userName = "koordination.test", password = "falsches-passwort-4711" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var unknown = await client.PostAsJsonAsync("/api/auth/login", new { userName = "gibt.es.nicht", password = "falsches-passwort-4711" });
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        // Same answer for an unknown name and a wrong password: nothing to learn about accounts.
        Assert.Equal(
            (await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(),
            (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var failures = _host.Logs.Lines.Where(l => l.Message.Contains("Failed login")).ToList();
        Assert.Contains(failures, l => l.Level == LogLevel.Warning && l.Message.Contains("koordination.test"));
        Assert.DoesNotContain(_host.Logs.Lines, l => l.Message.Contains("falsches-passwort-4711") || l.Message.Contains("richtiges-passwort"));
    }

    [Fact]
    public async Task The_first_admin_comes_from_configuration()
    {
        var client = _host.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { userName = "erste.admin", password = "bootstrap-password-2026" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains("admin", (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Excess_logins_from_one_client_get_429_with_retry_after()
    {
        // A dedicated host, so this test's attempts don't eat the others' allowance.
        await using var host = new PlatformFactory(_db, settings: new Dictionary<string, string?> { ["Http:LoginPermitLimit"] = "3" });
        var client = host.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await client.PostAsJsonAsync("/api/auth/login", new { userName = "koordination.test", password = "falsch-" + i })).StatusCode);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var limited = await client.PostAsJsonAsync("/api/auth/login", new { userName = "koordination.test", password = "richtiges-passwort" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Admin_creates_a_staff_user_who_can_log_in_and_a_taken_name_is_409()
    {
        var admin = await _host.ClientForRoleAsync(Roles.Admin);
        var create = await admin.PostAsJsonAsync("/api/admin/users", new
        {
            userName = "coach.neu", displayName = "Coach Neu", email = "coach.neu@example.org", password = "ein-langes-passwort", roles = new[] { "coach" },
        });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        Assert.NotNull(create.Headers.Location);

        var again = await admin.PostAsJsonAsync("/api/admin/users", new
        {
            userName = "coach.neu", displayName = "Doppelt", password = "ein-langes-passwort", roles = new[] { "coach" },
        });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var login = await _host.CreateClient().PostAsJsonAsync("/api/auth/login", new { userName = "coach.neu", password = "ein-langes-passwort" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
    }
}
