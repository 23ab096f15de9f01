using Bezirksplattform.BuildingBlocks.Modules;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Reporting;

/// <summary>
/// Berichtswesen: report definitions, scheduled and on-demand runs, frozen snapshots and their
/// downloads. Figures come only through the other modules' Contracts queries. Staff API under
/// /api/reports for the roles reporting and admin; data in schema reporting.
/// </summary>
public sealed class ReportingModule : PlatformModule
{
    public override string Name => "Reporting";

    public override string Schema => "reporting";

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}
