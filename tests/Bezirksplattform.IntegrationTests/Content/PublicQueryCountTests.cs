using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Bezirksplattform.IntegrationTests.Infrastructure;

namespace Bezirksplattform.IntegrationTests.Content;

/// <summary>
/// include=images,downloads is resolved in a constant number of SQL round trips: one for the page,
/// one for all referenced files, whatever the page size. Commands are counted with an
/// ActivityListener on Npgsql's ActivitySource, only those on this class's own database.
/// </summary>
public sealed class PublicQueryCountTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private PlatformFactory _host = null!;
    private ContentTestKit _kit = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync();
        // The listener's keep-alive ping must not fall into a measurement.
        _host = new PlatformFactory(_db, settings: new Dictionary<string, string?> { ["Content:PublicApi:ListenerKeepAlive"] = "01:00:00" });
        _kit = new ContentTestKit(_host, _db);
        await _kit.SiteAsync("bezirk");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    private sealed class CommandCounter : IDisposable
    {
        private readonly ActivityListener _listener;
        private readonly ConcurrentQueue<string> _commands = new();

        public CommandCounter(string database)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (activity.GetTagItem("db.namespace") as string == database && activity.GetTagItem("db.query.text") is string sql)
                        _commands.Enqueue(sql);
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IReadOnlyList<string> Commands => [.. _commands];

        public void Clear() => _commands.Clear();

        /// <summary>Waits until no command ran for <paramref name="quiet"/>: the change listener has worked off the notifications.</summary>
        public async Task QuietAsync(TimeSpan quiet)
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                var before = _commands.Count;
                await Task.Delay(quiet);
                if (_commands.Count == before) return;
            }
        }

        public void Dispose() => _listener.Dispose();
    }

    [Fact]
    public async Task A_list_with_includes_costs_the_same_round_trips_for_5_and_for_50_items()
    {
        for (var i = 0; i < 50; i++)
        {
            var image = await _kit.FileAsync("image", $"Bild {i}");
            var download = await _kit.FileAsync("download", $"Datei {i}", "datei.pdf");
            await _kit.PublishedArticleAsync($"Meldung {i:00}", "bezirk", new
            {
                teaser = "t", body = "b", imageIds = new[] { image }, downloadIds = new[] { download },
            });
        }

        var client = _host.CreateClient();
        using var counter = new CommandCounter(_db.Name);
        await counter.QuietAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/public/v1/sites/bezirk/tags")).StatusCode); // warm: site settings loaded

        var counts = new Dictionary<int, int>();
        foreach (var pageSize in new[] { 5, 50 })
        {
            counter.Clear();
            var response = await client.GetAsync($"/api/public/v1/sites/bezirk/articles?include=images,downloads&pageSize={pageSize}");
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var items = json.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(pageSize, items.Count);
            Assert.All(items, item =>
            {
                Assert.Single(item.GetProperty("images").EnumerateArray());
                Assert.Equal("download", item.GetProperty("downloads")[0].GetProperty("kind").GetString());
            });
            counts[pageSize] = counter.Commands.Count;
        }

        Assert.True(counts[5] == 2, string.Join("\n---\n", counter.Commands));
        Assert.Equal(counts[5], counts[50]);

        // A cached answer costs none.
        counter.Clear();
        await client.GetAsync("/api/public/v1/sites/bezirk/articles?include=images,downloads&pageSize=50");
        Assert.Empty(counter.Commands);
    }
}
