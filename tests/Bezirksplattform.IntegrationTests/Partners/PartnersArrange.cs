using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;

namespace Bezirksplattform.IntegrationTests.Partners;

/// <summary>
/// Arranges partner-network records that a test needs in place but does not test (organisations,
/// people). Tests of the rules themselves go through the staff API.
/// </summary>
public static class PartnersArrange
{
    public static async Task<Guid> OrganisationAsync(TestDatabase db, string name, string kind = "association", string? district = "09",
        bool acceptsReferrals = false, params string[] regions)
    {
        var id = Guid.NewGuid();
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            insert into partners.organisations (id, name, kind, district_code, accepts_referrals, created_at, updated_at)
            values (@id, @name, @kind, @district, @acceptsReferrals, now(), now())
            """, new { id, name, kind, district, acceptsReferrals });
        foreach (var region in regions)
            await connection.ExecuteAsync("insert into partners.organisation_regions (organisation_id, region_code) values (@id, @region)", new { id, region });
        return id;
    }

    /// <summary>An organisation under a given id, e.g. one of the demo ids other demo seeders point at.</summary>
    public static async Task<Guid> OrganisationAsync(TestDatabase db, Guid id, string name, string kind = "association", string? district = "09")
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            insert into partners.organisations (id, name, kind, district_code, created_at, updated_at)
            values (@id, @name, @kind, @district, now(), now()) on conflict (id) do nothing
            """, new { id, name, kind, district });
        return id;
    }

    public static async Task<Guid> PersonAsync(TestDatabase db, string givenName, string familyName, string? email = null)
    {
        var id = Guid.NewGuid();
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "insert into partners.people (id, given_name, family_name, email, created_at, updated_at) values (@id, @givenName, @familyName, @email, now(), now())",
            new { id, givenName, familyName, email });
        return id;
    }
}
