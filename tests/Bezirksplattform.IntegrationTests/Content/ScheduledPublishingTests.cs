using System.Net.Http.Json;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.Content.Jobs.RunScheduledTransitions;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MediatR;

namespace Bezirksplattform.IntegrationTests.Content;

/// <summary>publishAt and unpublishAt fire on time by the platform clock and raise the same events as the buttons.</summary>
public sealed class ScheduledPublishingTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private PlatformFactory _host = null!;
    private HttpClient _editor = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync();
        await ContentArrange.SitesAndRegionsAsync(_db);
        _host = new PlatformFactory(_db);
        _editor = await _host.ClientForRoleAsync(Roles.Editor);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<int> RunJobAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var job = new RunScheduledTransitionsJob(scope.ServiceProvider.GetRequiredService<IMediator>(), NullLogger<RunScheduledTransitionsJob>.Instance);
        return await job.RunAsync(CancellationToken.None);
    }

    private async Task<long> LiveRowsAsync(Guid id)
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from content.published where item_id = @id", new { id });
    }

    private async Task<List<string>> EventsAsync(Guid id)
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>(
            "select event_name from content.outbox_messages where payload->>'itemId' = @id order by occurred_at", new { id = id.ToString() })).ToList();
    }

    [Fact]
    public async Task Scheduled_publication_and_withdrawal_happen_when_their_time_has_come_not_before()
    {
        var item = await ContentArrange.CreateAsync(_editor, "articles", new { title = "Geplante Meldung", sites = new[] { "treptow-koepenick" } });
        var id = item.GetProperty("id").GetGuid();
        var now = _host.Clock.GetUtcNow();

        var scheduled = await ContentArrange.ActAsync(_editor, id, "publish", new { publishAt = now.AddHours(2) });
        Assert.Equal("draft", scheduled.GetProperty("status").GetString());
        await ContentArrange.ActAsync(_editor, id, "unpublish", new { unpublishAt = now.AddDays(7) });

        _host.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(59));
        Assert.Equal(0, await RunJobAsync());
        Assert.Equal(0, await LiveRowsAsync(id));

        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await RunJobAsync());
        Assert.Equal(1, await LiveRowsAsync(id));
        Assert.Equal(0, await RunJobAsync()); // nothing due twice

        _host.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(1, await RunJobAsync());
        Assert.Equal(0, await LiveRowsAsync(id));

        var editor = await _host.ClientForRoleAsync(Roles.Editor); // a week later: yesterday's token has expired
        var state = await editor.GetFromJsonAsync<JsonElement>($"/api/content/items/{id}");
        Assert.Equal("unpublished", state.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, state.GetProperty("publishAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, state.GetProperty("unpublishAt").ValueKind);
        Assert.Equal(["content.item-published.v1", "content.item-unpublished.v1"], await EventsAsync(id));
    }

    [Fact]
    public async Task The_scheduled_job_raises_exactly_the_events_a_manual_publish_raises()
    {
        var manual = (await ContentArrange.CreateAsync(_editor, "articles", new { title = "Von Hand", sites = new[] { "treptow-koepenick" } })).GetProperty("id").GetGuid();
        var planned = (await ContentArrange.CreateAsync(_editor, "articles", new { title = "Geplant", sites = new[] { "treptow-koepenick" } })).GetProperty("id").GetGuid();
        await ContentArrange.ActAsync(_editor, manual, "publish");
        await ContentArrange.ActAsync(_editor, planned, "publish", new { publishAt = _host.Clock.GetUtcNow().AddMinutes(5) });
        _host.Clock.Advance(TimeSpan.FromMinutes(5));
        await RunJobAsync();

        await using var connection = await _db.DataSource.OpenConnectionAsync();
        var payloads = (await connection.QueryAsync<(string Name, string Payload)>(
            "select event_name, payload::text from content.outbox_messages where payload->>'itemId' in (@a, @b)",
            new { a = manual.ToString(), b = planned.ToString() })).ToList();
        Assert.Equal(2, payloads.Count);
        Assert.All(payloads, p => Assert.Equal("content.item-published.v1", p.Name));
        static string[] Keys(string json) => JsonDocument.Parse(json).RootElement.EnumerateObject().Select(p => p.Name).Order().ToArray();
        Assert.Equal(Keys(payloads[0].Payload), Keys(payloads[1].Payload));
        Assert.All(payloads, p => Assert.True(JsonDocument.Parse(p.Payload).RootElement.GetProperty("isFirstPublication").GetBoolean()));
    }

    [Fact]
    public async Task Impossible_schedules_are_refused()
    {
        var id = (await ContentArrange.CreateAsync(_editor, "articles", new { title = "Zeitplan", sites = new[] { "treptow-koepenick" } })).GetProperty("id").GetGuid();
        var now = _host.Clock.GetUtcNow();
        await ContentArrange.ActAsync(_editor, id, "publish", new { publishAt = now.AddDays(2) });

        var before = await _editor.PostAsJsonAsync($"/api/content/items/{id}/unpublish", new { unpublishAt = now.AddDays(1) });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, before.StatusCode);
        Assert.Contains("unpublishAt", await before.Content.ReadAsStringAsync());

        var unpublishNow = await _editor.PostAsJsonAsync($"/api/content/items/{id}/unpublish", new { });
        Assert.Equal(System.Net.HttpStatusCode.Conflict, unpublishNow.StatusCode);
    }
}
