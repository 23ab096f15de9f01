using System.Net;
using System.Text.Json;
using Bezirksplattform.IntegrationTests.Infrastructure;

namespace Bezirksplattform.IntegrationTests.Content;

/// <summary>Two hosts on one database: a publication in one evicts the other's cached answers through LISTEN/NOTIFY.</summary>
public sealed class PublicCacheEvictionTests : IAsyncLifetime
{
    private const string Articles = "/api/public/v1/sites/bezirk/articles";

    private TestDatabase _db = null!;
    private PlatformFactory _hostA = null!;
    private PlatformFactory _hostB = null!;
    private ContentTestKit _kitA = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync();
        _hostA = new PlatformFactory(_db);
        _hostB = new PlatformFactory(_db);
        _kitA = new ContentTestKit(_hostA, _db);
        await _kitA.SiteAsync("bezirk");
    }

    public async Task DisposeAsync()
    {
        await _hostA.DisposeAsync();
        await _hostB.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static async Task<(string Cache, string[] Titles, string ETag)> ReadAsync(HttpClient client, string address)
    {
        var response = await client.GetAsync(address);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var titles = json.TryGetProperty("items", out var items)
            ? items.EnumerateArray().Select(i => i.GetProperty("title").GetString()!).ToArray()
            : [json.GetProperty("title").GetString()!];
        return (response.Headers.GetValues("X-Cache").Single(), titles, response.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task A_publication_in_one_host_makes_the_other_serve_fresh_answers()
    {
        var id = await _kitA.PublishedArticleAsync("Erste Fassung", "bezirk", slug: "meldung");
        var clientB = _hostB.CreateClient();
        await _kitA.SettleAsync(_hostB);

        // Host B caches the list and the detail.
        Assert.Equal("MISS", (await ReadAsync(clientB, Articles)).Cache);
        var cachedList = await ReadAsync(clientB, Articles);
        Assert.Equal("HIT", cachedList.Cache);
        Assert.Equal(["Erste Fassung"], cachedList.Titles);
        await ReadAsync(clientB, Articles + "/meldung");
        Assert.Equal("HIT", (await ReadAsync(clientB, Articles + "/meldung")).Cache);

        // Host A publishes a new article and a new version of the first.
        await _kitA.PublishedArticleAsync("Zweite Meldung", "bezirk");
        await _kitA.EditAsync("articles", id, "Zweite Fassung", ["bezirk"], new { teaser = "neu", body = "neu" });
        await _kitA.PublishAsync(id);

        var list = await ContentTestKit.EventuallyAsync(() => ReadAsync(clientB, Articles), r => r.Titles.Length == 2 && r.Titles.Contains("Zweite Fassung"),
            TimeSpan.FromSeconds(5));
        Assert.Equal(["Zweite Fassung", "Zweite Meldung"], list.Titles.Order().ToArray());
        var detail = await ContentTestKit.EventuallyAsync(() => ReadAsync(clientB, Articles + "/meldung"), r => r.Titles[0] == "Zweite Fassung",
            TimeSpan.FromSeconds(5));
        Assert.Equal("Zweite Fassung", detail.Titles[0]);

        // A withdrawal in A: B answers 404 for the detail and drops it from the list.
        await _kitA.UnpublishAsync(id);
        var gone = await ContentTestKit.EventuallyAsync(() => clientB.GetAsync(Articles + "/meldung"), r => r.StatusCode == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(["Zweite Meldung"], (await ContentTestKit.EventuallyAsync(() => ReadAsync(clientB, Articles), r => r.Titles.Length == 1)).Titles);
    }

    [Fact]
    public async Task The_publishing_host_itself_serves_fresh_answers_at_once()
    {
        var id = await _kitA.PublishedArticleAsync("Vorher", "bezirk", slug: "sofort");
        var clientA = _hostA.CreateClient();
        await _kitA.SettleAsync();
        await ReadAsync(clientA, Articles + "/sofort");
        Assert.Equal("HIT", (await ReadAsync(clientA, Articles + "/sofort")).Cache);

        await _kitA.EditAsync("articles", id, "Nachher", ["bezirk"], new { teaser = "neu", body = "neu" });
        await _kitA.PublishAsync(id);

        // No waiting: the staff endpoint evicted this host's entries before it answered.
        Assert.Equal(["Nachher"], (await ReadAsync(clientA, Articles + "/sofort")).Titles);
        Assert.Equal(["Nachher"], (await ReadAsync(clientA, Articles)).Titles);
    }
}
