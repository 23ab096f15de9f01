using System.Globalization;
using Bezirksplattform.Partners.Contracts;
using Bezirksplattform.Reporting.Documents;

namespace Bezirksplattform.Reporting.Definitions;

/// <summary>
/// Jahresbericht des Bündnisses: projects per field of action, funding per programme and funding
/// period, agreements in force at year end and expiring in the 90 days after it, committee seats at
/// year end. All from Partners.Contracts; scheduled on 15 January for the year before.
/// </summary>
internal sealed class AnnualAllianceReport : IReportDefinition
{
    public string Key => "annual-alliance";

    public string Title => "Jahresbericht des Bündnisses";

    public string ScheduleCron => "0 0 6 15 1 ?";

    public ReportPeriod PeriodForScheduledRun(DateOnly firedOn) => ReportPeriods.PreviousYear(firedOn);

    public ReportPeriod? ParsePeriod(string key) => ReportPeriods.ParseYear(key);

    public async Task<IReadOnlyList<ReportSection>> GatherAsync(ReportPeriod period, bool forPublication, ReportGathering gathering, CancellationToken ct)
    {
        var mediator = gathering.Mediator;
        var projects = await mediator.Send(new GetProjectFiguresQuery(period.From, period.To), ct);
        await gathering.ReportProgress(25, "Projekte", ct);
        var funding = await mediator.Send(new GetFundingFiguresQuery(period.From, period.To), ct);
        await gathering.ReportProgress(50, "Förderung", ct);
        var agreements = await mediator.Send(new GetAgreementFiguresQuery(period.To), ct);
        await gathering.ReportProgress(70, "Vereinbarungen", ct);
        var committees = await mediator.Send(new GetCommitteeFiguresQuery(period.To), ct);
        await gathering.ReportProgress(90, "Gremien", ct);

        var yearEnd = period.To.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
        var expiring = agreements.Agreements.Where(a => a.Expiring)
            .Select(a => $"{a.Title} (bis {a.LastDay!.Value.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture)})").ToList();
        return
        [
            new ReportSection("projects", "Projekte nach Handlungsfeld",
            [
                new ReportTable("projects_by_field_of_action", "Laufende Projekte nach Handlungsfeld", [new("projects", "Projekte")],
                    [.. projects.ByFieldOfAction.Select(f => new ReportRow(f.Key ?? "none", f.Label, [ReportValue.Of(f.Projects)])),
                     new ReportRow("total", "Gesamt", [ReportValue.Of(projects.ProjectsRunning)])],
                    new ReportChart("bars", "projects", "Projekte nach Handlungsfeld")),
            ], "Projekte, die im Jahr liefen (nicht abgesagt, Beginn bis Jahresende, kein Ende vor Jahresbeginn)."),
            new ReportSection("funding", "Förderung",
                [FundingTables.ByProgramme(funding.ByProgramme, period), FundingTables.ByProgrammeAndPeriod(funding.ByProgrammeAndPeriod)],
                "Ein Projekt mit mehreren Förderlinien zählt in jedem Programm; Budgets in Cent."),
            new ReportSection("agreements", "Kooperationsvereinbarungen",
            [
                new ReportTable("agreements", $"Vereinbarungen am {yearEnd}", [new("agreements", "Vereinbarungen")],
                [
                    new ReportRow("in_force", "In Kraft", [ReportValue.Of(agreements.InForce)]),
                    new ReportRow("expiring_90_days", "Davon laufen in den 90 Tagen danach aus", [ReportValue.Of(agreements.ExpiringWithin90Days)]),
                ], Note: expiring.Count == 0 ? null : $"Auslaufend: {string.Join("; ", expiring)}."),
            ]),
            new ReportSection("committees", "Gremien",
            [
                new ReportTable("committee_memberships", $"Besetzung der Gremien am {yearEnd}",
                    [new("members", "Mitglieder"), new("chair", "Vorsitz"), new("deputy", "Stellvertretung"), new("member", "Mitglied"), new("guest", "Gast")],
                    [.. committees.Select(c => new ReportRow(c.Id.ToString(), c.Name,
                        [ReportValue.Of(c.Members), ReportValue.Of(c.Chairs), ReportValue.Of(c.Deputies), ReportValue.Of(c.RegularMembers), ReportValue.Of(c.Guests)]))]),
            ], "Sitze in öffentlichen Gremien sind Funktionen, keine Angaben über Einzelne; sie werden nicht unterdrückt."),
        ];
    }
}
