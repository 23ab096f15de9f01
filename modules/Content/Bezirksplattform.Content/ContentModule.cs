using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.BuildingBlocks.Jobs;
using Bezirksplattform.BuildingBlocks.Modules;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.Content.Data;
using Bezirksplattform.Content.Features.BenchCeiling;
using Bezirksplattform.Content.Features.ChangeItemStatus;
using Bezirksplattform.Content.Features.CreateWebhook;
using Bezirksplattform.Content.Features.DeleteWebhook;
using Bezirksplattform.Content.Features.CreatePreviewToken;
using Bezirksplattform.Content.Features.GetItem;
using Bezirksplattform.Content.Features.ItemVersions;
using Bezirksplattform.Content.Features.ListItems;
using Bezirksplattform.Content.Features.ListWebhookDeliveries;
using Bezirksplattform.Content.Features.ListWebhooks;
using Bezirksplattform.Content.Features.ManageSites;
using Bezirksplattform.Content.Features.RedeliverWebhook;
using Bezirksplattform.Content.Features.RotateWebhookSecret;
using Bezirksplattform.Content.Features.PublicGetFeed;
using Bezirksplattform.Content.Features.PublicGetItem;
using Bezirksplattform.Content.Features.PublicGetSitemap;
using Bezirksplattform.Content.Features.PublicListChanges;
using Bezirksplattform.Content.Features.PublicListItems;
using Bezirksplattform.Content.Features.PublicListRegions;
using Bezirksplattform.Content.Features.PublicListSites;
using Bezirksplattform.Content.Features.PublicListTags;
using Bezirksplattform.Content.Features.PublicPreviewItem;
using Bezirksplattform.Content.Features.PublicSearch;
using Bezirksplattform.Content.Features.SaveItem;
using Bezirksplattform.Content.Features.UpdateWebhook;
using Bezirksplattform.Content.Jobs.DeliverWebhooks;
using Bezirksplattform.Content.Jobs.RunScheduledTransitions;
using Bezirksplattform.Content.PublicApi;
using Bezirksplattform.Content.Publishing;
using Bezirksplattform.Content.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Content;

/// <summary>Content publishing (Inhalte). Staff API under /api/content (editor, admin); public API under /api/public/v1/sites.</summary>
public sealed class ContentModule : PlatformModule
{
    public override string Name => "Content";

    public override string Schema => "content";

    public override IEnumerable<RecurringJob> Jobs =>
    [
        RecurringJob.Every<RunScheduledTransitionsJob>("content.run-scheduled-transitions", TimeSpan.FromSeconds(30),
            "Veröffentlicht und zieht Inhalte zum geplanten Zeitpunkt zurück."),
        RecurringJob.Every<DeliverWebhooksJob>(DeliverWebhooksJob.Key, DeliverWebhooksJob.Interval, "Stellt fällige Webhooks an die Websites zu."),
    ];

    protected override void AddModuleServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<Publisher>();
        services.AddSingleton<IDemoDataSeeder, DemoContent>();
        services.AddContentWebhooks(configuration); // options Content:Webhooks, the sender and its named HttpClient
        services.AddContentFiles(configuration); // files: images and downloads (Files/ContentFilesSetup.cs)

        // Public API: output cache, change listener, rate limits, preview tokens.
        services.AddPublicContentApi(configuration);
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var staff = endpoints.MapStaffApi("content", "Inhalte").RequireAuthorization(p => p.RequireRole(Roles.Editor, Roles.Admin));
        staff.MapSaveItem();
        staff.MapGetItem();
        staff.MapListItems();
        staff.MapChangeItemStatus();
        staff.MapItemVersions();
        staff.MapManageSites();

        var webhooks = staff.MapGroup("/sites/{site}/webhooks");
        webhooks.MapCreateWebhook();
        webhooks.MapListWebhooks();
        webhooks.MapUpdateWebhook();
        webhooks.MapDeleteWebhook();
        webhooks.MapRotateWebhookSecret();
        webhooks.MapListWebhookDeliveries();
        webhooks.MapRedeliverWebhook();

        endpoints.MapContentFiles(); // files: staff routes under /api/content, public routes under /api/public/v1
        // Public API (/api/public/v1): preview tokens for staff, cache eviction on staff writes, the public slices.
        staff.MapCreatePreviewToken();
        staff.EvictPublicAnswersOnStaffWrites();
        var publicApi = endpoints.MapPublicApi("Öffentliche API");
        publicApi.MapPublicListSites();
        var site = publicApi.MapPublicSite();
        site.MapPublicListItems();
        site.MapPublicGetItem();
        site.MapPublicSearch();
        site.MapPublicListTags();
        site.MapPublicListRegions();
        site.MapPublicGetFeed();
        site.MapPublicGetSitemap();
        site.MapPublicListChanges();
        site.MapPublicPreviewItem();
        site.MapPublicContentFiles();

        if (endpoints.ServiceProvider.GetRequiredService<IConfiguration>().GetValue<bool>("Content:BenchCeilingEndpoint"))
            endpoints.MapBenchCeiling(); // bench/content-api only

    }
}
