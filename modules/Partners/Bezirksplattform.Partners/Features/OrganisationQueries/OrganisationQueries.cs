using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Partners.Contracts;
using Bezirksplattform.Partners.Network;
using MediatR;

namespace Bezirksplattform.Partners.Features.OrganisationQueries;

// What other modules may ask about organisations (Partners.Contracts); no endpoints of their own.

internal sealed class GetOrganisationHandler(IDbSession db) : IRequestHandler<GetOrganisationQuery, OrganisationInfo?>
{
    public Task<OrganisationInfo?> Handle(GetOrganisationQuery request, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<OrganisationInfo>($"{OrganisationReads.InfoSelect} where o.id = @Id", request, ct);
}

internal sealed class GetOrganisationsHandler(IDbSession db) : IRequestHandler<GetOrganisationsQuery, IReadOnlyList<OrganisationInfo>>
{
    public Task<IReadOnlyList<OrganisationInfo>> Handle(GetOrganisationsQuery request, CancellationToken ct) =>
        db.QueryAsync<OrganisationInfo>($"{OrganisationReads.InfoSelect} where o.id = any(@Ids) order by o.name, o.id", request, ct);
}

internal sealed class ListReferralPartnersHandler(IDbSession db) : IRequestHandler<ListReferralPartnersQuery, IReadOnlyList<OrganisationInfo>>
{
    public Task<IReadOnlyList<OrganisationInfo>> Handle(ListReferralPartnersQuery request, CancellationToken ct) =>
        db.QueryAsync<OrganisationInfo>(
            $"""
            {OrganisationReads.InfoSelect}
            where o.is_active and o.accepts_referrals
              and (@Kind::text is null or o.kind = @Kind)
              and (@RegionCode::text is null or exists (
                    select 1 from partners.organisation_regions r where r.organisation_id = o.id and r.region_code = @RegionCode))
            order by o.name, o.id
            """, request, ct);
}
