using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.BuildingBlocks.Modules;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content;

/// <summary>Inhalte. Staff API under /api/content; its data lives in schema content.</summary>
public sealed class ContentModule : PlatformModule
{
    public override string Name => "Content";

    public override string Schema => "content";

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        // Slices add their endpoints to this group (signed-in staff; each slice names its roles).
        _ = endpoints.MapStaffApi("content", "Inhalte");
    }
}
