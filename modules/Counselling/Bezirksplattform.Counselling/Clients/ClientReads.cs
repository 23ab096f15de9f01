using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Microsoft.AspNetCore.Http;

namespace Bezirksplattform.Counselling.Clients;

internal sealed record ContactView(string Name, string? Email, string? Phone, string? PostalAddress, int? BirthYear);

internal sealed record ConsentView(Guid Id, string Purpose, DateTimeOffset GivenAt, DateTimeOffset? WithdrawnAt);

internal sealed record ClientView(
    Guid Id, string ClientNumber, string Kind, string TargetGroup, string? DistrictCode, Guid OwnerId, Guid TeamId,
    DateTimeOffset? RestrictedAt, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, ContactView Contact,
    IReadOnlyList<ConsentView> Consents);

/// <summary>Loads one client with contact data and consents. Callers check access first (ClientAccess).</summary>
internal static class ClientReads
{
    public static async Task<ClientView> LoadAsync(IDbSession db, Guid id, CancellationToken ct)
    {
        using var grid = await db.QueryMultipleAsync(
            """
            select id, client_number, kind, target_group, district_code, owner_id, team_id, restricted_at, version, created_at, updated_at
            from counselling.clients where id = @id;
            select name, email, phone, postal_address, birth_year from counselling.client_contacts where client_id = @id;
            select id, purpose, given_at, withdrawn_at from counselling.consents where client_id = @id order by given_at, id;
            """, new { id }, ct);
        var row = await grid.ReadSingleOrDefaultAsync<Row>() ?? throw new NotFoundException(Access.ClientAccess.NotFound);
        var contact = await grid.ReadSingleOrDefaultAsync<ContactRow>();
        var consents = (await grid.ReadAsync<ConsentView>()).ToList();
        return new ClientView(row.Id, row.ClientNumber, row.Kind, row.TargetGroup, row.DistrictCode, row.OwnerId, row.TeamId,
            row.RestrictedAt, row.Version, row.CreatedAt, row.UpdatedAt,
            new ContactView(contact?.Name ?? "", contact?.Email, contact?.Phone, contact?.PostalAddress, contact?.BirthYear), consents);
    }

    private sealed record Row(
        Guid Id, string ClientNumber, string Kind, string TargetGroup, string? DistrictCode, Guid OwnerId, Guid TeamId,
        DateTimeOffset? RestrictedAt, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    private sealed record ContactRow(string Name, string? Email, string? Phone, string? PostalAddress, short? BirthYear);
}

/// <summary>Optimistic concurrency for client records: If-Match "3" (or the body's version); a stale one is 412.</summary>
internal static class ClientVersions
{
    public const string Missing = "Beim Ändern die Version angeben (Feld version oder Kopfzeile If-Match).";

    public static int? Expected(HttpContext http, int? bodyVersion)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0) return bodyVersion;
        return int.TryParse(ifMatch.Replace("W/", "", StringComparison.Ordinal).Trim('"', ' '), out var version)
            ? version
            : throw new FieldProblemException("If-Match", "Erwartet wird die Version als ETag, z. B. \"3\".");
    }

    /// <param name="what">What was changed meanwhile, as the start of the German sentence ("Der Klient", "Der Fall").</param>
    public static void Check(int current, int? expected, string what = "Der Klient")
    {
        if (expected is null) throw new FieldProblemException("version", Missing);
        if (current != expected)
            throw new PreconditionFailedException($"{what} wurde inzwischen geändert (Version {current}, Ihre Vorlage: {expected}). Bitte neu laden.");
    }

    public static IResult Answer(HttpContext http, ClientView view, string? createdAt = null)
    {
        http.Response.Headers.ETag = $"\"{view.Version}\"";
        return createdAt is null ? Results.Ok(view) : Results.Created(createdAt, view);
    }
}
