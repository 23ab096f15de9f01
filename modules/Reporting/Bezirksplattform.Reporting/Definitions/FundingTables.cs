using Bezirksplattform.Partners.Contracts;
using Bezirksplattform.Reporting.Documents;

namespace Bezirksplattform.Reporting.Definitions;

/// <summary>Funding tables both the quarterly and the annual report print (never suppressed: money and projects, not people).</summary>
internal static class FundingTables
{
    /// <summary>Projects running and budgets per programme.</summary>
    public static ReportTable ByProgramme(IReadOnlyList<FundingFigure> programmes, ReportPeriod period) =>
        new("funding_by_programme", "Förderung nach Programm", FundingColumns,
            [.. programmes.Select(p => new ReportRow(p.ProgrammeCode, p.ProgrammeName,
                [ReportValue.Of(p.ProjectsRunning), ReportValue.Of(p.ApprovedCents), ReportValue.Of(p.SpentCents)]))],
            new ReportChart("bars", "approved_cents", "Bewilligte Mittel nach Programm"),
            period.From.Year == period.To.Year ? $"Budgets des Jahres {period.From.Year}." : $"Budgets der Jahre {period.From.Year}–{period.To.Year}.");

    public static readonly ReportColumn[] FundingColumns =
        [new("projects_running", "Laufende Projekte"), new("approved_cents", "Bewilligt", ReportUnits.Cents), new("spent_cents", "Ausgegeben", ReportUnits.Cents)];

    /// <summary>Projects running and budgets per programme and funding period.</summary>
    public static ReportTable ByProgrammeAndPeriod(IReadOnlyList<FundingPeriodFigure> lines) =>
        new("funding_by_programme_and_period", "Förderung nach Programm und Förderperiode", FundingColumns,
            [.. lines.Select(p => new ReportRow($"{p.ProgrammeCode}/{p.PeriodCode}", $"{p.ProgrammeName}, {p.PeriodName}",
                [ReportValue.Of(p.ProjectsRunning), ReportValue.Of(p.ApprovedCents), ReportValue.Of(p.SpentCents)]))]);
}
