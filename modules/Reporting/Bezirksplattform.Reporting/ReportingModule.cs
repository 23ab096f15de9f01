using Bezirksplattform.BuildingBlocks.Modules;
using Bezirksplattform.Reporting.Definitions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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

    protected override void AddModuleServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddReportDefinitions();

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}
