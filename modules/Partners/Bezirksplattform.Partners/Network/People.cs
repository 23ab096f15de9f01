using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;

namespace Bezirksplattform.Partners.Network;

/// <summary>A contact person with all their affiliations, current ones first.</summary>
internal sealed record PersonView(
    Guid Id, string? Title, string? GivenName, string FamilyName, string DisplayName, string? Email, string? Phone, string? Notes,
    int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<AffiliationView> Affiliations);

internal static class PersonReads
{
    public static async Task<PersonView> RequireAsync(IDbSession db, Guid id, TimeProvider clock, CancellationToken ct)
    {
        var row = await db.QuerySingleOrDefaultAsync<PersonRow>(
            $"""
            select p.id, p.title, p.given_name, p.family_name, {AffiliationReads.PersonName} as display_name, p.email, p.phone, p.notes,
                   p.version, p.created_at, p.updated_at
            from partners.people p where p.id = @id
            """, new { id }, ct) ?? throw new NotFoundException("Diese Person gibt es nicht.");
        var affiliations = await AffiliationReads.ListAsync(db, personId: id, organisationId: null, clock.Today(), currentOnly: false, ct);
        return new PersonView(row.Id, row.Title, row.GivenName, row.FamilyName, row.DisplayName, row.Email, row.Phone, row.Notes,
            row.Version, row.CreatedAt, row.UpdatedAt, affiliations);
    }

    private sealed record PersonRow(
        Guid Id, string? Title, string? GivenName, string FamilyName, string DisplayName, string? Email, string? Phone, string? Notes,
        int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
}
