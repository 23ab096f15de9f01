using System.Net;
using System.Text.Json;
using Bezirksplattform.IntegrationTests.Infrastructure;

namespace Bezirksplattform.IntegrationTests.Content;

/// <summary>Per-minute limits per anonymous client and per API key, from the site's own settings.</summary>
public sealed class PublicRateLimitTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private PlatformFactory _host = null!;
    private ContentTestKit _kit = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync();
        _host = new PlatformFactory(_db);
        _kit = new ContentTestKit(_host, _db);
        await _kit.SiteAsync("knapp", anonymousLimit: 3, apiKeyLimit: 5);
        await _kit.SiteAsync("grosszuegig");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Excess_requests_are_429_with_retry_after_per_client_and_per_key()
    {
        var key = await _kit.ApiKeyAsync("knapp");
        var client = _host.CreateClient();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/public/v1/sites/knapp/articles")).StatusCode);

        // Cached answers count too: the limit is checked before the output cache.
        var limited = await client.GetAsync("/api/public/v1/sites/knapp/articles");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var seconds = limited.Headers.RetryAfter?.Delta?.TotalSeconds;
        Assert.True(seconds is > 0 and <= 60, $"Retry-After: {limited.Headers.RetryAfter}");
        var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains("Sekunden", problem.GetProperty("detail").GetString());

        // Another site has its own budget; a key has its own, larger one.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/public/v1/sites/grosszuegig/articles")).StatusCode);
        async Task<HttpStatusCode> WithKey()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/public/v1/sites/knapp/tags");
            request.Headers.Add("X-Api-Key", key);
            return (await client.SendAsync(request)).StatusCode;
        }

        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, await WithKey());
        Assert.Equal(HttpStatusCode.TooManyRequests, await WithKey());

        // Refused keys have a budget of their own (the anonymous limit): guessing is throttled.
        async Task<HttpStatusCode> WithWrongKey()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/public/v1/sites/knapp/tags");
            request.Headers.Add("X-Api-Key", "bzp_geraten_" + Guid.NewGuid().ToString("N"));
            return (await client.SendAsync(request)).StatusCode;
        }

        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Unauthorized, await WithWrongKey());
        Assert.Equal(HttpStatusCode.TooManyRequests, await WithWrongKey());
    }
}
