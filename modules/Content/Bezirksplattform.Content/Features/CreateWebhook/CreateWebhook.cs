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

namespace Bezirksplattform.Content.Features.CreateWebhook;

internal sealed record CreateWebhookBody(string? Url, string[]? Events, string? Description);

internal sealed record CreateWebhookCommand(string Site, string? Url, string[]? Events, string? Description, Guid UserId) : ICommand<CreatedWebhook>;

/// <summary>The only answer that ever carries the secret: it is not shown again (rotate to get a new one).</summary>
internal sealed record CreatedWebhook(
    Guid Id, string Site, string Url, string[] Events, string? Description, bool Enabled, DateTimeOffset CreatedAt,
    string Secret, string SecretNotice);

internal sealed class CreateWebhookValidator : AbstractValidator<CreateWebhookCommand>
{
    public CreateWebhookValidator(IOptions<ContentWebhookOptions> options)
    {
        RuleFor(x => x.Site).NotEmpty();
        RuleFor(x => x.Url).ValidWebhookUrl(options.Value);
        RuleFor(x => x.Events).ValidWebhookEvents();
        RuleForEach(x => x.Events).ValidWebhookEvent();
        RuleFor(x => x.Description).MaximumLength(500);
    }
}

internal sealed class CreateWebhookHandler(IDbSession db, TimeProvider clock) : IRequestHandler<CreateWebhookCommand, CreatedWebhook>
{
    public async Task<CreatedWebhook> Handle(CreateWebhookCommand request, CancellationToken ct)
    {
        var siteId = await WebhookSubscriptions.SiteIdAsync(db, request.Site, ct);
        var now = clock.GetUtcNow();
        var webhook = new CreatedWebhook(
            Guid.CreateVersion7(now), request.Site, request.Url!.Trim(), WebhookRules.Normalized(request.Events!),
            string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim(), true, now,
            WebhookSignature.NewSecret(),
            "Das Geheimnis wird nur jetzt angezeigt. Bitte beim Empfänger hinterlegen; er prüft damit die Signatur (Standard Webhooks).");
        await db.ExecuteAsync(
            """
            insert into content.webhook_subscriptions (id, site_id, url, events, description, secret, created_at, created_by, updated_at, updated_by)
            values (@Id, @SiteId, @Url, @Events, @Description, @Secret, @Now, @UserId, @Now, @UserId)
            """,
            new { webhook.Id, SiteId = siteId, webhook.Url, webhook.Events, webhook.Description, webhook.Secret, Now = now, request.UserId }, ct);
        return webhook;
    }
}

internal static class CreateWebhookEndpoint
{
    public static void MapCreateWebhook(this IEndpointRouteBuilder webhooks) =>
        webhooks.MapPost("/", async (string site, CreateWebhookBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var webhook = await mediator.Send(
                    new CreateWebhookCommand(site, body.Url, body.Events, body.Description, CurrentUser.Required(http).Id), ct);
                return Results.Created($"/api/content/sites/{site}/webhooks/{webhook.Id}", webhook);
            })
            .RequireAuthorization(policy => policy.RequireRole(Roles.Editor, Roles.Admin))
            .WithName("CreateWebhook")
            .WithSummary("Webhook für eine Website abonnieren (das Geheimnis wird nur hier angezeigt)")
            .Produces<CreatedWebhook>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
