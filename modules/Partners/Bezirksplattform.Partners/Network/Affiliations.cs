using Bezirksplattform.BuildingBlocks.Data;

namespace Bezirksplattform.Partners.Network;

/// <summary>
/// A person's role at an organisation over a period (Popolo: membership). Current means the
/// Berlin date of today lies within [validFrom, validUntil]; an open end counts as unbounded.
/// </summary>
internal sealed record AffiliationView(
    Guid Id, Guid PersonId, string PersonName, Guid OrganisationId, string OrganisationName, string Role,
    DateOnly? ValidFrom, DateOnly? ValidUntil, bool IsCurrent, int Version);

internal static class AffiliationReads
{
    public const string PersonName = "concat_ws(' ', p.title, p.given_name, p.family_name)";

    // Columns in the order of AffiliationView's constructor; @today decides is_current.
    private const string Select =
        $"""
        select a.id, a.person_id, {PersonName} as person_name, a.organisation_id, o.name as organisation_name, a.role,
               a.valid_from, a.valid_until,
               (coalesce(a.valid_from <= @today, true) and coalesce(a.valid_until >= @today, true)) as is_current, a.version
        from partners.affiliations a
        join partners.people p on p.id = a.person_id
        join partners.organisations o on o.id = a.organisation_id
        """;

    /// <summary>Current ones first, then the most recent start.</summary>
    public static Task<IReadOnlyList<AffiliationView>> ListAsync(IDbSession db, Guid? personId, Guid? organisationId, DateOnly today,
        bool currentOnly, CancellationToken ct) =>
        db.QueryAsync<AffiliationView>(
            $"""
            select * from (
                {Select}
                where (@personId::uuid is null or a.person_id = @personId)
                  and (@organisationId::uuid is null or a.organisation_id = @organisationId)
            ) x
            where not @currentOnly or x.is_current
            order by x.is_current desc, x.valid_from desc nulls last, x.person_name, x.id
            """, new { personId, organisationId, today, currentOnly }, ct);

    public static Task<AffiliationView?> FindAsync(IDbSession db, Guid id, DateOnly today, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<AffiliationView>($"{Select} where a.id = @id", new { id, today }, ct);
}
