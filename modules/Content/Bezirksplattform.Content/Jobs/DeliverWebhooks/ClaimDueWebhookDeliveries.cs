using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.Webhooks;
using MediatR;
using Microsoft.Extensions.Options;

namespace Bezirksplattform.Content.Jobs.DeliverWebhooks;

/// <summary>
/// Claims due deliveries of enabled subscriptions by leasing them (next_attempt_at moves to the
/// end of the lease) and commits at once, so no transaction stays open while foreign servers
/// take up to the timeout to answer. FOR UPDATE SKIP LOCKED keeps two senders from claiming the
/// same row; a sender that dies mid-send leaves the lease to expire, and the delivery is sent
/// again (same webhook-id, so receivers can drop the repeat).
/// </summary>
internal sealed record ClaimDueWebhookDeliveriesCommand : ICommand<IReadOnlyList<DueWebhookDelivery>>;

internal sealed record DueWebhookDelivery(
    Guid Id, Guid SubscriptionId, string Payload, int Attempts, string Url, string Secret, string? PreviousSecret)
{
    /// <summary>The secrets to sign with: the current one and, during a rotation's grace period, the previous one.</summary>
    public IEnumerable<string> Secrets => PreviousSecret is null ? [Secret] : [Secret, PreviousSecret];
}

internal sealed class ClaimDueWebhookDeliveriesHandler(IDbSession db, TimeProvider clock, IOptions<ContentWebhookOptions> options)
    : IRequestHandler<ClaimDueWebhookDeliveriesCommand, IReadOnlyList<DueWebhookDelivery>>
{
    public Task<IReadOnlyList<DueWebhookDelivery>> Handle(ClaimDueWebhookDeliveriesCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return db.QueryAsync<DueWebhookDelivery>(
            """
            with due as (
                select d.id
                from content.webhook_deliveries d
                join content.webhook_subscriptions s on s.id = d.subscription_id
                where d.status = 'pending' and d.next_attempt_at <= @now and s.disabled_at is null
                order by d.next_attempt_at, d.id
                limit @batch
                for update of d skip locked
            )
            update content.webhook_deliveries d
            set next_attempt_at = @leaseUntil
            from due, content.webhook_subscriptions s
            where d.id = due.id and s.id = d.subscription_id
            returning d.id, d.subscription_id, d.payload, d.attempts, s.url, s.secret,
                      case when s.previous_secret_until > @now then s.previous_secret end as previous_secret
            """,
            new { now, batch = options.Value.BatchSize, leaseUntil = now + options.Value.Lease }, ct);
    }
}
