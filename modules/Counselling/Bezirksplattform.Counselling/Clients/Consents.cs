using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;

namespace Bezirksplattform.Counselling.Clients;

/// <summary>Whether a client's consent for a purpose stands (given and not withdrawn); what needs one refuses with 409 naming <c>consent</c>.</summary>
internal static class Consents
{
    public static Task<bool> IsActiveAsync(IDbSession db, Guid clientId, string purpose, CancellationToken ct) =>
        db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from counselling.consents where client_id = @clientId and purpose = @purpose and withdrawn_at is null)",
            new { clientId, purpose }, ct);

    public static async Task RequireAsync(IDbSession db, Guid clientId, string purpose, string detail, CancellationToken ct)
    {
        if (!await IsActiveAsync(db, clientId, purpose, ct)) throw Missing("consent", detail);
    }

    /// <summary>A 409 whose errors name what is missing (consent, email, kind), so a client can say what to do.</summary>
    public static ProblemException Missing(string field, string detail) =>
        new(409, "Voraussetzung fehlt", detail, new Dictionary<string, string[]> { [field] = [detail] });
}
