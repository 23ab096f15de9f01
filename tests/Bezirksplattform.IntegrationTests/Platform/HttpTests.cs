using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Bezirksplattform.IntegrationTests.TestModules.Sender;

namespace Bezirksplattform.IntegrationTests.Platform;

/// <summary>Every error a client can cause is an RFC 9457 problem details answer, never a stack trace.</summary>
public sealed class HttpTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private PlatformFactory _host = null!;
    private HttpClient _anonymous = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync();
        _host = new PlatformFactory(_db, extraModules: [new SenderModule()],
            settings: new Dictionary<string, string?> { ["Http:MaxRequestBodyBytes"] = "4096" });
        _anonymous = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("traceId").GetString()));
        return problem;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Malformed_json_is_400_naming_the_field_where_the_parser_knows_it()
    {
        var truncated = await ProblemOf(await _anonymous.PostAsync("/api/auth/login", Json("""{"userName": """)), HttpStatusCode.BadRequest);
        Assert.Contains("JSON", truncated.GetProperty("errors").EnumerateObject().First().Value[0].GetString());

        var wrongType = await ProblemOf(await _anonymous.PostAsync("/api/auth/login", Json("""{"userName": 42, "password": "x"}""")), HttpStatusCode.BadRequest);
        Assert.True(wrongType.GetProperty("errors").TryGetProperty("userName", out _));

        var notAnObject = await ProblemOf(await _anonymous.PostAsync("/api/auth/login", Json("[1,2,3]")), HttpStatusCode.BadRequest);
        Assert.Equal("Die Anfrage ist ungültig.", notAnObject.GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_wrong_content_type_is_415()
    {
        var response = await _anonymous.PostAsync("/api/auth/login", new StringContent("userName=admin", Encoding.UTF8, "application/x-www-form-urlencoded"));
        var problem = await ProblemOf(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_oversize_body_is_413_before_anything_reads_it()
    {
        var body = Json($$"""{"userName": "admin", "password": "{{new string('x', 10_000)}}"}""");
        await ProblemOf(await _anonymous.PostAsync("/api/auth/login", body), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task An_unknown_route_is_404_and_a_wrong_method_405()
    {
        var missing = await ProblemOf(await _anonymous.GetAsync("/api/nothing-here"), HttpStatusCode.NotFound);
        Assert.Contains("/api/nothing-here", missing.GetProperty("detail").GetString());

        await ProblemOf(await _anonymous.GetAsync("/api/auth/login"), HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task A_validation_failure_is_400_listing_each_field_in_german()
    {
        var problem = await ProblemOf(await _anonymous.PostAsJsonAsync("/api/auth/login", new { userName = "", password = "" }), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Contains("darf nicht leer sein", errors.GetProperty("userName")[0].GetString());
        Assert.Contains("darf nicht leer sein", errors.GetProperty("password")[0].GetString());

        var admin = await _host.ClientForRoleAsync(Roles.Admin);
        var user = await ProblemOf(await admin.PostAsJsonAsync("/api/admin/users",
            new { userName = "Not Valid!", displayName = "X", password = "short", roles = new[] { "wizard" } }), HttpStatusCode.BadRequest);
        var fields = user.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("userName", fields);
        Assert.Contains("password", fields);
        Assert.Contains("roles[0]", fields);
    }

    [Fact]
    public async Task A_handler_that_throws_is_500_without_internals()
    {
        var response = await _anonymous.GetAsync("/api/test/boom");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode); // staff route: sign in first

        var staff = await _host.ClientForRoleAsync(Roles.Editor);
        var boom = await staff.GetAsync("/api/test/boom");
        var text = await boom.Content.ReadAsStringAsync();
        var problem = await ProblemOf(boom, HttpStatusCode.InternalServerError);

        Assert.Equal("Interner Fehler", problem.GetProperty("title").GetString());
        Assert.DoesNotContain(SenderModule.SecretDetail, text);
        Assert.DoesNotContain("InvalidOperationException", text);
        Assert.DoesNotContain("   at ", text);
        Assert.DoesNotContain("10.0.0.5", text);
        // The log has what the body leaves out, findable by the trace id.
        Assert.Contains(_host.Logs.Lines, l => l.Exception?.Message.Contains(SenderModule.SecretDetail) == true);
    }

    [Fact]
    public async Task Without_a_token_the_staff_api_is_401_with_a_wrong_role_403_and_the_public_api_answers_anonymously()
    {
        await ProblemOf(await _anonymous.GetAsync("/api/admin/users"), HttpStatusCode.Unauthorized);
        await ProblemOf(await _anonymous.GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized);

        var editor = await _host.ClientForRoleAsync(Roles.Editor);
        await ProblemOf(await editor.GetAsync("/api/admin/users"), HttpStatusCode.Forbidden);
        await ProblemOf(await editor.GetAsync("/api/admin/outbox"), HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/api/auth/me")).StatusCode);

        var admin = await _host.ClientForRoleAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/users")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync("/api/public/v1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task A_forged_or_expired_token_is_401()
    {
        var forged = _host.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwicm9sZSI6ImFkbWluIn0.c2lnbmF0dXJlLWJ5LXNvbWVib2R5LWVsc2U");
        await ProblemOf(await forged.GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized);

        var admin = await _host.ClientForRoleAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/auth/me")).StatusCode);
        _host.Clock.Advance(TimeSpan.FromHours(9)); // tokens live 8 hours
        await ProblemOf(await admin.GetAsync("/api/auth/me"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Json_uses_camel_case_names_and_utc_instants()
    {
        var admin = await _host.ClientForRoleAsync(Roles.Admin);
        var login = await _anonymous.PostAsJsonAsync("/api/auth/login", new { userName = "nobody", password = "wrong-password" });
        var failed = await ProblemOf(login, HttpStatusCode.Unauthorized);
        Assert.Equal("Anmeldung fehlgeschlagen", failed.GetProperty("title").GetString());

        var created = await admin.PostAsJsonAsync("/api/admin/users",
            new { userName = "json.check", displayName = "Json Check", password = "long-enough-password", roles = new[] { "coach" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var token = await (await _anonymous.PostAsJsonAsync("/api/auth/login", new { userName = "json.check", password = "long-enough-password" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var expiresAt = token.GetProperty("expiresAt").GetString()!;
        Assert.EndsWith("Z", expiresAt);
        Assert.Equal(_host.Clock.GetUtcNow().AddHours(8), DateTimeOffset.Parse(expiresAt));
        Assert.True(token.TryGetProperty("accessToken", out _));
    }

    [Fact]
    public async Task The_openapi_document_lists_every_endpoint_and_the_docs_page_is_served()
    {
        var document = await _anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.StartsWith("3.1", document.GetProperty("openapi").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/auth/login", paths);
        Assert.Contains("/api/admin/users", paths);
        Assert.Contains("/api/admin/outbox", paths);
        Assert.Contains("/api/admin/outbox/{module}/{id}/requeue", paths);
        Assert.Contains("/api/public/v1", paths);

        var docs = await _anonymous.GetAsync("/docs/index.html");
        Assert.Equal(HttpStatusCode.OK, docs.StatusCode);
    }

    [Fact]
    public async Task Head_on_the_public_api_answers_like_get_without_a_body_and_other_heads_stay_405()
    {
        var get = await _anonymous.GetAsync("/api/public/v1");
        var head = await _anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/public/v1"));

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.NotEmpty(await get.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await _anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/auth/login"))).StatusCode);
    }

    [Fact]
    public async Task Readiness_reports_the_database()
    {
        var ready = await _anonymous.GetFromJsonAsync<JsonElement>("/health/ready");
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }
}
