using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.BuildingBlocks.Modules;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners;

/// <summary>Partnernetzwerk. Staff API under /api/partners; its data lives in schema partners.</summary>
public sealed class PartnersModule : PlatformModule
{
    public override string Name => "Partners";

    public override string Schema => "partners";

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        // Slices add their endpoints to this group (signed-in staff; each slice names its roles).
        _ = endpoints.MapStaffApi("partners", "Partnernetzwerk");
    }
}
