using Bezirksplattform.BuildingBlocks.Contracts;

namespace Bezirksplattform.Partners.Contracts;

/// <summary>
/// An organisation of the partner network as other modules see it. <c>Kind</c> is one of
/// association, ggmbh, company, public_agency, district_office_unit, university,
/// welfare_federation, chamber, other.
/// </summary>
public sealed record OrganisationInfo(
    Guid Id, string Name, string? ShortName, string Kind, string? DistrictCode, string[] RegionCodes,
    string? Email, string? Phone, string? Website, bool AcceptsReferrals, bool IsActive);

/// <summary>One organisation by id, or null.</summary>
public sealed record GetOrganisationQuery(Guid Id) : IQuery<OrganisationInfo?>;

/// <summary>Several organisations by id (unknown ids are left out), e.g. to show names in a list.</summary>
public sealed record GetOrganisationsQuery(Guid[] Ids) : IQuery<IReadOnlyList<OrganisationInfo>>;

/// <summary>
/// Active organisations that take referrals (e.g. for counsellors referring a client),
/// optionally only those serving a district region and/or of one kind, ordered by name.
/// </summary>
public sealed record ListReferralPartnersQuery(string? RegionCode = null, string? Kind = null) : IQuery<IReadOnlyList<OrganisationInfo>>;
