using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Partners.Contracts;

namespace Bezirksplattform.Partners.Network;

/// <summary>The values partners.organisations allows (its check constraints), as the API spells them.</summary>
internal static class OrganisationKinds
{
    public static readonly string[] All =
        ["association", "ggmbh", "company", "public_agency", "district_office_unit", "university", "welfare_federation", "chamber", "other"];

    public static readonly string[] SizeClasses = ["micro", "small", "medium", "large"];
}

internal sealed record OrganisationRef(Guid Id, string Name, string Kind, bool IsActive);

internal sealed record RegionRef(string Code, string Name);

/// <summary>One organisation with what surrounds it: regions served, parent, children, current affiliations.</summary>
internal sealed record OrganisationView(
    Guid Id, string Name, string? ShortName, string Kind, string? SizeClass, Guid? ParentId, string? DistrictCode,
    string? Email, string? Phone, string? Website, string? Street, string? PostalCode, string? City, bool AcceptsReferrals,
    string? Notes, bool IsActive, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    string[] RegionCodes, IReadOnlyList<RegionRef> Regions, OrganisationRef? Parent, IReadOnlyList<OrganisationRef> Children,
    IReadOnlyList<AffiliationView> CurrentAffiliations);

internal static class OrganisationReads
{
    /// <summary>The codes of the regions organisation <c>o</c> serves, as a text[] column.</summary>
    public const string RegionCodes =
        """
        coalesce((select array_agg(r.region_code order by r.region_code) from partners.organisation_regions r where r.organisation_id = o.id),
                 '{}') as region_codes
        """;

    /// <summary>Columns in the order of <see cref="OrganisationInfo"/>'s constructor.</summary>
    public const string InfoSelect =
        $"""
        select o.id, o.name, o.short_name, o.kind, o.district_code, {RegionCodes},
               o.email, o.phone, o.website, o.accepts_referrals, o.is_active
        from partners.organisations o
        """;

    public static async Task<OrganisationView?> FindAsync(IDbSession db, Guid id, DateOnly today, CancellationToken ct)
    {
        await using var grid = await db.QueryMultipleAsync(
            """
            select o.id, o.name, o.short_name, o.kind, o.size_class, o.parent_id, o.district_code, o.email, o.phone, o.website,
                   o.street, o.postal_code, o.city, o.accepts_referrals, o.notes, o.is_active, o.version, o.created_at, o.updated_at
            from partners.organisations o where o.id = @id;
            select r.code, r.name from partners.organisation_regions x join partners.regions r on r.code = x.region_code
            where x.organisation_id = @id order by r.code;
            select p.id, p.name, p.kind, p.is_active from partners.organisations o join partners.organisations p on p.id = o.parent_id where o.id = @id;
            select c.id, c.name, c.kind, c.is_active from partners.organisations c where c.parent_id = @id order by c.is_active desc, c.name;
            """, new { id }, ct);
        var row = await grid.ReadSingleOrDefaultAsync<OrganisationRow>();
        if (row is null) return null;
        var regions = (await grid.ReadAsync<RegionRef>()).ToList();
        var parent = await grid.ReadSingleOrDefaultAsync<OrganisationRef>();
        var children = (await grid.ReadAsync<OrganisationRef>()).ToList();
        var affiliations = await AffiliationReads.ListAsync(db, personId: null, organisationId: id, today, currentOnly: true, ct);
        return new OrganisationView(row.Id, row.Name, row.ShortName, row.Kind, row.SizeClass, row.ParentId, row.DistrictCode,
            row.Email, row.Phone, row.Website, row.Street, row.PostalCode, row.City, row.AcceptsReferrals, row.Notes, row.IsActive,
            row.Version, row.CreatedAt, row.UpdatedAt, [.. regions.Select(r => r.Code)], regions, parent, children, affiliations);
    }

    public static async Task<OrganisationView> RequireAsync(IDbSession db, Guid id, TimeProvider clock, CancellationToken ct) =>
        await FindAsync(db, id, clock.Today(), ct) ?? throw new NotFoundException("Diese Organisation gibt es nicht.");

    private sealed record OrganisationRow(
        Guid Id, string Name, string? ShortName, string Kind, string? SizeClass, Guid? ParentId, string? DistrictCode,
        string? Email, string? Phone, string? Website, string? Street, string? PostalCode, string? City, bool AcceptsReferrals,
        string? Notes, bool IsActive, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
}
