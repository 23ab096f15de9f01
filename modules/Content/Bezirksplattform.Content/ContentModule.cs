using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.BuildingBlocks.Modules;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Content;

/// <summary>Inhalte. Staff API under /api/content; its data lives in schema content.</summary>
public sealed class ContentModule : PlatformModule
{
    public override string Name => "Content";

    public override string Schema => "content";

    protected override void AddModuleServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddContentFiles(configuration); // files: images and downloads (Files/ContentFilesSetup.cs)
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapContentFiles(); // files: staff routes under /api/content, public routes under /api/public/v1

        // Slices add their endpoints to this group (signed-in staff; each slice names its roles).
        _ = endpoints.MapStaffApi("content", "Inhalte");
    }
}
