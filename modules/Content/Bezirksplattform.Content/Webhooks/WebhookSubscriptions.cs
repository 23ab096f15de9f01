using System.Globalization;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;

namespace Bezirksplattform.Content.Webhooks;

/// <summary>A subscription as editors see it: never with its secret.</summary>
internal sealed record WebhookView(
    Guid Id,
    string Site,
    string Url,
    string[] Events,
    string? Description,
    bool Enabled,
    DateTimeOffset? DisabledAt,
    string? DisabledReason,
    bool DisabledAutomatically,
    string? Notice, // what editors should know or do, in German; null when all is well
    int ConsecutiveFailures,
    DateTimeOffset? FailingSince,
    long PendingDeliveries,
    DateTimeOffset? PreviousSecretValidUntil,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Helpers the webhook slices share: site lookup and the subscription view.</summary>
internal static class WebhookSubscriptions
{
    public static async Task<Guid> SiteIdAsync(IDbSession db, string site, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<Guid?>("select id from content.sites where slug = @site", new { site }, ct)
        ?? throw new NotFoundException($"Die Website '{site}' gibt es nicht.");

    public static NotFoundException SubscriptionNotFound(Guid id) => new($"Das Webhook-Abonnement {id} gibt es für diese Website nicht.");

    /// <summary>Selects the view's columns; callers add the where clause (alias s for the subscription).</summary>
    public const string SelectView =
        """
        select s.id, si.slug as site, s.url, s.events, s.description, s.disabled_at, s.disabled_reason, s.disabled_by,
               s.consecutive_failures, s.failing_since, s.previous_secret_until, s.created_at, s.updated_at,
               (select count(*) from content.webhook_deliveries d where d.subscription_id = s.id and d.status = 'pending') as pending_deliveries
        from content.webhook_subscriptions s
        join content.sites si on si.id = s.site_id
        """;

    public static async Task<IReadOnlyList<WebhookView>> QueryViewsAsync(IDbSession db, TimeProvider clock, string where, object param, CancellationToken ct)
    {
        var rows = await db.QueryAsync<ViewRow>(SelectView + "\n" + where, param, ct);
        var now = clock.GetUtcNow();
        return rows.Select(r => ToView(r, now)).ToList();
    }

    private static WebhookView ToView(ViewRow r, DateTimeOffset now) => new(
        r.Id, r.Site, r.Url, r.Events, r.Description, r.DisabledAt is null, r.DisabledAt, r.DisabledReason,
        r.DisabledAt is not null && r.DisabledBy is null, Notice(r), r.ConsecutiveFailures, r.FailingSince, r.PendingDeliveries,
        r.PreviousSecretUntil > now ? r.PreviousSecretUntil : null, r.CreatedAt, r.UpdatedAt);

    private static string? Notice(ViewRow r)
    {
        if (r.DisabledAt is { } disabledAt)
            return r.DisabledBy is null
                ? $"Automatisch deaktiviert am {Local(disabledAt)}: {r.DisabledReason} Neue Ereignisse werden nicht zugestellt. "
                  + "Bitte den Empfänger prüfen und das Abonnement danach wieder aktivieren; ausstehende Zustellungen werden dann fortgesetzt."
                : $"Deaktiviert am {Local(disabledAt)}. Neue Ereignisse werden nicht zugestellt.";
        if (r.FailingSince is { } since)
            return $"Zustellungen schlagen seit {Local(since)} fehl. Hält das an, wird das Abonnement automatisch deaktiviert.";
        return null;
    }

    private static string Local(DateTimeOffset instant) =>
        instant.ToBerlin().ToString("dd.MM.yyyy 'um' HH:mm 'Uhr'", CultureInfo.GetCultureInfo("de-DE"));

    private sealed record ViewRow(
        Guid Id, string Site, string Url, string[] Events, string? Description, DateTimeOffset? DisabledAt, string? DisabledReason,
        Guid? DisabledBy, int ConsecutiveFailures, DateTimeOffset? FailingSince, DateTimeOffset? PreviousSecretUntil,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, long PendingDeliveries);
}
