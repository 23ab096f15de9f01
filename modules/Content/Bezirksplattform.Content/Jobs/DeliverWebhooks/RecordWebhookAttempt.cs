using System.Globalization;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.Webhooks;
using MediatR;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bezirksplattform.Content.Jobs.DeliverWebhooks;

/// <summary>
/// Writes the outcome of one attempt: the attempt log row, the delivery's new state (delivered,
/// pending with its next try, or failed after the last) and the subscription's health, which may
/// disable it. Returns false when the delivery was no longer this sender's to record (deleted,
/// or recorded by another sender after an expired lease).
/// </summary>
internal sealed record RecordWebhookAttemptCommand(
    Guid DeliveryId, int AttemptNo, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, int DurationMs, bool Succeeded)
    : ICommand<bool>;

internal sealed class RecordWebhookAttemptHandler(
    IDbSession db, TimeProvider clock, IOptions<ContentWebhookOptions> options, ILogger<RecordWebhookAttemptHandler> logger)
    : IRequestHandler<RecordWebhookAttemptCommand, bool>
{
    private readonly ContentWebhookOptions _options = options.Value;

    public async Task<bool> Handle(RecordWebhookAttemptCommand request, CancellationToken ct)
    {
        var subscriptionId = await db.QuerySingleOrDefaultAsync<Guid?>(
            "select subscription_id from content.webhook_deliveries where id = @DeliveryId and status = 'pending' and attempts = @Before for update",
            new { request.DeliveryId, Before = request.AttemptNo - 1 }, ct);
        if (subscriptionId is null) return false;

        var now = clock.GetUtcNow();
        await db.ExecuteAsync(
            """
            insert into content.webhook_attempts (delivery_id, attempt_no, attempted_at, status_code, error, duration_ms)
            values (@DeliveryId, @AttemptNo, @AttemptedAt, @StatusCode, @Error, @DurationMs)
            """, request, ct);

        var final = !request.Succeeded && request.AttemptNo >= _options.MaxAttempts;
        var status = request.Succeeded ? "delivered" : final ? "failed" : "pending";
        await db.ExecuteAsync(
            """
            update content.webhook_deliveries
            set status = @status, attempts = @AttemptNo, last_status_code = @StatusCode, last_error = @Error,
                next_attempt_at = case when @status = 'pending' then @next else next_attempt_at end,
                finished_at = case when @status = 'pending' then null else @now end
            where id = @DeliveryId
            """,
            new { status, request.AttemptNo, request.StatusCode, request.Error, next = now + _options.DelayAfter(request.AttemptNo), now, request.DeliveryId }, ct);

        if (request.Succeeded)
        {
            await db.ExecuteAsync(
                "update content.webhook_subscriptions set consecutive_failures = 0, failing_since = null where id = @subscriptionId and (consecutive_failures > 0 or failing_since is not null)",
                new { subscriptionId }, ct);
            return true;
        }

        if (final)
            logger.LogWarning("Webhook delivery {DeliveryId} of subscription {SubscriptionId} failed finally after {Attempts} attempts: {Error}",
                request.DeliveryId, subscriptionId, request.AttemptNo, request.Error);

        var health = await db.QuerySingleAsync<Health>(
            """
            update content.webhook_subscriptions s
            set consecutive_failures = consecutive_failures + @counts, failing_since = coalesce(failing_since, @AttemptedAt)
            from content.sites si
            where s.id = @subscriptionId and si.id = s.site_id
            returning s.consecutive_failures, s.failing_since, s.disabled_at, si.slug as site
            """,
            new { subscriptionId, counts = final ? 1 : 0, request.AttemptedAt }, ct);
        if (health.DisabledAt is not null) return true;

        var reason = health.ConsecutiveFailures >= _options.DisableAfterConsecutiveFailures
            ? $"{health.ConsecutiveFailures} Zustellungen sind nacheinander endgültig fehlgeschlagen."
            : now - health.FailingSince >= _options.DisableAfterFailingFor
                ? $"Zustellungen schlagen seit mehr als {Describe(_options.DisableAfterFailingFor)} fehl, ohne dass eine gelungen ist."
                : null;
        if (reason is null) return true;

        await db.ExecuteAsync(
            "update content.webhook_subscriptions set disabled_at = @now, disabled_reason = @reason, disabled_by = null where id = @subscriptionId",
            new { now, reason, subscriptionId }, ct);
        logger.LogWarning("Webhook subscription {SubscriptionId} of site {Site} was disabled automatically: {Reason} Last error: {Error}",
            subscriptionId, health.Site, reason, request.Error);
        return true;
    }

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays)
            ? string.Create(German, $"{span.TotalDays:0} Tagen")
            : string.Create(German, $"{span.TotalHours:0.#} Stunden");

    private sealed record Health(int ConsecutiveFailures, DateTimeOffset? FailingSince, DateTimeOffset? DisabledAt, string Site);
}
