using Bezirksplattform.BuildingBlocks.Hosting;
using Bezirksplattform.BuildingBlocks.Modules;
using Bezirksplattform.Reporting.Features.MeasureSourceFigures;
using Bezirksplattform.Reporting.Rendering;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

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

    public override IEnumerable<PlatformCommand> Commands =>
    [
        new("report-source-figures", SourceFiguresCommandLine.Usage, SourceFiguresCommandLine.RunAsync),
    ];

    protected override void AddModuleServices(IServiceCollection services, IConfiguration configuration)
    {
        // Download formats; runs pick one by its Extension.
        services.AddSingleton<IReportRenderer, CsvReportRenderer>();
        services.AddSingleton<IReportRenderer, JsonReportRenderer>();
        services.AddSingleton<IReportRenderer, HtmlReportRenderer>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
    }
}
