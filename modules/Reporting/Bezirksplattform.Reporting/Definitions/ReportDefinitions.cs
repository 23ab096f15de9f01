using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Reporting.Definitions;

internal static class ReportDefinitions
{
    /// <summary>The three reports; runs resolve them as <c>IEnumerable&lt;IReportDefinition&gt;</c> and pick one by key.</summary>
    public static IServiceCollection AddReportDefinitions(this IServiceCollection services) =>
        services.AddSingleton<IReportDefinition, QuarterlyFunderReport>()
            .AddSingleton<IReportDefinition, AnnualAllianceReport>()
            .AddSingleton<IReportDefinition, MonthlyActivityOverview>();
}
