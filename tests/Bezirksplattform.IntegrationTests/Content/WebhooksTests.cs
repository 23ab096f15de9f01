using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.BuildingBlocks.Modules;
using Bezirksplattform.Content.Contracts;
using Bezirksplattform.Content.Jobs.DeliverWebhooks;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bezirksplattform.IntegrationTests.Content;

/// <summary>
/// Webhooks per site: subscriptions through the staff API, deliveries queued by the Content
/// module's inbox handlers for its own events, sent by <see cref="WebhookSender"/> to a real
/// receiver on loopback, signed as Standard Webhooks define it, retried, and disabled when a
/// receiver keeps failing. xUnit makes a new instance per test: each test has its own database.
/// </summary>
public sealed class WebhooksTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private PlatformFactory _host = null!;
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync();
        _host = NewHost();
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    /// <summary>The loopback receiver is a private address, so the test host allows those unless a test says otherwise.</summary>
    private PlatformFactory NewHost(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["Content:Webhooks:AllowPrivateAddresses"] = "true" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return new PlatformFactory(_db, settings: all);
    }

    // ------------------------------------------------------------------ subscriptions

    [Fact]
    public async Task Subscribing_answers_201_with_the_secret_once_and_the_list_never_shows_it()
    {
        await CreateSiteAsync("bezirk-mitte");
        var editor = await _host.ClientForRoleAsync(Roles.Editor);

        var response = await editor.PostAsJsonAsync("/api/content/sites/bezirk-mitte/webhooks",
            new { url = _receiver.Url, events = new[] { "item.unpublished", "item.published" }, description = "Website Mitte" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<CreatedBody>())!;
        Assert.Equal($"/api/content/sites/bezirk-mitte/webhooks/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.StartsWith("whsec_", created.Secret);
        Assert.Equal(32, Convert.FromBase64String(created.Secret["whsec_".Length..]).Length);
        Assert.Equal(["item.published", "item.unpublished"], created.Events);
        Assert.True(created.Enabled);

        var raw = await editor.GetStringAsync("/api/content/sites/bezirk-mitte/webhooks");
        Assert.DoesNotContain(created.Secret, raw);
        Assert.DoesNotContain("whsec_", raw);
        var listed = Assert.Single(JsonSerializer.Deserialize<List<WebhookBody>>(raw, Json)!);
        Assert.Equal(created.Id, listed.Id);
        Assert.Equal(_receiver.Url, listed.Url);
        Assert.Equal("Website Mitte", listed.Description);
        Assert.True(listed.Enabled);
        Assert.Null(listed.Notice);

        // Admins may too; other staff may not.
        var admin = await _host.ClientForRoleAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/content/sites/bezirk-mitte/webhooks")).StatusCode);
        var counsellor = await _host.ClientForRoleAsync(Roles.Counsellor);
        Assert.Equal(HttpStatusCode.Forbidden, (await counsellor.GetAsync("/api/content/sites/bezirk-mitte/webhooks")).StatusCode);
    }

    [Fact]
    public async Task Invalid_subscriptions_are_refused_naming_the_field_and_an_unknown_site_is_404()
    {
        await CreateSiteAsync("bezirk-mitte");
        var editor = await _host.ClientForRoleAsync(Roles.Editor);

        await AssertFieldProblemAsync(editor, new { url = "/relative/hook", events = new[] { "item.published" } }, "url");
        await AssertFieldProblemAsync(editor, new { url = "ftp://example.org/hook", events = new[] { "item.published" } }, "url");
        await AssertFieldProblemAsync(editor, new { url = "https://user:pw@example.org/hook", events = new[] { "item.published" } }, "url");
        await AssertFieldProblemAsync(editor, new { url = "https://example.org/hook", events = Array.Empty<string>() }, "events");
        await AssertFieldProblemAsync(editor, new { url = "https://example.org/hook", events = new[] { "item.deleted" } }, "events[0]");
        await AssertFieldProblemAsync(editor, new { url = "https://example.org/hook" }, "events");

        var unknownSite = await editor.PostAsJsonAsync("/api/content/sites/gibt-es-nicht/webhooks",
            new { url = "https://example.org/hook", events = new[] { "item.published" } });
        Assert.Equal(HttpStatusCode.NotFound, unknownSite.StatusCode);
        Assert.Contains("gibt-es-nicht", await unknownSite.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync("/api/content/sites/gibt-es-nicht/webhooks")).StatusCode);
    }

    [Fact]
    public async Task Private_and_loopback_addresses_are_refused_when_not_allowed_both_when_saved_and_when_sending()
    {
        await CreateSiteAsync("bezirk-mitte");
        // Subscribed while private addresses were allowed, e.g. before the setting was tightened.
        var subscription = await SubscribeAsync("bezirk-mitte", "item.published");

        await using var strict = NewHost(new Dictionary<string, string?> { ["Content:Webhooks:AllowPrivateAddresses"] = "false" });
        var editor = await strict.ClientForRoleAsync(Roles.Editor);
        foreach (var url in new[] { _receiver.Url, "http://localhost:8080/hook", "http://10.1.2.3/hook", "http://[::1]/hook", "http://169.254.169.254/latest", "http://192.168.0.10/" })
            await AssertFieldProblemAsync(editor, new { url, events = new[] { "item.published" } }, "url");
        var allowed = await editor.PostAsJsonAsync("/api/content/sites/bezirk-mitte/webhooks",
            new { url = "https://hooks.example.org/inhalte", events = new[] { "item.published" } });
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        // Keep the public example address out of the sending step below.
        Assert.Equal(HttpStatusCode.OK, (await editor.PatchAsJsonAsync(
            $"/api/content/sites/bezirk-mitte/webhooks/{(await allowed.Content.ReadFromJsonAsync<CreatedBody>())!.Id}", new { enabled = false })).StatusCode);

        // The sender checks the address it connects to, whatever the stored URL says.
        await PublishAsync(strict, Published("bezirk-mitte", first: true));
        await strict.Get<WebhookSender>().DeliverDueAsync(CancellationToken.None);

        Assert.Empty(_receiver.Requests);
        var delivery = Assert.Single((await DeliveriesAsync(editor, "bezirk-mitte", subscription.Id)).Items);
        Assert.Equal("pending", delivery.Status);
        var attempt = Assert.Single(delivery.AttemptLog);
        Assert.Null(attempt.StatusCode);
        Assert.Contains("nicht erlaubt", attempt.Error);
    }

    // ------------------------------------------------------------------ delivery

    [Fact]
    public async Task A_published_item_reaches_the_receiver_once_signed_as_standard_webhooks_define()
    {
        await CreateSiteAsync("bezirk-mitte");
        var subscription = await SubscribeAsync("bezirk-mitte", "item.published");
        var published = Published("bezirk-mitte", first: true);

        await PublishAsync(_host, published);
        await _host.Get<WebhookSender>().DeliverDueAsync(CancellationToken.None);
        await _host.Get<WebhookSender>().DeliverDueAsync(CancellationToken.None);

        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("application/json", request.ContentType);
        Assert.Equal("Bezirksplattform-Webhooks/1", request.UserAgent);
        Assert.Equal(_host.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), request.Timestamp);
        AssertSignedWith(subscription.Secret, request);

        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal("item.published", root.GetProperty("type").GetString());
        Assert.Equal("2026-11-23T08:00:00Z", root.GetProperty("timestamp").GetString());
        var data = root.GetProperty("data");
        Assert.Equal(published.ItemId, data.GetProperty("itemId").GetGuid());
        Assert.Equal("article", data.GetProperty("itemType").GetString());
        Assert.Equal("neues-foerderprogramm", data.GetProperty("slug").GetString());
        Assert.Equal("Neues Förderprogramm", data.GetProperty("title").GetString());
        Assert.Equal("bezirk-mitte", data.GetProperty("site").GetString());
        Assert.Equal(3, data.GetProperty("versionNo").GetInt32());

        var editor = await _host.ClientForRoleAsync(Roles.Editor);
        var delivery = Assert.Single((await DeliveriesAsync(editor, "bezirk-mitte", subscription.Id)).Items);
        Assert.Equal(request.WebhookId, delivery.Id.ToString());
        Assert.Equal("delivered", delivery.Status);
        Assert.Equal(204, Assert.Single(delivery.AttemptLog).StatusCode);
        Assert.DoesNotContain(_host.Logs.Lines, l => l.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Events_map_to_webhook_types_and_reach_only_the_sites_subscriptions_that_want_them()
    {
        await CreateSiteAsync("bezirk-mitte");
        await CreateSiteAsync("kiez-nord");
        var onlyPublished = await SubscribeAsync("bezirk-mitte", "item.published");
        var updatesAndWithdrawals = await SubscribeAsync("bezirk-mitte", "item.updated", "item.unpublished");
        var otherSite = await SubscribeAsync("kiez-nord", "item.published", "item.updated", "item.unpublished");
        var disabled = await SubscribeAsync("bezirk-mitte", "item.published", "item.updated", "item.unpublished");
        var editor = await _host.ClientForRoleAsync(Roles.Editor);
        await editor.PatchAsJsonAsync($"/api/content/sites/bezirk-mitte/webhooks/{disabled.Id}", new { enabled = false });

        await PublishAsync(_host, Published("bezirk-mitte", first: true));
        await PublishAsync(_host, Published("bezirk-mitte", first: false));
        await PublishAsync(_host, new ItemUnpublished(Guid.NewGuid(), "page", "ueber-uns", "Über uns", ["bezirk-mitte"]));

        Assert.Equal(["item.published"], await EventTypesAsync(onlyPublished.Id));
        Assert.Equal(["item.unpublished", "item.updated"], await EventTypesAsync(updatesAndWithdrawals.Id));
        Assert.Empty(await EventTypesAsync(otherSite.Id));
        Assert.Empty(await EventTypesAsync(disabled.Id));

        await _host.Get<WebhookSender>().DeliverDueAsync(CancellationToken.None);
        var types = _receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()).Order().ToList();
        Assert.Equal(["item.published", "item.unpublished", "item.updated"], types);
        var unpublished = _receiver.Requests.Single(r => r.Body.Contains("item.unpublished", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, JsonDocument.Parse(unpublished.Body).RootElement.GetProperty("data").GetProperty("versionNo").ValueKind);
    }

    [Fact]
    public async Task The_same_event_delivered_twice_by_the_outbox_queues_one_delivery()
    {
        await CreateSiteAsync("bezirk-mitte");
        var subscription = await SubscribeAsync("bezirk-mitte", "item.published");
        var published = Published("bezirk-mitte", first: true);

        await PublishAsync(_host, published);
        await PublishAsync(_host, published); // the outbox redelivers after a crash: same event id

        Assert.Equal(["item.published"], await EventTypesAsync(subscription.Id));
        await _host.Get<WebhookSender>().DeliverDueAsync(CancellationToken.None);
        Assert.Single(_receiver.Requests);
    }

    [Fact]
    public async Task Only_a_committed_publication_reaches_the_webhook_handler_through_the_real_outbox()
    {
        await CreateSiteAsync("bezirk-mitte");
        var subscription = await SubscribeAsync("bezirk-mitte", "item.updated");
        var committed = Published("bezirk-mitte", first: false);
        var rolledBack = Published("bezirk-mitte", first: false);

        // What a publishing command does: enqueue the event inside its Content transaction.
        await EnqueueInContentTransactionAsync(committed, commit: true);
        await EnqueueInContentTransactionAsync(rolledBack, commit: false);
        await _host.Get<OutboxDispatcher>().DispatchAllAsync(CancellationToken.None);
        await _host.Get<OutboxDispatcher>().DispatchAllAsync(CancellationToken.None);
        await _host.Get<WebhookSender>().DeliverDueAsync(CancellationToken.None);

        Assert.Equal(["item.updated"], await EventTypesAsync(subscription.Id));
        var request = Assert.Single(_receiver.Requests);
        AssertSignedWith(subscription.Secret, request);
        Assert.Equal(committed.ItemId, JsonDocument.Parse(request.Body).RootElement.GetProperty("data").GetProperty("itemId").GetGuid());
        // The payload's timestamp is when the event happened, stamped by the outbox.
        Assert.Equal("2026-11-23T08:00:00Z", JsonDocument.Parse(request.Body).RootElement.GetProperty("timestamp").GetString());
    }

    [Fact]
    public async Task A_failing_receiver_gets_retries_after_the_backoff_with_the_same_webhook_id_until_it_accepts()
    {
        await CreateSiteAsync("bezirk-mitte");
        var subscription = await SubscribeAsync("bezirk-mitte", "item.published");
        var editor = await _host.ClientForRoleAsync(Roles.Editor);
        var sender = _host.Get<WebhookSender>();
        _receiver.FailNext(2);
        await PublishAsync(_host, Published("bezirk-mitte", first: true));

        await sender.DeliverDueAsync(CancellationToken.None);
        var afterFirst = Assert.Single((await DeliveriesAsync(editor, "bezirk-mitte", subscription.Id)).Items);
        Assert.Equal("pending", afterFirst.Status);
        Assert.Equal(1, afterFirst.Attempts);
        Assert.Equal(500, afterFirst.LastStatusCode);
        Assert.Equal(_host.Clock.GetUtcNow().AddSeconds(30), afterFirst.NextAttemptAt);

        // Not due before the backoff has passed.
        await sender.DeliverDueAsync(CancellationToken.None);
        Assert.Single(_receiver.Requests);

        _host.Clock.Advance(TimeSpan.FromSeconds(31));
        await sender.DeliverDueAsync(CancellationToken.None);
        var afterSecond = Assert.Single((await DeliveriesAsync(editor, "bezirk-mitte", subscription.Id)).Items);
        Assert.Equal("pending", afterSecond.Status);
        Assert.Equal(2, afterSecond.AttemptLog.Count);
        Assert.Equal(_host.Clock.GetUtcNow().AddMinutes(2), afterSecond.NextAttemptAt);

        var listed = Assert.Single(await ListAsync(editor, "bezirk-mitte"));
        Assert.NotNull(listed.FailingSince);
        Assert.Contains("schlagen seit", listed.Notice);

        _host.Clock.Advance(TimeSpan.FromMinutes(2));
        await sender.DeliverDueAsync(CancellationToken.None);

        var delivered = Assert.Single((await DeliveriesAsync(editor, "bezirk-mitte", subscription.Id)).Items);
        Assert.Equal("delivered", delivered.Status);
        Assert.Equal([1, 2, 3], delivered.AttemptLog.Select(a => a.AttemptNo));
        Assert.Equal([500, 500, 204], delivered.AttemptLog.Select(a => a.StatusCode));
        Assert.All(delivered.AttemptLog.Take(2), a => Assert.Equal("Antwort HTTP 500.", a.Error));
        Assert.All(delivered.AttemptLog, a => Assert.True(a.DurationMs >= 0));

        Assert.Equal(3, _receiver.Requests.Count);
        Assert.Single(_receiver.Requests.Select(r => r.WebhookId).Distinct());
        Assert.Equal(delivered.Id.ToString(), _receiver.Requests[0].WebhookId);
        Assert.Single(_receiver.Requests.Select(r => r.Body).Distinct());
        Assert.All(_receiver.Requests, r => AssertSignedWith(subscription.Secret, r));

        var healthy = Assert.Single(await ListAsync(editor, "bezirk-mitte"));
        Assert.Null(healthy.FailingSince);
        Assert.Null(healthy.Notice);
        Assert.DoesNotContain(_host.Logs.Lines, l => l.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task Redirects_are_not_followed()
    {
        await CreateSiteAsync("bezirk-mitte");
        var subscription = await SubscribeAsync("bezirk-mitte", "item.published");
        _receiver.Redirect = true;
        await PublishAsync(_host, Published("bezirk-mitte", first: true));

        await _host.Get<WebhookSender>().DeliverDueAsync(CancellationToken.None);

        Assert.Equal(["/hooks"], _receiver.Requests.Select(r => r.Path));
        var editor = await _host.ClientForRoleAsync(Roles.Editor);
        var delivery = Assert.Single((await DeliveriesAsync(editor, "bezirk-mitte", subscription.Id)).Items);
        Assert.Equal("pending", delivery.Status);
        Assert.Equal(307, delivery.LastStatusCode);
        Assert.Contains("Weiterleitungen", delivery.LastError);
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_within_the_timeout_counts_as_a_failed_attempt()
    {
        await using var host = NewHost(new Dictionary<string, string?> { ["Content:Webhooks:Timeout"] = "00:00:00.5" });
        await CreateSiteAsync("bezirk-mitte");
        var editor = await host.ClientForRoleAsync(Roles.Editor);
        var subscription = await SubscribeAsync("bezirk-mitte", editor, "item.published");
        _receiver.Delay = TimeSpan.FromSeconds(5);
        await PublishAsync(host, Published("bezirk-mitte", first: true));

        await host.Get<WebhookSender>().DeliverDueAsync(CancellationToken.None);

        var delivery = Assert.Single((await DeliveriesAsync(editor, "bezirk-mitte", subscription.Id)).Items);
        Assert.Equal("pending", delivery.Status);
        var attempt = Assert.Single(delivery.AttemptLog);
        Assert.Null(attempt.StatusCode);
        Assert.Equal("Keine Antwort innerhalb von 0,5 s.", attempt.Error);
        Assert.InRange(attempt.DurationMs, 400, 4000);
    }

    [Fact]
    public async Task A_delivery_that_fails_every_attempt_ends_failed_and_repeated_failures_disable_the_subscription_until_re_enabled()
    {
        await using var host = NewHost(new Dictionary<string, string?>
        {
            ["Content:Webhooks:DisableAfterConsecutiveFailures"] = "2",
            ["Content:Webhooks:RetryDelays:0"] = "00:01:00",
            ["Content:Webhooks:RetryDelays:1"] = "00:01:00",
        });
        await CreateSiteAsync("bezirk-mitte");
        var editor = await host.ClientForRoleAsync(Roles.Editor);
        var subscription = await SubscribeAsync("bezirk-mitte", editor, "item.published", "item.updated");
        _receiver.FailAlways();

        await PublishAsync(host, Published("bezirk-mitte", first: true));
        await PublishAsync(host, Published("bezirk-mitte", first: false));
        for (var round = 0; round < 3; round++)
        {
            await host.Get<WebhookSender>().DeliverDueAsync(CancellationToken.None);
            host.Clock.Advance(TimeSpan.FromMinutes(2));
        }

        var deliveries = (await DeliveriesAsync(editor, "bezirk-mitte", subscription.Id)).Items;
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d =>
        {
            Assert.Equal("failed", d.Status);
            Assert.Equal(3, d.AttemptLog.Count);
            Assert.Null(d.NextAttemptAt);
        });
        Assert.Equal(6, _receiver.Requests.Count);

        var listed = Assert.Single(await ListAsync(editor, "bezirk-mitte"));
        Assert.False(listed.Enabled);
        Assert.True(listed.DisabledAutomatically);
        Assert.Equal(2, listed.ConsecutiveFailures);
        Assert.Contains("2 Zustellungen sind nacheinander endgültig fehlgeschlagen", listed.DisabledReason);
        Assert.Contains("Automatisch deaktiviert", listed.Notice);
        Assert.Contains(host.Logs.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("was disabled automatically", StringComparison.Ordinal));

        // While disabled, new events are not queued for it.
        await PublishAsync(host, Published("bezirk-mitte", first: false));
        Assert.Equal(2, (await DeliveriesAsync(editor, "bezirk-mitte", subscription.Id)).TotalCount);

        var enabled = await editor.PatchAsJsonAsync($"/api/content/sites/bezirk-mitte/webhooks/{subscription.Id}", new { enabled = true });
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        var view = (await enabled.Content.ReadFromJsonAsync<WebhookBody>())!;
        Assert.True(view.Enabled);
        Assert.Equal(0, view.ConsecutiveFailures);
        Assert.Null(view.DisabledReason);
        Assert.Null(view.Notice);

        // Counting starts again from zero: one more failed delivery does not disable it.
        await PublishAsync(host, Published("bezirk-mitte", first: false));
        for (var round = 0; round < 3; round++)
        {
            await host.Get<WebhookSender>().DeliverDueAsync(CancellationToken.None);
            host.Clock.Advance(TimeSpan.FromMinutes(2));
        }

        var after = Assert.Single(await ListAsync(editor, "bezirk-mitte"));
        Assert.True(after.Enabled);
        Assert.Equal(1, after.ConsecutiveFailures);
    }

    [Fact]
    public async Task A_subscription_failing_for_three_days_without_a_success_is_disabled_and_its_pending_delivery_waits()
    {
        await using var host = NewHost(new Dictionary<string, string?>
        {
            ["Content:Webhooks:RetryDelays:0"] = "1.00:00:00",
            ["Content:Webhooks:RetryDelays:1"] = "1.00:00:00",
            ["Content:Webhooks:RetryDelays:2"] = "1.00:00:00",
            ["Content:Webhooks:RetryDelays:3"] = "1.00:00:00",
        });
        await CreateSiteAsync("bezirk-mitte");
        // Staff tokens live 8 hours on the platform clock: a fresh log-in after each jump in time.
        var subscription = await SubscribeAsync("bezirk-mitte", await host.ClientForRoleAsync(Roles.Editor), "item.published");
        _receiver.FailAlways();
        await PublishAsync(host, Published("bezirk-mitte", first: true));

        for (var day = 0; day < 3; day++)
        {
            await host.Get<WebhookSender>().DeliverDueAsync(CancellationToken.None);
            Assert.True(Assert.Single(await ListAsync(await host.ClientForRoleAsync(Roles.Editor), "bezirk-mitte")).Enabled);
            host.Clock.Advance(TimeSpan.FromDays(1));
        }

        await host.Get<WebhookSender>().DeliverDueAsync(CancellationToken.None);

        var listed = Assert.Single(await ListAsync(await host.ClientForRoleAsync(Roles.Editor), "bezirk-mitte"));
        Assert.False(listed.Enabled);
        Assert.Equal(0, listed.ConsecutiveFailures);
        Assert.Contains("seit mehr als 3 Tagen", listed.DisabledReason);
        Assert.Equal(1, listed.PendingDeliveries);

        // Disabled: the pending delivery is held back, not attempted.
        host.Clock.Advance(TimeSpan.FromDays(2));
        await host.Get<WebhookSender>().DeliverDueAsync(CancellationToken.None);
        Assert.Equal(4, _receiver.Requests.Count);

        // Re-enabled after the receiver was fixed: the held-back delivery goes out at once.
        _receiver.FailNext(0);
        await (await host.ClientForRoleAsync(Roles.Editor)).PatchAsJsonAsync($"/api/content/sites/bezirk-mitte/webhooks/{subscription.Id}", new { enabled = true });
        await host.Get<WebhookSender>().DeliverDueAsync(CancellationToken.None);
        Assert.Equal(5, _receiver.Requests.Count);
        Assert.Equal("delivered", Assert.Single((await DeliveriesAsync(await host.ClientForRoleAsync(Roles.Editor), "bezirk-mitte", subscription.Id)).Items).Status);
    }

    // ------------------------------------------------------------------ editors' tools

    [Fact]
    public async Task An_editor_redelivers_a_finished_delivery_as_a_new_delivery_with_the_same_body()
    {
        await CreateSiteAsync("bezirk-mitte");
        var subscription = await SubscribeAsync("bezirk-mitte", "item.published");
        var editor = await _host.ClientForRoleAsync(Roles.Editor);
        await PublishAsync(_host, Published("bezirk-mitte", first: true));
        await _host.Get<WebhookSender>().DeliverDueAsync(CancellationToken.None);
        var original = Assert.Single((await DeliveriesAsync(editor, "bezirk-mitte", subscription.Id)).Items);
        var redeliver = $"/api/content/sites/bezirk-mitte/webhooks/{subscription.Id}/deliveries/{original.Id}/redeliver";
        _host.Clock.Advance(TimeSpan.FromMinutes(5));

        var response = await editor.PostAsync(redeliver, null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var copy = (await response.Content.ReadFromJsonAsync<DeliveryBody>())!;
        Assert.NotEqual(original.Id, copy.Id);
        Assert.Equal(original.Id, copy.RedeliveryOf);
        Assert.Equal("pending", copy.Status);
        Assert.Empty(copy.AttemptLog);
        // A second click while the copy is still pending changes nothing.
        Assert.Equal(HttpStatusCode.Conflict, (await editor.PostAsync(redeliver, null)).StatusCode);
        var pendingCopy = $"/api/content/sites/bezirk-mitte/webhooks/{subscription.Id}/deliveries/{copy.Id}/redeliver";
        Assert.Equal(HttpStatusCode.Conflict, (await editor.PostAsync(pendingCopy, null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.PostAsync(
            $"/api/content/sites/bezirk-mitte/webhooks/{subscription.Id}/deliveries/{Guid.NewGuid()}/redeliver", null)).StatusCode);

        await _host.Get<WebhookSender>().DeliverDueAsync(CancellationToken.None);

        Assert.Equal(2, _receiver.Requests.Count);
        Assert.Equal(_receiver.Requests[0].Body, _receiver.Requests[1].Body);
        Assert.Equal(copy.Id.ToString(), _receiver.Requests[1].WebhookId);
        AssertSignedWith(subscription.Secret, _receiver.Requests[1]);
        var page = await DeliveriesAsync(editor, "bezirk-mitte", subscription.Id);
        Assert.Equal(2, page.TotalCount);
        Assert.All(page.Items, d => Assert.Equal("delivered", d.Status));
        Assert.Equal(copy.Id, page.Items[0].Id); // newest first

        var first = await editor.GetFromJsonAsync<DeliveryPage>($"/api/content/sites/bezirk-mitte/webhooks/{subscription.Id}/deliveries?page=2&pageSize=1");
        Assert.Equal(original.Id, Assert.Single(first!.Items).Id);
        Assert.Equal(2, first.TotalCount);
        var badPage = await editor.GetAsync($"/api/content/sites/bezirk-mitte/webhooks/{subscription.Id}/deliveries?pageSize=0");
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.Contains("pageSize", await badPage.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_rotated_secret_signs_alongside_the_previous_one_during_the_grace_period()
    {
        await CreateSiteAsync("bezirk-mitte");
        var subscription = await SubscribeAsync("bezirk-mitte", "item.published");
        var editor = await _host.ClientForRoleAsync(Roles.Editor);

        var response = await editor.PostAsync($"/api/content/sites/bezirk-mitte/webhooks/{subscription.Id}/rotate-secret", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rotated = (await response.Content.ReadFromJsonAsync<RotatedBody>())!;
        Assert.StartsWith("whsec_", rotated.Secret);
        Assert.NotEqual(subscription.Secret, rotated.Secret);
        Assert.Equal(_host.Clock.GetUtcNow().AddHours(24), rotated.PreviousSecretValidUntil);

        await PublishAsync(_host, Published("bezirk-mitte", first: true));
        await _host.Get<WebhookSender>().DeliverDueAsync(CancellationToken.None);
        AssertSignedWith(rotated.Secret, _receiver.Requests[0]);
        AssertSignedWith(subscription.Secret, _receiver.Requests[0]);
        Assert.Equal(2, _receiver.Requests[0].Signature.Split(' ').Length);

        _host.Clock.Advance(TimeSpan.FromHours(25));
        await PublishAsync(_host, Published("bezirk-mitte", first: true));
        await _host.Get<WebhookSender>().DeliverDueAsync(CancellationToken.None);
        AssertSignedWith(rotated.Secret, _receiver.Requests[1]);
        Assert.Single(_receiver.Requests[1].Signature.Split(' '));

        editor = await _host.ClientForRoleAsync(Roles.Editor); // the first token expired with the clock's jump
        Assert.Equal(HttpStatusCode.NotFound, (await editor.PostAsync($"/api/content/sites/bezirk-mitte/webhooks/{Guid.NewGuid()}/rotate-secret", null)).StatusCode);
    }

    [Fact]
    public async Task Editors_change_events_disable_by_hand_and_delete_a_subscription()
    {
        await CreateSiteAsync("bezirk-mitte");
        await CreateSiteAsync("kiez-nord");
        var subscription = await SubscribeAsync("bezirk-mitte", "item.published");
        var editor = await _host.ClientForRoleAsync(Roles.Editor);
        var address = $"/api/content/sites/bezirk-mitte/webhooks/{subscription.Id}";

        var changed = await editor.PatchAsJsonAsync(address, new { events = new[] { "item.updated" }, description = "Neu" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var view = (await changed.Content.ReadFromJsonAsync<WebhookBody>())!;
        Assert.Equal(["item.updated"], view.Events);
        Assert.Equal("Neu", view.Description);
        Assert.Equal(HttpStatusCode.BadRequest, (await editor.PatchAsJsonAsync(address, new { url = "nicht-absolut" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await editor.PatchAsJsonAsync(address, new { events = Array.Empty<string>() })).StatusCode);
        // Another site's address does not reach it.
        Assert.Equal(HttpStatusCode.NotFound, (await editor.PatchAsJsonAsync($"/api/content/sites/kiez-nord/webhooks/{subscription.Id}", new { enabled = false })).StatusCode);

        var disabled = (await (await editor.PatchAsJsonAsync(address, new { enabled = false })).Content.ReadFromJsonAsync<WebhookBody>())!;
        Assert.False(disabled.Enabled);
        Assert.False(disabled.DisabledAutomatically);
        Assert.Equal("Von Hand deaktiviert.", disabled.DisabledReason);
        Assert.StartsWith("Deaktiviert am 23.11.2026 um 09:00 Uhr", disabled.Notice);

        await PublishAsync(_host, Published("bezirk-mitte", first: false));
        Assert.Empty(await EventTypesAsync(subscription.Id));

        Assert.Equal(HttpStatusCode.NoContent, (await editor.DeleteAsync(address)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.DeleteAsync(address)).StatusCode);
        Assert.Empty(await ListAsync(editor, "bezirk-mitte"));
    }

    // ------------------------------------------------------------------ helpers

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static ItemPublished Published(string site, bool first) =>
        new(Guid.NewGuid(), "article", "neues-foerderprogramm", "Neues Förderprogramm", [site], 3, first);

    /// <summary>Delivers the event to the Content module's handlers exactly as the outbox dispatcher does.</summary>
    private static async Task PublishAsync(PlatformFactory host, IntegrationEvent @event)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Publish(@event);
    }

    /// <summary>
    /// Writes the event through the platform's outbox inside a transaction of the Content module,
    /// the way a publishing command's handler would (the session a command's unit of work opens).
    /// </summary>
    private async Task EnqueueInContentTransactionAsync(IntegrationEvent @event, bool commit)
    {
        var content = _host.Get<ModuleCatalog>().All.Single(m => m.Schema == "content");
        await using var scope = _host.Services.CreateAsyncScope();
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        CurrentDbSession.Value = new DbSession(content, connection, transaction);
        try
        {
            await scope.ServiceProvider.GetRequiredService<IIntegrationEventOutbox>().EnqueueAsync(@event);
            if (commit) await transaction.CommitAsync();
            else await transaction.RollbackAsync();
        }
        finally
        {
            CurrentDbSession.Value = null;
        }
    }

    private async Task CreateSiteAsync(string slug)
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "insert into content.sites (id, slug, name, created_at) values (@id, @slug, @slug, now())", new { id = Guid.NewGuid(), slug });
    }

    private async Task<CreatedBody> SubscribeAsync(string site, params string[] events) =>
        await SubscribeAsync(site, await _host.ClientForRoleAsync(Roles.Editor), events);

    private async Task<CreatedBody> SubscribeAsync(string site, HttpClient editor, params string[] events)
    {
        var response = await editor.PostAsJsonAsync($"/api/content/sites/{site}/webhooks", new { url = _receiver.Url, events });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedBody>())!;
    }

    private static async Task<List<WebhookBody>> ListAsync(HttpClient editor, string site) =>
        (await editor.GetFromJsonAsync<List<WebhookBody>>($"/api/content/sites/{site}/webhooks"))!;

    private static async Task<DeliveryPage> DeliveriesAsync(HttpClient editor, string site, Guid subscription) =>
        (await editor.GetFromJsonAsync<DeliveryPage>($"/api/content/sites/{site}/webhooks/{subscription}/deliveries"))!;

    private async Task<List<string>> EventTypesAsync(Guid subscription)
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>(
            "select event_type from content.webhook_deliveries where subscription_id = @subscription order by event_type", new { subscription })).AsList();
    }

    private static async Task AssertFieldProblemAsync(HttpClient editor, object body, string field)
    {
        var response = await editor.PostAsJsonAsync("/api/content/sites/bezirk-mitte/webhooks", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _),
            $"expected an error for '{field}' in {problem.RootElement.GetRawText()}");
    }

    /// <summary>Verifies as a receiver would, independently of the platform's code: HMAC-SHA256 over "id.timestamp.body".</summary>
    private static void AssertSignedWith(string secret, ReceivedWebhook request)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{request.WebhookId}.{request.Timestamp}.{request.Body}")));
        Assert.Contains(expected, request.Signature.Split(' '));
    }

    private sealed record CreatedBody(Guid Id, string Site, string Url, string[] Events, string? Description, bool Enabled, DateTimeOffset CreatedAt, string Secret);

    private sealed record RotatedBody(Guid Id, string Secret, DateTimeOffset PreviousSecretValidUntil);

    private sealed record WebhookBody(
        Guid Id, string Url, string[] Events, string? Description, bool Enabled, DateTimeOffset? DisabledAt, string? DisabledReason,
        bool DisabledAutomatically, string? Notice, int ConsecutiveFailures, DateTimeOffset? FailingSince, long PendingDeliveries);

    private sealed record DeliveryPage(List<DeliveryBody> Items, int Page, int PageSize, long TotalCount);

    private sealed record DeliveryBody(
        Guid Id, string EventType, string Status, int Attempts, DateTimeOffset? NextAttemptAt, int? LastStatusCode, string? LastError,
        Guid? RedeliveryOf, List<AttemptBody> AttemptLog);

    private sealed record AttemptBody(int AttemptNo, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, int DurationMs);
}
