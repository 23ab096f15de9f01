using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Content.Features.ListWebhookDeliveries;
using Bezirksplattform.Content.Webhooks;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.RedeliverWebhook;

/// <summary>
/// Sends a finished delivery (delivered or failed) again as a NEW delivery: a row of its own with
/// its own id (so its own webhook-id), a fresh retry budget and <c>redeliveryOf</c> pointing at
/// the original, whose log stays as it was. A new webhook-id because an editor asks for this on
/// purpose (the receiver lost or mishandled it): a receiver that drops webhook-ids it has seen
/// would otherwise ignore it. The body is byte for byte the original one.
/// </summary>
internal sealed record RedeliverWebhookCommand(string Site, Guid Id, Guid DeliveryId) : ICommand<WebhookDeliveryView>;

internal sealed class RedeliverWebhookHandler(IDbSession db, TimeProvider clock) : IRequestHandler<RedeliverWebhookCommand, WebhookDeliveryView>
{
    public async Task<WebhookDeliveryView> Handle(RedeliverWebhookCommand request, CancellationToken ct)
    {
        var siteId = await WebhookSubscriptions.SiteIdAsync(db, request.Site, ct);
        var original = await db.QuerySingleOrDefaultAsync<Original>(
            """
            select d.status, s.disabled_at
            from content.webhook_deliveries d
            join content.webhook_subscriptions s on s.id = d.subscription_id
            where d.id = @DeliveryId and s.id = @Id and s.site_id = @siteId
            for update of d
            """,
            new { request.DeliveryId, request.Id, siteId }, ct)
            ?? throw new NotFoundException($"Die Zustellung {request.DeliveryId} gibt es für dieses Webhook-Abonnement nicht.");
        if (original.Status == "pending")
            throw new ConflictException("Diese Zustellung steht noch aus und wird ohnehin erneut versucht.");
        if (original.DisabledAt is not null)
            throw new ConflictException("Das Webhook-Abonnement ist deaktiviert. Bitte zuerst wieder aktivieren.");
        // The original's row lock serialises double clicks: the second one sees the first's copy.
        var outstanding = await db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from content.webhook_deliveries where redelivery_of = @DeliveryId and status = 'pending')",
            new { request.DeliveryId }, ct);
        if (outstanding)
            throw new ConflictException("Eine erneute Zustellung dieses Ereignisses steht bereits aus.");

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        await db.ExecuteAsync(
            """
            insert into content.webhook_deliveries (id, subscription_id, event_id, event_type, payload, status, attempts, next_attempt_at, created_at, redelivery_of)
            select @id, subscription_id, event_id, event_type, payload, 'pending', 0, @now, @now, id
            from content.webhook_deliveries where id = @DeliveryId
            """,
            new { id, now, request.DeliveryId }, ct);
        var row = await db.QuerySingleAsync<WebhookDeliveries.Row>(WebhookDeliveries.SelectRow + "\nwhere d.id = @id", new { id }, ct);
        return (await WebhookDeliveries.WithAttemptsAsync(db, [row], ct)).Single();
    }

    private sealed record Original(string Status, DateTimeOffset? DisabledAt);
}

internal static class RedeliverWebhookEndpoint
{
    public static void MapRedeliverWebhook(this IEndpointRouteBuilder webhooks) =>
        webhooks.MapPost("/{id:guid}/deliveries/{deliveryId:guid}/redeliver", async (string site, Guid id, Guid deliveryId, IMediator mediator, CancellationToken ct) =>
            {
                var delivery = await mediator.Send(new RedeliverWebhookCommand(site, id, deliveryId), ct);
                return Results.Accepted($"/api/content/sites/{site}/webhooks/{id}/deliveries", delivery);
            })
            .RequireAuthorization(policy => policy.RequireRole(Roles.Editor, Roles.Admin))
            .WithName("RedeliverWebhook")
            .WithSummary("Eine abgeschlossene Zustellung erneut senden (als neue Zustellung mit eigener webhook-id)")
            .Produces<WebhookDeliveryView>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
