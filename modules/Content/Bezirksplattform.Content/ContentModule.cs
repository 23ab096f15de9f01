using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.BuildingBlocks.Jobs;
using Bezirksplattform.BuildingBlocks.Modules;
using Bezirksplattform.Content.Features.CreateWebhook;
using Bezirksplattform.Content.Features.DeleteWebhook;
using Bezirksplattform.Content.Features.ListWebhookDeliveries;
using Bezirksplattform.Content.Features.ListWebhooks;
using Bezirksplattform.Content.Features.RedeliverWebhook;
using Bezirksplattform.Content.Features.RotateWebhookSecret;
using Bezirksplattform.Content.Features.UpdateWebhook;
using Bezirksplattform.Content.Jobs.DeliverWebhooks;
using Bezirksplattform.Content.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Content;

/// <summary>Inhalte. Staff API under /api/content; its data lives in schema content.</summary>
public sealed class ContentModule : PlatformModule
{
    public override string Name => "Content";

    public override string Schema => "content";

    public override IEnumerable<RecurringJob> Jobs =>
    [
        RecurringJob.Every<DeliverWebhooksJob>(DeliverWebhooksJob.Key, DeliverWebhooksJob.Interval, "Stellt fällige Webhooks an die Websites zu."),
    ];

    protected override void AddModuleServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddContentWebhooks(configuration); // options Content:Webhooks, the sender and its named HttpClient
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        // Slices add their endpoints to this group (signed-in staff; each slice names its roles).
        _ = endpoints.MapStaffApi("content", "Inhalte");

        // Webhooks per site: a group of their own under the same prefix (editors and admins).
        var webhooks = endpoints.MapStaffApi("content", "Inhalte").MapGroup("/sites/{site}/webhooks");
        webhooks.MapCreateWebhook();
        webhooks.MapListWebhooks();
        webhooks.MapUpdateWebhook();
        webhooks.MapDeleteWebhook();
        webhooks.MapRotateWebhookSecret();
        webhooks.MapListWebhookDeliveries();
        webhooks.MapRedeliverWebhook();
    }
}
