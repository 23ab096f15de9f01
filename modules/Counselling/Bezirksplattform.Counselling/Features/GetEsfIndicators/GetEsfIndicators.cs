using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Counselling.Contracts;
using Bezirksplattform.Counselling.Esf;
using Bezirksplattform.Counselling.Reporting;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using System.Text.RegularExpressions;

namespace Bezirksplattform.Counselling.Features.GetEsfIndicators;

/// <summary>
/// ESF Plus common indicators (Regulation (EU) 2021/1057, Annex I), counted in the database by
/// gender. Outputs: participations whose FIRST entry falls in the period and whose entry data are
/// recorded (a re-entry is no new participant). Results: participations whose latest leaving in the
/// period has exit data. Erased or restricted clients count from their kept ESF record: the
/// participations are read without looking at the client row. Definitions: docs/counselling/esf-plus.md.
/// </summary>
internal sealed class GetEsfIndicatorsHandler(IDbSession db) : IRequestHandler<GetEsfIndicatorsQuery, EsfIndicators>
{
    /// <summary>Code, German name and the SQL condition on the participation p (outputs) or the leaving l (results).</summary>
    internal static readonly IReadOnlyList<(string Code, string Name, string Condition)> Outputs =
    [
        ("EECO01", "Teilnehmende insgesamt", "true"),
        ("EECO02", "Arbeitslose, einschließlich Langzeitarbeitsloser", "p.labour_market_status = 'unemployed'"),
        // Long-term unemployed: more than 6 months unemployed when under 25, more than 12 months from 25 (EU definition).
        ("EECO03", "Langzeitarbeitslose",
            "p.labour_market_status = 'unemployed' and p.unemployment_months > case when p.age_at_entry < 25 then 6 else 12 end"),
        ("EECO04", "Nichterwerbstätige", "p.labour_market_status = 'inactive'"),
        ("EECO05", "Erwerbstätige, einschließlich Selbständiger", "p.labour_market_status = 'employed'"),
        ("EECO06", "Kinder unter 18 Jahren", "p.age_at_entry < 18"),
        ("EECO07", "Junge Menschen zwischen 18 und 29 Jahren", "p.age_at_entry between 18 and 29"),
        ("EECO08", "Teilnehmende ab 55 Jahren", "p.age_at_entry >= 55"),
        ("EECO09", "Mit Sekundarbildung Unterstufe oder weniger (ISCED 0–2)", "p.education_level = 'isced_0_2'"),
        ("EECO10", "Mit Sekundarbildung Oberstufe (ISCED 3) oder postsekundärer Bildung (ISCED 4)", "p.education_level = 'isced_3_4'"),
        ("EECO11", "Mit tertiärer Bildung (ISCED 5–8)", "p.education_level = 'isced_5_8'"),
        ("EECO12", "Teilnehmende mit Behinderungen", "p.disability = 'yes'"),
        ("EECO13", "Drittstaatsangehörige", "p.third_country_national"),
        ("EECO14", "Teilnehmende ausländischer Herkunft", "p.foreign_background"),
        ("EECO15", "Minderheiten (einschließlich marginalisierter Gemeinschaften wie Roma)", "p.minority = 'yes'"),
        ("EECO16", "Obdachlose oder von Ausgrenzung auf dem Wohnungsmarkt Betroffene", "p.homeless"),
        ("EECO17", "Teilnehmende aus ländlichen Gebieten", "p.rural_area"),
    ];

    internal static readonly IReadOnlyList<(string Code, string Name, string Condition)> Results =
    [
        ("EECR01", "Teilnehmende, die nach ihrer Teilnahme auf Arbeitssuche sind", "l.exit_job_searching"),
        ("EECR02", "Teilnehmende, die nach ihrer Teilnahme eine schulische/berufliche Bildung absolvieren", "l.exit_in_education"),
        ("EECR03", "Teilnehmende, die nach ihrer Teilnahme eine Qualifizierung erlangen", "l.exit_gained_qualification"),
        ("EECR04", "Teilnehmende, die nach ihrer Teilnahme einen Arbeitsplatz haben, einschließlich Selbständiger", "l.exit_employed"),
    ];

    private static string Values(IEnumerable<(string Code, string Name, string Condition)> list) =>
        string.Join(", ", list.Select(i => $"('{i.Code}', {i.Condition})"));

    // One pass over each side, aggregated by gender and indicator in PostgreSQL: four gender rows
    // per indicator come back, never a participant.
    private static readonly string Sql =
        $"""
        with p as (
            select p.* from counselling.esf_participations p
            where p.first_entered_on between @From and @To and p.entry_recorded_at is not null
              and (@ProjectCode::text is null or p.project_code = @ProjectCode)),
        l as (
            select distinct on (s.participation_id) s.*
            from counselling.esf_stays s
            where s.left_on between @From and @To
            order by s.participation_id, s.left_on desc, s.entered_on desc)
        select p.gender, x.code, count(*)::int as value
        from p cross join lateral (values {Values(Outputs)}) x(code, hit)
        where x.hit
        group by p.gender, x.code
        union all
        select p.gender, x.code, count(*)::int
        from l join counselling.esf_participations p on p.id = l.participation_id
        cross join lateral (values {Values(Results)}) x(code, hit)
        where x.hit and l.exit_recorded_at is not null and p.entry_recorded_at is not null
          and (@ProjectCode::text is null or p.project_code = @ProjectCode)
        group by p.gender, x.code
        """;

    public async Task<EsfIndicators> Handle(GetEsfIndicatorsQuery request, CancellationToken ct)
    {
        ReportingPeriod.Check(request.From, request.To);
        if (request.ProjectCode is { } code && !Regex.IsMatch(code, EsfVocabulary.ProjectCodePattern))
            throw new FieldProblemException("project", "Ein Projektkürzel aus Kleinbuchstaben, Ziffern, - und _.");
        var rows = await db.QueryAsync<Row>(Sql, new { request.From, request.To, request.ProjectCode }, ct);
        var counts = rows.ToDictionary(r => (r.Code, r.Gender), r => r.Value);

        var all = Outputs.Concat(Results).ToList();
        var table = new SmallCountSuppression();
        foreach (var (indicator, _, _) in all)
        {
            table.Add(Cell(indicator, "total"), EsfVocabulary.Genders.Sum(g => counts.GetValueOrDefault((indicator, g))));
            foreach (var gender in EsfVocabulary.Genders) table.Add(Cell(indicator, gender), counts.GetValueOrDefault((indicator, gender)));
            table.Additive(Cell(indicator, "total"), EsfVocabulary.Genders.Select(g => Cell(indicator, g)));
        }

        // Labour-market status and education level each split the participants completely (entry
        // data are complete when counted): without these groups a withheld cell could be worked
        // out from EECO01 and its siblings.
        foreach (var key in EsfVocabulary.Genders.Prepend("total"))
        {
            table.Additive(Cell("EECO01", key), new[] { "EECO02", "EECO04", "EECO05" }.Select(i => Cell(i, key)));
            table.Additive(Cell("EECO01", key), new[] { "EECO09", "EECO10", "EECO11" }.Select(i => Cell(i, key)));
        }

        var withheld = table.Suppressed(request.ForPublication);
        ReportedCount Report(string indicator, string key) =>
            SmallCountSuppression.Report(key, key == "total"
                ? EsfVocabulary.Genders.Sum(g => counts.GetValueOrDefault((indicator, g)))
                : counts.GetValueOrDefault((indicator, key)), withheld.Contains(Cell(indicator, key)));

        return new EsfIndicators(request.From, request.To, request.ProjectCode, request.ForPublication,
            [.. all.Select(i => new EsfIndicator(i.Code, i.Name, Report(i.Code, "total"), [.. EsfVocabulary.Genders.Select(g => Report(i.Code, g))]))]);
    }

    private static string Cell(string indicator, string key) => indicator + "|" + key;

    private sealed record Row(string Gender, string Code, int Value);
}

internal static class GetEsfIndicatorsEndpoints
{
    public static void MapGetEsfIndicators(this IEndpointRouteBuilder reporting) =>
        reporting.MapGet("/esf/indicators", async ([FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? project,
                [FromQuery] string? publication, IMediator mediator, CancellationToken ct) =>
            {
                var (f, t, p) = ReportingPeriod.Parse(from, to, publication);
                var code = string.IsNullOrWhiteSpace(project) ? null : project.Trim().ToLowerInvariant();
                return Results.Ok(await mediator.Send(new GetEsfIndicatorsQuery(f, t, code, p), ct));
            })
            .WithName("GetEsfIndicators")
            .WithSummary("ESF-Plus-Indikatoren EECO01–EECO17 und EECR01–EECR04 nach Geschlecht (publication=true: kleine Zahlen unterdrückt)")
            .Produces<EsfIndicators>().ProducesValidationProblem();
}
