using Bezirksplattform.Counselling.Contracts;
using Bezirksplattform.Partners.Contracts;
using Bezirksplattform.Reporting.Documents;

namespace Bezirksplattform.Reporting.Definitions;

/// <summary>
/// Monatsübersicht je Bezirksregion: counselling by region (client's region), projects running in the
/// region, referral partners serving it. Scheduled on the 3rd for the month before.
/// </summary>
internal sealed class MonthlyActivityOverview : IReportDefinition
{
    public string Key => "monthly-activity";

    public string Title => "Monatsübersicht nach Bezirksregion";

    public string ScheduleCron => "0 0 6 3 * ?";

    public ReportPeriod PeriodForScheduledRun(DateOnly firedOn) => ReportPeriods.PreviousMonth(firedOn);

    public ReportPeriod? ParsePeriod(string key) => ReportPeriods.ParseMonth(key);

    private static readonly string[] Measures = ["consultations", "clients", "new_clients"];

    public async Task<IReadOnlyList<ReportSection>> GatherAsync(ReportPeriod period, bool forPublication, ReportGathering gathering, CancellationToken ct)
    {
        var mediator = gathering.Mediator;
        var figures = await mediator.Send(new GetCounsellingFiguresQuery(period.From, period.To, forPublication), ct);
        var byRegion = Measures.ToDictionary(m => m, m => figures.Breakdowns
            .Where(b => b.Measure == m && b.Dimension == "district").SelectMany(b => b.Counts).ToDictionary(c => c.Key, StringComparer.Ordinal));
        await gathering.ReportProgress(35, "Beratungszahlen", ct);

        var projects = (await mediator.Send(new GetProjectFiguresQuery(period.From, period.To), ct)).ByRegion
            .ToDictionary(p => p.Key ?? Labels.UnknownRegion, p => p.Projects, StringComparer.Ordinal);
        await gathering.ReportProgress(60, "Projekte", ct);

        // Partners know who serves a region only today, not as of the month: the count is the current one.
        var regions = await mediator.Send(new ListDistrictRegionsQuery(), ct);
        // One call for all partners, counted per region they serve (the same set a per-region query returns).
        var partners = await mediator.Send(new ListReferralPartnersQuery(), ct);
        var referralPartners = regions.ToDictionary(r => r.Code, r => partners.Count(o => o.RegionCodes.Contains(r.Code)), StringComparer.Ordinal);
        await gathering.ReportProgress(90, "Verweispartner", ct);

        var label = Labels.Regions(regions);
        var codes = byRegion.Values.SelectMany(d => d.Keys).Concat(projects.Keys).Concat(referralPartners.Where(p => p.Value > 0).Select(p => p.Key))
            .Distinct(StringComparer.Ordinal)
            .OrderBy(c => c == Labels.UnknownRegion ? 1 : 0).ThenBy(c => c, StringComparer.Ordinal).ToList();
        ReportColumn[] columns =
        [
            .. Measures.Select(m => new ReportColumn(m, Labels.Of(m))),
            new("projects_running", "Laufende Projekte"), new("referral_partners", "Verweispartner (aktuell)"),
        ];
        var rows = codes.Select(code => new ReportRow(code, label(code),
        [
            .. Measures.Select(m => Labels.Value(byRegion[m].GetValueOrDefault(code))),
            ReportValue.Of(projects.GetValueOrDefault(code)), ReportValue.Of(referralPartners.GetValueOrDefault(code)),
        ])).ToList();

        return
        [
            new ReportSection("regions", "Aktivität nach Bezirksregion",
            [
                new ReportTable("activity_by_region", "Aktivität nach Bezirksregion", columns, rows,
                    new ReportChart("bars", "consultations", "Beratungen nach Bezirksregion")),
            ], "Beratung nach der Bezirksregion der Person; Projekte, die im Monat laufen (ein Projekt zählt in jeder seiner Regionen); "
               + "Verweispartner: aktive Organisationen, die Verweise annehmen und die Region bedienen, Stand der Erstellung."),
        ];
    }
}
