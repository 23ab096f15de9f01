using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.Webhooks;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Bezirksplattform.Content.Features.RotateWebhookSecret;

internal sealed record RotateWebhookSecretCommand(string Site, Guid Id, Guid UserId) : ICommand<RotatedWebhookSecret>;

/// <summary>The new secret, shown once. Until <c>previousSecretValidUntil</c> deliveries carry both signatures.</summary>
internal sealed record RotatedWebhookSecret(Guid Id, string Secret, DateTimeOffset PreviousSecretValidUntil, string SecretNotice);

internal sealed class RotateWebhookSecretHandler(IDbSession db, TimeProvider clock, IOptions<ContentWebhookOptions> options)
    : IRequestHandler<RotateWebhookSecretCommand, RotatedWebhookSecret>
{
    public async Task<RotatedWebhookSecret> Handle(RotateWebhookSecretCommand request, CancellationToken ct)
    {
        var siteId = await WebhookSubscriptions.SiteIdAsync(db, request.Site, ct);
        var now = clock.GetUtcNow();
        var secret = WebhookSignature.NewSecret();
        var until = now + options.Value.PreviousSecretValidity;
        // The old secret keeps signing alongside the new one for a while (two "v1,…" entries in
        // webhook-signature), so deliveries verify on either side of the receiver's switch.
        // Rotating again within that time retires the older one at once.
        var rotated = await db.ExecuteAsync(
            """
            update content.webhook_subscriptions
            set previous_secret = secret, previous_secret_until = @until, secret = @secret, updated_at = @now, updated_by = @UserId
            where id = @Id and site_id = @siteId
            """,
            new { request.Id, siteId, secret, until, now, request.UserId }, ct);
        if (rotated == 0) throw WebhookSubscriptions.SubscriptionNotFound(request.Id);
        return new RotatedWebhookSecret(request.Id, secret, until,
            "Das neue Geheimnis wird nur jetzt angezeigt. Bis zum angegebenen Zeitpunkt tragen Zustellungen zusätzlich die Signatur mit dem bisherigen Geheimnis.");
    }
}

internal static class RotateWebhookSecretEndpoint
{
    public static void MapRotateWebhookSecret(this IEndpointRouteBuilder webhooks) =>
        webhooks.MapPost("/{id:guid}/rotate-secret", async (string site, Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new RotateWebhookSecretCommand(site, id, CurrentUser.Required(http).Id), ct)))
            .RequireAuthorization(policy => policy.RequireRole(Roles.Editor, Roles.Admin))
            .WithName("RotateWebhookSecret")
            .WithSummary("Neues Signatur-Geheimnis erzeugen (wird nur hier angezeigt)")
            .Produces<RotatedWebhookSecret>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
