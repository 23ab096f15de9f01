using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.BuildingBlocks.Modules;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling;

/// <summary>Beschäftigungsentwicklung. Staff API under /api/counselling; its data lives in schema counselling.</summary>
public sealed class CounsellingModule : PlatformModule
{
    public override string Name => "Counselling";

    public override string Schema => "counselling";

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        // Slices add their endpoints to this group (signed-in staff; each slice names its roles).
        _ = endpoints.MapStaffApi("counselling", "Beschäftigungsentwicklung");
    }
}
