using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.BuildingBlocks.Modules;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching;

/// <summary>Gründungscoaching. Staff API under /api/coaching; its data lives in schema coaching.</summary>
public sealed class CoachingModule : PlatformModule
{
    public override string Name => "Coaching";

    public override string Schema => "coaching";

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        // Slices add their endpoints to this group (signed-in staff; each slice names its roles).
        _ = endpoints.MapStaffApi("coaching", "Gründungscoaching");
    }
}
