using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Partners.Network;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.ListPeople;

/// <summary>A person in a list, with the organisations they currently work for.</summary>
internal sealed record PersonSummary(Guid Id, string DisplayName, string? Email, string[] CurrentOrganisations, int Version);

/// <summary>Search by name (substring or trigram-similar) or e-mail; best matches first, otherwise by family name.</summary>
internal sealed record ListPeopleQuery(string? Q, int Page, int PageSize) : IQuery<ResultPage<PersonSummary>>;

internal sealed class ListPeopleHandler(IDbSession db, TimeProvider clock) : IRequestHandler<ListPeopleQuery, ResultPage<PersonSummary>>
{
    private const string Name = "lower(coalesce(p.given_name, '') || ' ' || p.family_name)";

    public async Task<ResultPage<PersonSummary>> Handle(ListPeopleQuery request, CancellationToken ct)
    {
        const string Where =
            $"""
            from partners.people p
            where @Q::text is null or {Name} like '%' || lower(@Q) || '%' or {Name} % lower(@Q) or lower(p.email) = lower(@Q)
            """;
        var args = new { request.Q, request.PageSize, Offset = (request.Page - 1) * request.PageSize, today = clock.Today() };
        var items = await db.QueryAsync<PersonSummary>(
            $"""
            select p.id, {AffiliationReads.PersonName} as display_name, p.email,
                   coalesce((select array_agg(distinct o.name) from partners.affiliations a join partners.organisations o on o.id = a.organisation_id
                             where a.person_id = p.id and coalesce(a.valid_from <= @today, true) and coalesce(a.valid_until >= @today, true)),
                            '{"{}"}') as current_organisations,
                   p.version
            {Where}
            order by case when @Q::text is null then 0 else similarity({Name}, lower(@Q)) end desc, lower(p.family_name), lower(p.given_name), p.id
            limit @PageSize offset @Offset
            """, args, ct);
        var total = await db.ExecuteScalarAsync<long>($"select count(*) {Where}", args, ct);
        return new ResultPage<PersonSummary>(items, request.Page, request.PageSize, total);
    }
}

internal static class ListPeopleEndpoint
{
    public static void MapListPeople(this IEndpointRouteBuilder partners) =>
        partners.MapGet("/people", async (string? q, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
            {
                var (number, size) = Paging.Read(page, pageSize);
                return Results.Ok(await mediator.Send(new ListPeopleQuery(Paging.Term(q), number, size), ct));
            })
            .WithName("ListPartnerPeople").WithSummary("Ansprechpersonen suchen (q: Name, auch ähnlich geschrieben, oder E-Mail)")
            .Produces<ResultPage<PersonSummary>>();
}
