using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.Webhooks;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.DeleteWebhook;

/// <summary>Deletes the subscription with its deliveries and their log; nothing more is sent to it.</summary>
internal sealed record DeleteWebhookCommand(string Site, Guid Id) : ICommand<bool>;

internal sealed class DeleteWebhookHandler(IDbSession db) : IRequestHandler<DeleteWebhookCommand, bool>
{
    public async Task<bool> Handle(DeleteWebhookCommand request, CancellationToken ct)
    {
        var siteId = await WebhookSubscriptions.SiteIdAsync(db, request.Site, ct);
        var deleted = await db.ExecuteAsync(
            "delete from content.webhook_subscriptions where id = @Id and site_id = @siteId", new { request.Id, siteId }, ct);
        return deleted == 1 ? true : throw WebhookSubscriptions.SubscriptionNotFound(request.Id);
    }
}

internal static class DeleteWebhookEndpoint
{
    public static void MapDeleteWebhook(this IEndpointRouteBuilder webhooks) =>
        webhooks.MapDelete("/{id:guid}", async (string site, Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new DeleteWebhookCommand(site, id), ct);
                return Results.NoContent();
            })
            .RequireAuthorization(policy => policy.RequireRole(Roles.Editor, Roles.Admin))
            .WithName("DeleteWebhook")
            .WithSummary("Webhook-Abonnement löschen, mit seinem Zustellprotokoll")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
