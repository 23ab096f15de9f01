using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Counselling.Contracts;
using Bezirksplattform.Counselling.Reporting;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.GetCounsellingFigures;

/// <summary>
/// Counselling activity between two Berlin dates, aggregated in PostgreSQL (grouping sets over the
/// date-indexed rows; no client is loaded). Measures and dimensions as documented on
/// <see cref="GetCounsellingFiguresQuery"/>; short_contacts have no person, so only total and topic.
/// Target group and district are the client's current ones; gender is from the client's latest
/// ESF entry data ("unknown" without). Erased and restricted clients still count.
/// </summary>
internal sealed class GetCounsellingFiguresHandler(IDbSession db) : IRequestHandler<GetCounsellingFiguresQuery, CounsellingFigures>
{
    private static readonly string[] TargetGroups =
        ["unemployed", "long_term_unemployed", "young_person", "employed", "inactive", "volunteer", "company", "association"];

    private static readonly string[] Topics =
    [
        "career_planning", "education_counselling", "application_support", "career_orientation_internships", "recruitment_advice",
        "funding_research", "start_up_advice", "volunteer_placement",
    ];

    private static readonly string[] Genders = ["female", "male", "non_binary", "not_stated", "unknown"];

    /// <summary>Measure, its dimensions, and which dimensions add up to the total (a consultation has several topics: those do not).</summary>
    private static readonly (string Measure, string[] Dimensions, string[] Additive)[] Layout =
    [
        ("consultations", ["total", "target_group", "topic", "district"], ["target_group", "district"]),
        ("clients", ["total", "target_group", "topic", "district", "gender"], ["target_group", "district", "gender"]),
        ("new_clients", ["total", "target_group", "district", "gender"], ["target_group", "district", "gender"]),
        ("short_contacts", ["total", "topic"], ["topic"]),
    ];

    private const string Sql =
        """
        with k as materialized (
            select k.client_id, k.topics from counselling.consultations k where k.occurred_on between @From and @To),
        counselled as (select distinct client_id from k),
        person as (
            select c.id, c.target_group, coalesce(c.district_code, 'unknown') as district,
                   coalesce((select p.gender from counselling.esf_participations p where p.client_id = c.id and p.gender is not null
                             order by p.first_entered_on desc, p.id desc limit 1), 'unknown') as gender,
                   c.created_at >= @start and c.created_at < @end as is_new,
                   x.client_id is not null as is_counselled
            from (select client_id as id from counselled
                  union select n.id from counselling.clients n where n.created_at >= @start and n.created_at < @end) ids
            join counselling.clients c on c.id = ids.id
            left join counselled x on x.client_id = c.id)
        select 'consultations' as measure,
               case when grouping(c.target_group) = 0 then 'target_group' when grouping(c.district_code) = 0 then 'district' else 'total' end as dimension,
               coalesce(c.target_group, c.district_code, 'total') as key, count(*)::int as value
        from (select k.client_id, c.target_group, coalesce(c.district_code, 'unknown') as district_code
              from k join counselling.clients c on c.id = k.client_id) c
        group by grouping sets ((), (c.target_group), (c.district_code))
        union all
        select 'consultations', 'topic', t, count(*)::int from k cross join unnest(k.topics) t group by t
        union all
        select 'clients', 'topic', t, count(distinct k.client_id)::int from k cross join unnest(k.topics) t group by t
        union all
        select m.measure,
               case when grouping(x.target_group) = 0 then 'target_group' when grouping(x.district) = 0 then 'district'
                    when grouping(x.gender) = 0 then 'gender' else 'total' end,
               coalesce(x.target_group, x.district, x.gender, 'total'), count(*)::int
        from person x cross join lateral (values ('clients', x.is_counselled), ('new_clients', x.is_new)) m(measure, hit)
        where m.hit
        group by m.measure, grouping sets ((), (x.target_group), (x.district), (x.gender))
        union all
        select 'short_contacts', case when grouping(s.topic) = 0 then 'topic' else 'total' end, coalesce(s.topic, 'total'),
               coalesce(sum(s.count), 0)::int
        from counselling.short_contacts s where s.contact_date between @From and @To
        group by grouping sets ((), (s.topic))
        """;

    public async Task<CounsellingFigures> Handle(GetCounsellingFiguresQuery request, CancellationToken ct)
    {
        ReportingPeriod.Check(request.From, request.To);
        var rows = await db.QueryAsync<Row>(Sql, new
        {
            request.From, request.To, start = ReportingPeriod.StartOf(request.From), end = ReportingPeriod.StartOf(request.To.AddDays(1)),
        }, ct);
        var counts = rows.ToDictionary(r => (r.Measure, r.Dimension, r.Key), r => r.Value);
        var districts = rows.Where(r => r.Dimension == "district").Select(r => r.Key).Distinct()
            .OrderBy(d => d == "unknown" ? 1 : 0).ThenBy(d => d, StringComparer.Ordinal).ToArray();

        string[] KeysOf(string dimension) => dimension switch
        {
            "total" => ["total"],
            "target_group" => TargetGroups,
            "topic" => Topics,
            "district" => districts,
            _ => Genders,
        };

        var table = new SmallCountSuppression();
        foreach (var (measure, dimensions, additive) in Layout)
        foreach (var dimension in dimensions)
        {
            foreach (var key in KeysOf(dimension)) table.Add(Cell(measure, dimension, key), counts.GetValueOrDefault((measure, dimension, key)));
            if (additive.Contains(dimension))
                table.Additive(Cell(measure, "total", "total"), KeysOf(dimension).Select(k => Cell(measure, dimension, k)));
        }

        var withheld = table.Suppressed(request.ForPublication);
        var breakdowns = Layout.SelectMany(l => l.Dimensions.Select(dimension => new CountBreakdown(l.Measure, dimension,
            [.. KeysOf(dimension).Select(key => SmallCountSuppression.Report(key, counts.GetValueOrDefault((l.Measure, dimension, key)),
                withheld.Contains(Cell(l.Measure, dimension, key))))])));
        return new CounsellingFigures(request.From, request.To, request.ForPublication, [.. breakdowns]);
    }

    private static string Cell(string measure, string dimension, string key) => $"{measure}|{dimension}|{key}";

    private sealed record Row(string Measure, string Dimension, string Key, int Value);
}

internal static class GetCounsellingFiguresEndpoints
{
    public static void MapGetCounsellingFigures(this IEndpointRouteBuilder reporting) =>
        reporting.MapGet("/figures", async ([FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? publication, IMediator mediator,
                CancellationToken ct) =>
            {
                var (f, t, p) = ReportingPeriod.Parse(from, to, publication);
                return Results.Ok(await mediator.Send(new GetCounsellingFiguresQuery(f, t, p), ct));
            })
            .WithName("GetCounsellingFigures")
            .WithSummary("Beratungszahlen eines Zeitraums nach Zielgruppe, Thema, Region und Geschlecht (publication=true: kleine Zahlen unterdrückt)")
            .Produces<CounsellingFigures>().ProducesValidationProblem();
}
