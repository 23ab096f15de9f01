using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.Content.Files;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;

namespace Bezirksplattform.IntegrationTests.Content;

/// <summary>The demo content the run command loads: idempotent, published, with real files.</summary>
public sealed class DemoContentTests : IAsyncLifetime
{
    private readonly string _storage = Path.Combine(Path.GetTempPath(), "bp-demo-files-" + Guid.NewGuid().ToString("N")[..8]);
    private TestDatabase _db = null!;
    private PlatformFactory _host = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync();
        _host = new PlatformFactory(_db, settings: new Dictionary<string, string?> { ["Content:Storage:Root"] = _storage });
        var loader = _host.Get<DemoDataLoader>();
        await loader.LoadAsync();
        await loader.LoadAsync(); // a second start seeds nothing new
        // The Leipziger Osten project listing arrives from the partner network through the outbox.
        await _host.Get<OutboxDispatcher>().DispatchAllAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
        if (Directory.Exists(_storage)) Directory.Delete(_storage, recursive: true);
    }

    [Fact]
    public async Task Demo_sites_and_items_are_published_once_each()
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        var live = (await connection.QueryAsync<(string Site, string Type, string Slug)>(
            "select s.slug, p.type, p.slug from content.published p join content.sites s on s.id = p.site_id order by 1, 2, 3")).ToList();

        Assert.Equal(
        [
            ("leipziger-osten", "page", "arbeit-und-beschaeftigung"),
            ("leipziger-osten", "project", "lokale-beschaeftigungsentwicklung"), // from the partner network
            ("pankow", "article", "kooperationsvereinbarung-pankow"),
            ("treptow-koepenick", "article", "kooperationsvereinbarung-nachbarschaftsarbeit-unterzeichnet"),
            ("treptow-koepenick", "page", "bezirkskoordination"),
            ("treptow-koepenick", "page", "bezirkskoordination/aufgaben"),
            ("treptow-koepenick", "page", "buendnis-fuer-wirtschaft-und-arbeit"),
        ], live);
        Assert.Equal(6, await connection.ExecuteScalarAsync<long>("select count(*) from content.files"));
        Assert.Equal(7, await connection.ExecuteScalarAsync<long>("select count(*) from content.outbox_messages where event_name = 'content.item-published.v1'"));
        // Pankow's article carries the date its source gives.
        Assert.Equal(new DateTime(2018, 1, 21, 23, 0, 0), await connection.ExecuteScalarAsync<DateTime>(
            "select published_on from content.published where slug = 'kooperationsvereinbarung-pankow'"));
        // One demo account per role, plus three more counsellors for the counselling demo's two teams.
        Assert.Equal(9, await connection.ExecuteScalarAsync<long>("select count(*) from identity.staff_users"));
    }

    [Fact]
    public async Task Demo_files_pass_the_platforms_own_sniffer_and_are_served_publicly_with_captions_and_credits()
    {
        var client = _host.CreateClient();
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        var files = (await connection.QueryAsync<(Guid Id, string Kind, string FileName, string MediaType)>(
            "select id, kind, file_name, media_type from content.files")).ToList();
        foreach (var (id, kind, fileName, mediaType) in files)
        {
            var site = kind == "image" ? "pankow" : "leipziger-osten";
            var route = kind == "image" ? "images" : "downloads";
            var bytes = await client.GetByteArrayAsync($"/api/public/v1/sites/{site}/{route}/{id}/file");
            var verdict = FileSniffer.Check(kind == "image" ? FileKind.Image : FileKind.Download, new MemoryStream(bytes), fileName, mediaType);
            Assert.True(verdict.Accepted, $"{fileName}: {verdict.Problem}");
        }

        var photo = files.First(f => f.FileName == "pankow-unterzeichnung.png");
        var image = await client.GetFromJsonAsync<JsonElement>($"/api/public/v1/sites/pankow/images/{photo.Id}");
        Assert.Equal("Unterzeichnung der neuen Kooperationsvereinbarung", image.GetProperty("caption").GetString());
        Assert.Equal("Christian Peth", image.GetProperty("credit").GetProperty("author").GetString());
        // The same file is not published on another site.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/public/v1/sites/treptow-koepenick/images/{photo.Id}")).StatusCode);
    }
}
