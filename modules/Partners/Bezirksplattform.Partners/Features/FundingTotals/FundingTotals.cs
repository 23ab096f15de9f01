using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Partners.Programmes;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.FundingTotals;

/// <summary>Exact sums in euro cents, and how many distinct projects they cover.</summary>
internal sealed record TotalsRow(string? Key, string? Label, long PlannedCents, long ApprovedCents, long SpentCents, int ProjectCount);

internal sealed record TotalsFilter(string? Programme, string? Period, string? Region, string? District);

/// <summary>
/// <c>Total</c> counts every budget row once. With <c>groupBy=region</c> a project in several
/// regions counts fully in each of them, so the groups may add up to more than the total; projects
/// without a region form the group with key null.
/// </summary>
internal sealed record FundingTotalsView(string? GroupBy, TotalsFilter Filter, TotalsRow Total, IReadOnlyList<TotalsRow> Groups);

internal sealed record FundingTotalsQuery(TotalsFilter Filter, string? GroupBy) : IQuery<FundingTotalsView>;

internal static class TotalsGroupings
{
    public static readonly string[] All = ["programme", "period", "region", "year"];
}

internal sealed class FundingTotalsHandler(IDbSession db) : IRequestHandler<FundingTotalsQuery, FundingTotalsView>
{
    // Every budget row of the filtered funding lines, once. Sums are bigint in SQL (numeric
    // internally, so no overflow while adding) and exact.
    private const string Budgets =
        """
        with b as (
            select l.project_id, l.programme_code, l.period_code, x.year, x.planned_cents, x.approved_cents, x.spent_cents
            from partners.funding_lines l
            join partners.funding_line_budgets x on x.funding_line_id = l.id
            join partners.projects p on p.id = l.project_id
            where (@Programme::text is null or l.programme_code = @Programme)
              and (@Period::text is null or l.period_code = @Period)
              and (@Region::text is null or exists (select 1 from partners.project_regions r where r.project_id = p.id and r.region_code = @Region))
              and (@District::text is null or p.district_code = @District or exists (
                    select 1 from partners.project_regions r join partners.regions g on g.code = r.region_code
                    where r.project_id = p.id and g.district_code = @District))
        )
        """;

    private const string Sums =
        "coalesce(sum(b.planned_cents), 0)::bigint as planned_cents, coalesce(sum(b.approved_cents), 0)::bigint as approved_cents, "
        + "coalesce(sum(b.spent_cents), 0)::bigint as spent_cents, count(distinct b.project_id)::int as project_count";

    public async Task<FundingTotalsView> Handle(FundingTotalsQuery request, CancellationToken ct)
    {
        var total = await db.QuerySingleAsync<TotalsRow>($"{Budgets} select null as key, null as label, {Sums} from b", request.Filter, ct);
        var groups = request.GroupBy switch
        {
            "programme" => await db.QueryAsync<TotalsRow>(
                $"{Budgets} select g.code as key, g.name as label, {Sums} from b join partners.funding_programmes g on g.code = b.programme_code group by g.code, g.name order by g.code",
                request.Filter, ct),
            "period" => await db.QueryAsync<TotalsRow>(
                $"{Budgets} select e.code as key, e.name as label, {Sums} from b join partners.funding_periods e on e.code = b.period_code group by e.code, e.name, e.starts_on order by e.starts_on",
                request.Filter, ct),
            "year" => await db.QueryAsync<TotalsRow>(
                $"{Budgets} select b.year::text as key, null as label, {Sums} from b group by b.year order by b.year", request.Filter, ct),
            // A project in several regions counts fully in each (that is what each region received);
            // with a region or district filter only the regions asked for are shown.
            "region" => await db.QueryAsync<TotalsRow>(
                $"""
                {Budgets}
                select key, label, planned_cents, approved_cents, spent_cents, project_count from (
                    select g.code as key, g.name as label, {Sums}
                    from b join partners.project_regions r on r.project_id = b.project_id join partners.regions g on g.code = r.region_code
                    where (@Region::text is null or g.code = @Region) and (@District::text is null or g.district_code = @District)
                    group by g.code, g.name
                    union all
                    select null, 'ohne Bezirksregion', {Sums}
                    from b where @Region::text is null and not exists (select 1 from partners.project_regions r where r.project_id = b.project_id)
                    having count(*) > 0
                ) x order by key nulls last
                """, request.Filter, ct),
            _ => [],
        };
        return new FundingTotalsView(request.GroupBy, request.Filter, total, groups);
    }
}

internal static class FundingTotalsEndpoints
{
    public static void MapFundingTotals(this IEndpointRouteBuilder programmes)
    {
        programmes.MapGet("/totals", async (string? groupBy, string? programme, string? period, string? region, string? district,
                IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(Query(Input.Blank(programme), period, region, district, groupBy), ct)))
            .WithName("FundingTotals")
            .WithSummary("Summen der Budgets (Cent) über alle Programme, gruppiert nach programme, period, region oder year")
            .WithDescription("Ein Projekt in mehreren Bezirksregionen zählt in jeder dieser Regionen voll, in der Gesamtsumme (total) nur einmal.")
            .Produces<FundingTotalsView>().ProducesValidationProblem();
        programmes.MapGet("/{code}/totals", async (string code, string? groupBy, string? period, string? region, string? district,
                IMediator mediator, CancellationToken ct) =>
            {
                if (!await mediator.Send(new ProgrammeExistsQuery(code), ct)) throw new NotFoundException($"Das Förderprogramm '{code}' gibt es nicht.");
                return Results.Ok(await mediator.Send(Query(code, period, region, district, groupBy ?? "year"), ct));
            })
            .WithName("FundingProgrammeTotals").WithSummary("Summen der Budgets eines Förderprogramms (Cent), standardmäßig je Jahr")
            .Produces<FundingTotalsView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static FundingTotalsQuery Query(string? programme, string? period, string? region, string? district, string? groupBy)
    {
        groupBy = Input.Blank(groupBy);
        if (groupBy is not null && !TotalsGroupings.All.Contains(groupBy))
            throw new FieldProblemException("groupBy", $"Erlaubt: {string.Join(", ", TotalsGroupings.All)}.");
        return new FundingTotalsQuery(new TotalsFilter(programme, Input.Blank(period), Input.Blank(region), Input.Blank(district)), groupBy);
    }
}

internal sealed record ProgrammeExistsQuery(string Code) : IQuery<bool>;

internal sealed class ProgrammeExistsHandler(IDbSession db) : IRequestHandler<ProgrammeExistsQuery, bool>
{
    public Task<bool> Handle(ProgrammeExistsQuery request, CancellationToken ct) =>
        db.ExecuteScalarAsync<bool>("select exists (select 1 from partners.funding_programmes where code = @Code)", request, ct);
}
