using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.Webhooks;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.ListWebhookDeliveries;

internal sealed record ListWebhookDeliveriesQuery(string Site, Guid Id, int Page, int PageSize, string? Status) : IQuery<WebhookDeliveryPage>;

internal sealed record WebhookDeliveryPage(IReadOnlyList<WebhookDeliveryView> Items, int Page, int PageSize, long TotalCount);

internal sealed class ListWebhookDeliveriesValidator : AbstractValidator<ListWebhookDeliveriesQuery>
{
    public ListWebhookDeliveriesValidator()
    {
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1);
        RuleFor(x => x.PageSize).InclusiveBetween(1, 100);
        RuleFor(x => x.Status).Must(s => s is null or "pending" or "delivered" or "failed")
            .WithMessage("Erlaubt sind: pending, delivered, failed.");
    }
}

internal sealed class ListWebhookDeliveriesHandler(IDbSession db) : IRequestHandler<ListWebhookDeliveriesQuery, WebhookDeliveryPage>
{
    public async Task<WebhookDeliveryPage> Handle(ListWebhookDeliveriesQuery request, CancellationToken ct)
    {
        var siteId = await WebhookSubscriptions.SiteIdAsync(db, request.Site, ct);
        _ = await db.QuerySingleOrDefaultAsync<Guid?>(
                "select id from content.webhook_subscriptions where id = @Id and site_id = @siteId", new { request.Id, siteId }, ct)
            ?? throw WebhookSubscriptions.SubscriptionNotFound(request.Id);

        var args = new { request.Id, request.Status, Skip = (request.Page - 1) * request.PageSize, Take = request.PageSize };
        var total = await db.ExecuteScalarAsync<long>(
            "select count(*) from content.webhook_deliveries where subscription_id = @Id and (@Status::text is null or status = @Status)", args, ct);
        var rows = await db.QueryAsync<WebhookDeliveries.Row>(
            WebhookDeliveries.SelectRow + "\nwhere d.subscription_id = @Id and (@Status::text is null or d.status = @Status)\n"
                                        + "order by d.created_at desc, d.id desc offset @Skip limit @Take", args, ct);
        var views = await WebhookDeliveries.WithAttemptsAsync(db, rows, ct);
        return new WebhookDeliveryPage(views, request.Page, request.PageSize, total);
    }
}

internal static class ListWebhookDeliveriesEndpoint
{
    public static void MapListWebhookDeliveries(this IEndpointRouteBuilder webhooks) =>
        webhooks.MapGet("/{id:guid}/deliveries", async (string site, Guid id, int? page, int? pageSize, string? status, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListWebhookDeliveriesQuery(site, id, page ?? 1, pageSize ?? 20, status), ct)))
            .RequireAuthorization(policy => policy.RequireRole(Roles.Editor, Roles.Admin))
            .WithName("ListWebhookDeliveries")
            .WithSummary("Zustellprotokoll eines Webhook-Abonnements, neueste zuerst, mit allen Versuchen")
            .Produces<WebhookDeliveryPage>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}

/// <summary>A delivery with its attempts, as the log and the redelivery answer show it.</summary>
internal sealed record WebhookDeliveryView(
    Guid Id, string EventType, Guid EventId, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt,
    DateTimeOffset? FinishedAt, int? LastStatusCode, string? LastError, Guid? RedeliveryOf, JsonElement Payload,
    IReadOnlyList<WebhookAttemptView> AttemptLog);

internal sealed record WebhookAttemptView(int AttemptNo, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, int DurationMs);

internal static class WebhookDeliveries
{
    public const string SelectRow =
        """
        select d.id, d.event_type, d.event_id, d.status, d.attempts, d.created_at, d.next_attempt_at, d.finished_at,
               d.last_status_code, d.last_error, d.redelivery_of, d.payload
        from content.webhook_deliveries d
        """;

    public static async Task<IReadOnlyList<WebhookDeliveryView>> WithAttemptsAsync(IDbSession db, IReadOnlyList<Row> rows, CancellationToken ct)
    {
        var attempts = (await db.QueryAsync<AttemptRow>(
                "select delivery_id, attempt_no, attempted_at, status_code, error, duration_ms from content.webhook_attempts where delivery_id = any(@Ids) order by attempt_no",
                new { Ids = rows.Select(r => r.Id).ToArray() }, ct))
            .ToLookup(a => a.DeliveryId, a => new WebhookAttemptView(a.AttemptNo, a.AttemptedAt, a.StatusCode, a.Error, a.DurationMs));
        return rows.Select(r => new WebhookDeliveryView(
            r.Id, r.EventType, r.EventId, r.Status, r.Attempts, r.CreatedAt, r.Status == "pending" ? r.NextAttemptAt : null, r.FinishedAt,
            r.LastStatusCode, r.LastError, r.RedeliveryOf, Json(r.Payload), attempts[r.Id].ToList())).ToList();
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    internal sealed record Row(
        Guid Id, string EventType, Guid EventId, string Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt,
        DateTimeOffset? FinishedAt, int? LastStatusCode, string? LastError, Guid? RedeliveryOf, string Payload);

    private sealed record AttemptRow(Guid DeliveryId, int AttemptNo, DateTimeOffset AttemptedAt, int? StatusCode, string? Error, int DurationMs);
}
