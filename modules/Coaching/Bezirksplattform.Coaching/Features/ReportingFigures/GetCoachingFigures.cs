using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Coaching.Contracts;
using MediatR;

namespace Bezirksplattform.Coaching.Features.ReportingFigures;

/// <summary>
/// Answers <see cref="GetCoachingFiguresQuery"/> for the Reporting module, aggregated in PostgreSQL
/// (grouping sets; no row is loaded to be counted). No endpoint: other modules ask via Contracts.
/// </summary>
internal sealed class GetCoachingFiguresHandler(IDbSession db) : IRequestHandler<GetCoachingFiguresQuery, CoachingFigures>
{
    private const string Sql =
        """
        with held as (
            select s.id, s.session_type_id from coaching.sessions s
            where s.outcome = 'held' and (s.starts_at at time zone 'Europe/Berlin')::date between @From and @To),
        came as (
            select h.id as session_id, h.session_type_id, b.founder_id
            from held h join coaching.bookings b on b.session_id = h.id and b.status = 'confirmed' and b.attended)
        select case when grouping(h.session_type_id) = 0 then h.session_type_id end as session_type_id,
               count(distinct h.id)::int as sessions_held,
               count(c.founder_id)::int as attendances,
               count(distinct c.founder_id)::int as founders_coached
        from held h left join came c on c.session_id = h.id
        group by grouping sets ((), (h.session_type_id));

        select count(*)::int from coaching.founders f where f.founded_on between @From and @To;
        """;

    public async Task<CoachingFigures> Handle(GetCoachingFiguresQuery request, CancellationToken ct)
    {
        using var grid = await db.QueryMultipleAsync(Sql, request, ct);
        var rows = (await grid.ReadAsync<Row>()).ToList();
        var founded = await grid.ReadSingleAsync<int>();
        var types = await db.QueryAsync<TypeName>(
            "select id, slug, name from coaching.session_types where id = any(@ids)",
            new { ids = rows.Where(r => r.SessionTypeId is not null).Select(r => r.SessionTypeId!.Value).ToArray() }, ct);
        var total = rows.SingleOrDefault(r => r.SessionTypeId is null) ?? new Row(null, 0, 0, 0);
        var byType = rows.Where(r => r.SessionTypeId is not null)
            .Join(types, r => r.SessionTypeId, t => t.Id, (r, t) => new CoachingSessionTypeFigures(t.Slug, t.Name, r.SessionsHeld, r.Attendances, r.FoundersCoached))
            .OrderBy(t => t.Slug, StringComparer.Ordinal).ToList();
        return new CoachingFigures(request.From, request.To, total.SessionsHeld, total.Attendances, total.FoundersCoached, founded, byType);
    }

    private sealed record Row(Guid? SessionTypeId, int SessionsHeld, int Attendances, int FoundersCoached);

    private sealed record TypeName(Guid Id, string Slug, string Name);
}
