using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Hosting;
using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.BuildingBlocks.Jobs;
using Bezirksplattform.BuildingBlocks.Modules;
using Bezirksplattform.Reporting.Definitions;
using Bezirksplattform.Reporting.Features.DownloadSnapshot;
using Bezirksplattform.Reporting.Features.GetRun;
using Bezirksplattform.Reporting.Features.ListDefinitions;
using Bezirksplattform.Reporting.Features.ListRuns;
using Bezirksplattform.Reporting.Features.MeasureReport;
using Bezirksplattform.Reporting.Features.RequestRun;
using Bezirksplattform.Reporting.Jobs.RunReports;
using Bezirksplattform.Reporting.Jobs.ScheduleReports;
using Bezirksplattform.Reporting.Rendering;
using Bezirksplattform.Reporting.Runs;
using Microsoft.AspNetCore.Builder;
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

    public override IEnumerable<RecurringJob> Jobs =>
    [
        RecurringJob.Every<RunReportsJob>(RunReportsJob.Key, RunReportsJob.Interval, "Erstellt eingereihte Berichte und versendet die Benachrichtigungen."),
        .. ReportCatalog.Production.Select(d => RecurringJob.AtCron<ScheduleReportJob>(ScheduleReportJob.KeyPrefix + d.Key, d.ScheduleCron,
            $"Reiht den planmäßigen Bericht „{d.Title}“ ein.")),
    ];

    public override IEnumerable<PlatformCommand> Commands =>
    [
        new("report-measure", MeasureReportCommandLine.Usage, MeasureReportCommandLine.RunAsync),
    ];

    protected override void AddModuleServices(IServiceCollection services, IConfiguration configuration)
    {
        foreach (var definition in ReportCatalog.Production)
            services.AddSingleton(definition);
        services.AddSingleton<ReportRunner>();
        services.AddSingleton<ReportRecipients>();
        services.AddSingleton<ReportMailer>();
        // Download formats; runs pick one by its Extension.
        services.AddSingleton<IReportRenderer, CsvReportRenderer>();
        services.AddSingleton<IReportRenderer, JsonReportRenderer>();
        services.AddSingleton<IReportRenderer, HtmlReportRenderer>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var reports = endpoints.MapStaffApi("reports", "Berichte");
        reports.RequireAuthorization(policy => policy.RequireRole(Roles.Reporting, Roles.Admin));
        reports.MapListDefinitions();
        reports.MapRequestRun();
        reports.MapListRuns();
        reports.MapGetRun();
        reports.MapDownloadSnapshot();
    }
}
