using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.Webhooks;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.ListWebhooks;

internal sealed record ListWebhooksQuery(string Site) : IQuery<IReadOnlyList<WebhookView>>;

internal sealed class ListWebhooksHandler(IDbSession db, TimeProvider clock) : IRequestHandler<ListWebhooksQuery, IReadOnlyList<WebhookView>>
{
    public async Task<IReadOnlyList<WebhookView>> Handle(ListWebhooksQuery request, CancellationToken ct)
    {
        var siteId = await WebhookSubscriptions.SiteIdAsync(db, request.Site, ct);
        return await WebhookSubscriptions.QueryViewsAsync(db, clock, "where s.site_id = @siteId order by s.created_at, s.id", new { siteId }, ct);
    }
}

internal static class ListWebhooksEndpoint
{
    public static void MapListWebhooks(this IEndpointRouteBuilder webhooks) =>
        webhooks.MapGet("/", async (string site, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListWebhooksQuery(site), ct)))
            .RequireAuthorization(policy => policy.RequireRole(Roles.Editor, Roles.Admin))
            .WithName("ListWebhooks")
            .WithSummary("Webhook-Abonnements einer Website, mit Hinweis bei Störungen (ohne Geheimnisse)")
            .Produces<IReadOnlyList<WebhookView>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
