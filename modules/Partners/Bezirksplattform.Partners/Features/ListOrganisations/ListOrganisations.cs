using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Partners.Network;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.ListOrganisations;

internal sealed record OrganisationSummary(
    Guid Id, string Name, string? ShortName, string Kind, string? DistrictCode, string[] RegionCodes, Guid? ParentId,
    bool AcceptsReferrals, bool IsActive, int Version);

/// <summary>
/// Search by name or short name (substring, or trigram-similar for typos); filters combine. With a
/// search term the best matches come first, otherwise by name. Deactivated ones only on request.
/// </summary>
internal sealed record ListOrganisationsQuery(string? Q, string? Kind, string? RegionCode, string? DistrictCode, bool IncludeInactive,
    int Page, int PageSize) : IQuery<ResultPage<OrganisationSummary>>;

internal sealed class ListOrganisationsHandler(IDbSession db) : IRequestHandler<ListOrganisationsQuery, ResultPage<OrganisationSummary>>
{
    public async Task<ResultPage<OrganisationSummary>> Handle(ListOrganisationsQuery request, CancellationToken ct)
    {
        const string Where =
            """
            from partners.organisations o
            where (@IncludeInactive or o.is_active)
              and (@Kind::text is null or o.kind = @Kind)
              and (@DistrictCode::text is null or o.district_code = @DistrictCode)
              and (@RegionCode::text is null or exists (
                    select 1 from partners.organisation_regions r where r.organisation_id = o.id and r.region_code = @RegionCode))
              and (@Q::text is null or lower(o.name) like '%' || lower(@Q) || '%' or lower(o.short_name) = lower(@Q)
                   or lower(o.name) % lower(@Q))
            """;
        var args = new
        {
            request.Q, request.Kind, request.RegionCode, request.DistrictCode, request.IncludeInactive, request.PageSize,
            Offset = (request.Page - 1) * request.PageSize,
        };
        var items = await db.QueryAsync<OrganisationSummary>(
            $"""
            select o.id, o.name, o.short_name, o.kind, o.district_code, {OrganisationReads.RegionCodes},
                   o.parent_id, o.accepts_referrals, o.is_active, o.version
            {Where}
            order by case when @Q::text is null then 0 else similarity(lower(o.name), lower(@Q)) end desc, o.name, o.id
            limit @PageSize offset @Offset
            """, args, ct);
        var total = await db.ExecuteScalarAsync<long>($"select count(*) {Where}", args, ct);
        return new ResultPage<OrganisationSummary>(items, request.Page, request.PageSize, total);
    }
}

internal static class ListOrganisationsEndpoint
{
    public static void MapListOrganisations(this IEndpointRouteBuilder partners) =>
        partners.MapGet("/organisations", async (string? q, string? kind, string? region, string? district, bool? includeInactive, int? page,
                int? pageSize, IMediator mediator, CancellationToken ct) =>
            {
                if (kind is not null && !OrganisationKinds.All.Contains(kind))
                    throw new FieldProblemException("kind", $"Erlaubt: {string.Join(", ", OrganisationKinds.All)}.");
                var (number, size) = Paging.Read(page, pageSize);
                return Results.Ok(await mediator.Send(new ListOrganisationsQuery(Paging.Term(q), kind, Paging.Term(region), Paging.Term(district),
                    includeInactive ?? false, number, size), ct));
            })
            .WithName("ListPartnerOrganisations")
            .WithSummary("Organisationen suchen (q: Name, auch ähnlich geschrieben) und filtern (kind, region, district, includeInactive)")
            .Produces<ResultPage<OrganisationSummary>>();
}
