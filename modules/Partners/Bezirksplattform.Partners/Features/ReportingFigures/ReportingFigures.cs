using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Partners.Contracts;
using MediatR;

namespace Bezirksplattform.Partners.Features.ReportingFigures;

// What the Reporting module may ask about projects, funding, agreements and committees
// (Partners.Contracts, see Reporting.cs there); aggregated in PostgreSQL, no endpoints of their own.

internal static class RunningProjects
{
    /// <summary>Projects that run in [@From, @To]: not cancelled, started by the end, not ended before the start.</summary>
    public const string Cte =
        """
        running as (
            select p.id, p.field_of_action_id from partners.projects p
            where p.status <> 'cancelled' and p.period_start is not null and p.period_start <= @To
              and (p.period_end is null or p.period_end >= @From))
        """;
}

internal sealed class GetFundingFiguresHandler(IDbSession db) : IRequestHandler<GetFundingFiguresQuery, FundingFigures>
{
    // One row per funding line: whether its project runs, and its budgets of the years touched.
    private const string Sql =
        $"""
        with {RunningProjects.Cte},
        line as (
            select l.programme_code, l.period_code, l.project_id, r.id is not null as is_running,
                   coalesce((select sum(b.approved_cents) from partners.funding_line_budgets b
                             where b.funding_line_id = l.id and b.year between @fromYear and @toYear), 0) as approved_cents,
                   coalesce((select sum(b.spent_cents) from partners.funding_line_budgets b
                             where b.funding_line_id = l.id and b.year between @fromYear and @toYear), 0) as spent_cents
            from partners.funding_lines l left join running r on r.id = l.project_id)
        select g.code as programme_code, g.name as programme_name, e.code as period_code, e.name as period_name,
               count(distinct x.project_id) filter (where x.is_running)::int as projects_running,
               sum(x.approved_cents)::bigint as approved_cents, sum(x.spent_cents)::bigint as spent_cents
        from line x
        join partners.funding_programmes g on g.code = x.programme_code
        join partners.funding_periods e on e.code = x.period_code
        group by grouping sets ((g.code, g.name), (g.code, g.name, e.code, e.name, e.starts_on))
        having bool_or(x.is_running) or sum(x.approved_cents) > 0 or sum(x.spent_cents) > 0
        order by g.code, e.starts_on nulls first
        """;

    public async Task<FundingFigures> Handle(GetFundingFiguresQuery request, CancellationToken ct)
    {
        var rows = await db.QueryAsync<Row>(Sql, new { request.From, request.To, fromYear = request.From.Year, toYear = request.To.Year }, ct);
        return new FundingFigures(request.From, request.To,
            [.. rows.Where(r => r.PeriodCode is null).Select(r => new FundingFigure(r.ProgrammeCode, r.ProgrammeName, r.ProjectsRunning, r.ApprovedCents, r.SpentCents))],
            [.. rows.Where(r => r.PeriodCode is not null).Select(r => new FundingPeriodFigure(
                r.ProgrammeCode, r.ProgrammeName, r.PeriodCode!, r.PeriodName!, r.ProjectsRunning, r.ApprovedCents, r.SpentCents))]);
    }

    private sealed record Row(
        string ProgrammeCode, string ProgrammeName, string? PeriodCode, string? PeriodName, int ProjectsRunning, long ApprovedCents, long SpentCents);
}

internal sealed class GetProjectFiguresHandler(IDbSession db) : IRequestHandler<GetProjectFiguresQuery, ProjectFigures>
{
    private const string Sql =
        $"""
        with {RunningProjects.Cte}
        select count(*)::int from running;

        with {RunningProjects.Cte}
        select f.id::text as key, coalesce(f.name, 'ohne Handlungsfeld') as label, count(*)::int as projects
        from running r left join partners.fields_of_action f on f.id = r.field_of_action_id
        group by f.id, f.name order by f.name nulls last, f.id;

        with {RunningProjects.Cte}
        select g.code as key, coalesce(g.name, 'ohne Bezirksregion') as label, count(distinct r.id)::int as projects
        from running r left join partners.project_regions x on x.project_id = r.id left join partners.regions g on g.code = x.region_code
        group by g.code, g.name order by g.code nulls last;
        """;

    public async Task<ProjectFigures> Handle(GetProjectFiguresQuery request, CancellationToken ct)
    {
        using var grid = await db.QueryMultipleAsync(Sql, request, ct);
        var total = await grid.ReadSingleAsync<int>();
        var byField = (await grid.ReadAsync<ProjectCount>()).ToList();
        var byRegion = (await grid.ReadAsync<ProjectCount>()).ToList();
        return new ProjectFigures(request.From, request.To, total, byField, byRegion);
    }
}

internal sealed class GetAgreementFiguresHandler(IDbSession db) : IRequestHandler<GetAgreementFiguresQuery, AgreementFigures>
{
    private const string Sql =
        """
        select a.id, a.title, a.valid_from, x.last_day, x.last_day is not null and x.last_day <= @On + 90 as expiring
        from partners.agreements a
        cross join lateral (select nullif(least(coalesce(a.valid_until, 'infinity'::date), coalesce(a.terminated_on - 1, 'infinity'::date)),
                                          'infinity'::date) as last_day) x
        where partners.agreement_is_concluded(a.id, a.valid_from) and a.valid_from <= @On
          and (x.last_day is null or x.last_day >= @On)
        order by a.title, a.id
        """;

    public async Task<AgreementFigures> Handle(GetAgreementFiguresQuery request, CancellationToken ct)
    {
        var rows = await db.QueryAsync<AgreementFigure>(Sql, request, ct);
        return new AgreementFigures(request.On, rows.Count, rows.Count(r => r.Expiring), rows);
    }
}

internal sealed class GetCommitteeFiguresHandler(IDbSession db) : IRequestHandler<GetCommitteeFiguresQuery, IReadOnlyList<CommitteeFigure>>
{
    private const string Sql =
        """
        select c.id, c.name, c.kind,
               count(m.id)::int as members,
               count(m.id) filter (where m.role = 'chair')::int as chairs,
               count(m.id) filter (where m.role = 'deputy')::int as deputies,
               count(m.id) filter (where m.role = 'member')::int as regular_members,
               count(m.id) filter (where m.role = 'guest')::int as guests
        from partners.committees c
        left join partners.committee_memberships m on m.committee_id = c.id and m.term @> @On
        where (c.founded_on is null or c.founded_on <= @On) and (c.dissolved_on is null or c.dissolved_on > @On)
        group by c.id, c.name, c.kind
        order by c.name, c.id
        """;

    public Task<IReadOnlyList<CommitteeFigure>> Handle(GetCommitteeFiguresQuery request, CancellationToken ct) =>
        db.QueryAsync<CommitteeFigure>(Sql, request, ct);
}
