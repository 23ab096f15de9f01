using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Reporting.Definitions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Reporting.Features.ListDefinitions;

/// <summary>A report kind: its schedule (Quartz cron, Berlin time) and the latest complete period as an example to request.</summary>
internal sealed record ReportDefinitionView(string Key, string Title, string Schedule, string ScheduleTimeZone, ReportPeriodExample LatestCompletePeriod);

internal sealed record ReportPeriodExample(string Key, string Label, DateOnly From, DateOnly To);

internal static class ListDefinitionsEndpoint
{
    // No database involved: the definitions are code, so no mediator request is needed.
    public static void MapListDefinitions(this IEndpointRouteBuilder reports) =>
        reports.MapGet("/definitions", (IEnumerable<IReportDefinition> definitions, TimeProvider clock) =>
            {
                var today = clock.Today();
                return definitions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d =>
                {
                    var period = d.PeriodForScheduledRun(today);
                    return new ReportDefinitionView(d.Key, d.Title, d.ScheduleCron, "Europe/Berlin",
                        new ReportPeriodExample(period.Key, period.Label, period.From, period.To));
                }).ToList();
            })
            .WithName("ListReportDefinitions")
            .WithSummary("Berichtsarten mit Zeitplan und Beispielzeitraum")
            .Produces<List<ReportDefinitionView>>();
}
