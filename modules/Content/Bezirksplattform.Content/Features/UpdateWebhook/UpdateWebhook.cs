using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.Webhooks;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Bezirksplattform.Content.Features.UpdateWebhook;

/// <summary>Every field is optional: what is absent (or null) stays; an empty description removes it.</summary>
internal sealed record UpdateWebhookBody(bool? Enabled, string? Url, string[]? Events, string? Description);

internal sealed record UpdateWebhookCommand(string Site, Guid Id, bool? Enabled, string? Url, string[]? Events, string? Description, Guid UserId)
    : ICommand<WebhookView>;

internal sealed class UpdateWebhookValidator : AbstractValidator<UpdateWebhookCommand>
{
    public UpdateWebhookValidator(IOptions<ContentWebhookOptions> options)
    {
        When(x => x.Url is not null, () => RuleFor(x => x.Url).ValidWebhookUrl(options.Value));
        When(x => x.Events is not null, () =>
        {
            RuleFor(x => x.Events).ValidWebhookEvents();
            RuleForEach(x => x.Events).ValidWebhookEvent();
        });
        RuleFor(x => x.Description).MaximumLength(500);
    }
}

internal sealed class UpdateWebhookHandler(IDbSession db, TimeProvider clock) : IRequestHandler<UpdateWebhookCommand, WebhookView>
{
    public async Task<WebhookView> Handle(UpdateWebhookCommand request, CancellationToken ct)
    {
        var siteId = await WebhookSubscriptions.SiteIdAsync(db, request.Site, ct);
        var current = await db.QuerySingleOrDefaultAsync<Current>(
            "select disabled_at from content.webhook_subscriptions where id = @Id and site_id = @siteId for update",
            new { request.Id, siteId }, ct) ?? throw WebhookSubscriptions.SubscriptionNotFound(request.Id);

        var now = clock.GetUtcNow();
        var wasDisabled = current.DisabledAt is not null;
        var disable = request.Enabled == false && !wasDisabled;
        var enable = request.Enabled == true && wasDisabled;
        await db.ExecuteAsync(
            """
            update content.webhook_subscriptions
            set url = coalesce(@Url, url),
                events = coalesce(@Events, events),
                description = case when @ChangeDescription then @Description else description end,
                disabled_at = case when @Disable then @Now when @Enable then null else disabled_at end,
                disabled_reason = case when @Disable then 'Von Hand deaktiviert.' when @Enable then null else disabled_reason end,
                disabled_by = case when @Disable then @UserId when @Enable then null else disabled_by end,
                -- Re-enabling starts with a clean record: the cause is presumed fixed.
                consecutive_failures = case when @Enable then 0 else consecutive_failures end,
                failing_since = case when @Enable then null else failing_since end,
                updated_at = @Now,
                updated_by = @UserId
            where id = @Id
            """,
            new
            {
                request.Id,
                Url = request.Url?.Trim(),
                Events = request.Events is null ? null : WebhookRules.Normalized(request.Events),
                ChangeDescription = request.Description is not null,
                Description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(),
                Disable = disable,
                Enable = enable,
                Now = now,
                request.UserId,
            }, ct);

        // Deliveries held back while it was disabled go out at the next run instead of waiting out their backoff.
        if (enable)
            await db.ExecuteAsync(
                "update content.webhook_deliveries set next_attempt_at = @now where subscription_id = @Id and status = 'pending' and next_attempt_at > @now",
                new { request.Id, now }, ct);

        return (await WebhookSubscriptions.QueryViewsAsync(db, clock, "where s.id = @Id", new { request.Id }, ct)).Single();
    }

    private sealed record Current(DateTimeOffset? DisabledAt);
}

internal static class UpdateWebhookEndpoint
{
    public static void MapUpdateWebhook(this IEndpointRouteBuilder webhooks) =>
        webhooks.MapPatch("/{id:guid}", async (string site, Guid id, UpdateWebhookBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(
                    new UpdateWebhookCommand(site, id, body.Enabled, body.Url, body.Events, body.Description, CurrentUser.Required(http).Id), ct)))
            .RequireAuthorization(policy => policy.RequireRole(Roles.Editor, Roles.Admin))
            .WithName("UpdateWebhook")
            .WithSummary("Webhook-Abonnement ändern, deaktivieren oder wieder aktivieren (setzt den Fehlerzähler zurück)")
            .Produces<WebhookView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
