using Bezirksplattform.Coaching.Contracts;
using Bezirksplattform.Counselling.Contracts;
using Bezirksplattform.Partners.Contracts;
using Bezirksplattform.Reporting.Documents;

namespace Bezirksplattform.Reporting.Definitions;

/// <summary>
/// Quartalsbericht für Fördergeber: counselling figures (quarter and year to date, per quarter of the
/// year), ESF Plus indicators, coaching sessions held and founders founded, funding per programme.
/// Scheduled on the 5th after each quarter for the quarter before. Sources: docs/reporting/definitions.md.
/// </summary>
internal sealed class QuarterlyFunderReport : IReportDefinition
{
    public string Key => "quarterly-funder";

    public string Title => "Quartalsbericht für Fördergeber";

    public string ScheduleCron => "0 0 6 5 1,4,7,10 ?";

    public ReportPeriod PeriodForScheduledRun(DateOnly firedOn) => ReportPeriods.PreviousQuarter(firedOn);

    public ReportPeriod? ParsePeriod(string key) => ReportPeriods.ParseQuarter(key);

    private static readonly ReportColumn[] QuarterAndYear = [new("quarter", "Quartal"), new("year_to_date", "Jahr bis Quartalsende")];

    public async Task<IReadOnlyList<ReportSection>> GatherAsync(ReportPeriod period, bool forPublication, ReportGathering gathering, CancellationToken ct)
    {
        var mediator = gathering.Mediator;
        var yearStart = new DateOnly(period.From.Year, 1, 1);
        var region = await Labels.RegionsAsync(mediator, ct);

        // Each quarter of the year up to this one (for the bars per quarter), then the year to date.
        var quarters = new List<(ReportPeriod Quarter, CounsellingFigures Figures)>();
        for (var q = 1; q <= (period.From.Month - 1) / 3 + 1; q++)
        {
            var p = ReportPeriods.Quarter(period.From.Year, q);
            quarters.Add((p, await mediator.Send(new GetCounsellingFiguresQuery(p.From, p.To, forPublication), ct)));
        }
        var counselling = quarters[^1].Figures;
        var yearToDate = await mediator.Send(new GetCounsellingFiguresQuery(yearStart, period.To, forPublication), ct);
        await gathering.ReportProgress(25, "Beratungszahlen", ct);

        var esf = await mediator.Send(new GetEsfIndicatorsQuery(period.From, period.To, null, forPublication), ct);
        await gathering.ReportProgress(45, "ESF-Plus-Indikatoren", ct);

        var coaching = await mediator.Send(new GetCoachingFiguresQuery(period.From, period.To), ct);
        var coachingYear = await mediator.Send(new GetCoachingFiguresQuery(yearStart, period.To), ct);
        await gathering.ReportProgress(65, "Gründungscoaching", ct);

        var funding = await mediator.Send(new GetFundingFiguresQuery(period.From, period.To), ct);
        await gathering.ReportProgress(85, "Förderprogramme", ct);

        return
        [
            new ReportSection("counselling", "Beschäftigungsberatung", [QuarterTable(quarters), .. CounsellingTables(counselling, yearToDate, region)],
                "Beratungen, beratene Personen und Neuaufnahmen im Quartal und im Jahr bis zum Quartalsende. "
                + "Eine Beratung kann mehrere Themen haben; die Zeilen nach Thema ergeben daher nicht die Gesamtzahl."),
            new ReportSection("esf", "ESF-Plus-Indikatoren", EsfTables(esf),
                "Gemeinsame Indikatoren nach Verordnung (EU) 2021/1057, Anhang I: Eintritte (EECO) und Austritte (EECR) im Quartal, nach Geschlecht."),
            new ReportSection("coaching", "Gründungscoaching", CoachingTables(coaching, coachingYear, forPublication),
                "Durchgeführte Sitzungen (Beginn im Zeitraum), Teilnahmen, gecoachte und gegründete Gründerinnen und Gründer."),
            new ReportSection("funding", "Förderprogramme", [FundingTables.ByProgramme(funding.ByProgramme, period)],
                "Projekte, die im Quartal laufen; Budgets der Kalenderjahre, die das Quartal berührt."),
        ];
    }

    private static ReportTable QuarterTable(List<(ReportPeriod Quarter, CounsellingFigures Figures)> quarters)
    {
        string[] measures = ["consultations", "clients", "new_clients"];
        return new ReportTable("counselling_by_quarter", "Beratung je Quartal", [.. measures.Select(m => new ReportColumn(m, Labels.Of(m)))],
            [.. quarters.Select(q => new ReportRow(q.Quarter.Key, q.Quarter.Label,
                [.. measures.Select(m => Labels.Value(Find(q.Figures, m, "total").GetValueOrDefault("total")))]))],
            new ReportChart("bars", "consultations", "Beratungen je Quartal"));
    }

    private static IEnumerable<ReportTable> CounsellingTables(CounsellingFigures quarter, CounsellingFigures year, Func<string, string> region) =>
        quarter.Breakdowns.Select(b =>
        {
            var inQuarter = Find(quarter, b.Measure, b.Dimension);
            var inYear = Find(year, b.Measure, b.Dimension);
            // Districts differ between ranges: the quarter's order first, then those only in the year.
            var keys = b.Counts.Select(c => c.Key).Concat(inYear.Keys.Where(k => !inQuarter.ContainsKey(k)).Order(StringComparer.Ordinal)).ToList();
            var title = b.Dimension == "total" ? Labels.Of(b.Measure) : $"{Labels.Of(b.Measure)} nach {Labels.Of(b.Dimension)}";
            return new ReportTable($"{b.Measure}_by_{b.Dimension}", title, QuarterAndYear,
                [.. keys.Select(k => new ReportRow(k, b.Dimension == "district" ? region(k) : Labels.Of(k),
                    [Labels.Value(inQuarter.GetValueOrDefault(k)), Labels.Value(inYear.GetValueOrDefault(k))]))],
                b is { Measure: "consultations", Dimension: "target_group" or "district" }
                    ? new ReportChart("bars", "quarter", $"{title} im Quartal") : null);
        });

    private static Dictionary<string, ReportedCount> Find(CounsellingFigures figures, string measure, string dimension) =>
        figures.Breakdowns.Where(b => b.Measure == measure && b.Dimension == dimension).SelectMany(b => b.Counts)
            .ToDictionary(c => c.Key, StringComparer.Ordinal);

    private static ReportTable[] EsfTables(EsfIndicators esf)
    {
        string[] genders = ["female", "male", "non_binary", "not_stated"];
        ReportColumn[] columns = [new("total", "Gesamt"), .. genders.Select(g => new ReportColumn(g, Labels.Of(g)))];
        ReportTable Table(string key, string title, string prefix) => new(key, title, columns,
            [.. esf.Indicators.Where(i => i.Code.StartsWith(prefix, StringComparison.Ordinal)).Select(i => new ReportRow(i.Code, $"{i.Code} {i.Name}",
                [Labels.Value(i.Total), .. genders.Select(g => Labels.Value(i.ByGender.FirstOrDefault(c => c.Key == g)))]))]);
        return [Table("esf_output", "Outputindikatoren (Eintritte)", "EECO"), Table("esf_result", "Ergebnisindikatoren (Austritte)", "EECR")];
    }

    private static ReportTable[] CoachingTables(CoachingFigures quarter, CoachingFigures year, bool forPublication)
    {
        ReportRow Row(string key, string label, Func<CoachingFigures, int> of, bool people) =>
            new(key, label, [.. new[] { quarter, year }.Select(f => people ? SmallCounts.People(of(f), forPublication) : ReportValue.Of(of(f)))]);
        var attendances = SmallCounts.Breakdown([.. quarter.BySessionType.Select(t => (long)t.Attendances)], forPublication);
        return
        [
            new ReportTable("coaching", "Gründungscoaching", QuarterAndYear,
            [
                Row("sessions_held", "Durchgeführte Sitzungen", f => f.SessionsHeld, people: false),
                Row("attendances", "Teilnahmen", f => f.Attendances, people: true),
                Row("founders_coached", "Gecoachte Gründerinnen und Gründer", f => f.FoundersCoached, people: true),
                Row("founders_founded", "Gründungen", f => f.FoundersFounded, people: true),
            ]),
            new ReportTable("coaching_by_session_type", "Sitzungen im Quartal nach Angebot",
                [new("sessions_held", "Durchgeführte Sitzungen"), new("attendances", "Teilnahmen"), new("founders_coached", "Gecoachte Personen")],
                [.. quarter.BySessionType.Select((t, i) => new ReportRow(t.Slug, t.Name,
                    [ReportValue.Of(t.SessionsHeld), attendances[i], SmallCounts.People(t.FoundersCoached, forPublication)]))]),
        ];
    }
}
