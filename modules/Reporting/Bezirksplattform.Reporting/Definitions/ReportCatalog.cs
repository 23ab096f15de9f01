namespace Bezirksplattform.Reporting.Definitions;

/// <summary>
/// The production report definitions. Each one is registered as an <see cref="IReportDefinition"/>
/// singleton and gets its schedule job (<c>reporting.schedule.&lt;key&gt;</c>). They live in one list
/// because Quartz needs the cron expressions while the services are still being registered.
/// </summary>
internal static class ReportCatalog
{
    public static IReadOnlyList<IReportDefinition> Production { get; } =
        [new QuarterlyFunderReport(), new AnnualAllianceReport(), new MonthlyActivityOverview()];
}
