using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Content.Contracts;
using Bezirksplattform.Content.Webhooks;

namespace Bezirksplattform.Content.Features.QueueWebhookDeliveries;

// The module consumes its own integration events through the inbox instead of queueing
// deliveries inside the publishing command: the outbox hands the event over only after the
// publication committed, so a rolled-back publication never reaches a website, and the inbox
// row written in this transaction makes a redelivered event queue nothing twice.

internal sealed class QueueWebhooksOnItemPublished(InboxProcessor inbox, TimeProvider clock) : IntegrationEventHandler<ItemPublished>(inbox)
{
    protected override Task HandleAsync(ItemPublished @event, IDbSession session, CancellationToken ct) =>
        WebhookQueue.QueueAsync(session, clock, @event,
            @event.IsFirstPublication ? WebhookEventTypes.ItemPublished : WebhookEventTypes.ItemUpdated,
            @event.SiteSlugs,
            site => new WebhookPayloadData(@event.ItemId, @event.Type, @event.Slug, @event.Title, site, @event.VersionNo), ct);
}

internal sealed class QueueWebhooksOnItemUnpublished(InboxProcessor inbox, TimeProvider clock) : IntegrationEventHandler<ItemUnpublished>(inbox)
{
    protected override Task HandleAsync(ItemUnpublished @event, IDbSession session, CancellationToken ct) =>
        WebhookQueue.QueueAsync(session, clock, @event, WebhookEventTypes.ItemUnpublished, @event.SiteSlugs,
            site => new WebhookPayloadData(@event.ItemId, @event.Type, @event.Slug, @event.Title, site, null), ct);
}

/// <summary>The body every receiver gets (Standard Webhooks shape: type, timestamp, data).</summary>
internal sealed record WebhookPayload(string Type, DateTimeOffset Timestamp, WebhookPayloadData Data);

/// <summary><c>versionNo</c> is null for item.unpublished: no version went live.</summary>
internal sealed record WebhookPayloadData(Guid ItemId, string ItemType, string Slug, string Title, string Site, int? VersionNo);

internal static class WebhookQueue
{
    public static async Task QueueAsync(
        IDbSession session, TimeProvider clock, BuildingBlocks.Contracts.IntegrationEvent @event, string eventType,
        IEnumerable<string> siteSlugs, Func<string, WebhookPayloadData> data, CancellationToken ct)
    {
        var subscriptions = await session.QueryAsync<Subscriber>(
            """
            select s.id as subscription_id, si.slug as site
            from content.webhook_subscriptions s
            join content.sites si on si.id = s.site_id
            where si.slug = any(@Sites) and s.disabled_at is null and @EventType = any(s.events)
            order by s.created_at, s.id
            """,
            new { Sites = siteSlugs.Distinct().ToArray(), EventType = eventType }, ct);
        if (subscriptions.Count == 0) return;

        var now = clock.GetUtcNow();
        // OccurredAt is stamped by the outbox; an event published without it happened now.
        var timestamp = @event.OccurredAt == default ? now : @event.OccurredAt;
        var rows = subscriptions.Select(s => new
        {
            Id = Guid.CreateVersion7(now),
            s.SubscriptionId,
            @event.EventId,
            EventType = eventType,
            Payload = JsonSerializer.Serialize(new WebhookPayload(eventType, timestamp, data(s.Site)), PlatformJson.Options),
            Now = now,
        });
        // The unique index is a second guard besides the inbox: one delivery per event and subscription.
        await session.ExecuteAsync(
            """
            insert into content.webhook_deliveries (id, subscription_id, event_id, event_type, payload, status, attempts, next_attempt_at, created_at)
            values (@Id, @SubscriptionId, @EventId, @EventType, @Payload, 'pending', 0, @Now, @Now)
            on conflict (subscription_id, event_id) where redelivery_of is null do nothing
            """, rows, ct);
    }

    private sealed record Subscriber(Guid SubscriptionId, string Site);
}
