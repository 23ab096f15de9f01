using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;

namespace Bezirksplattform.Partners.Programmes;

/// <summary>
/// Checks ids and codes a client refers to against the stored records, so an unknown one is a 400
/// naming the field (e.g. <c>regionCodes[2]</c>) instead of a foreign-key violation.
/// </summary>
internal static class References
{
    public static async Task DistrictAsync(IDbSession db, string? code, string field, CancellationToken ct)
    {
        if (code is not null && !await db.ExecuteScalarAsync<bool>("select exists (select 1 from partners.districts where code = @code)", new { code }, ct))
            throw new FieldProblemException(field, $"Unbekannter Bezirk '{code}'.");
    }

    public static async Task OrganisationAsync(IDbSession db, Guid? id, string field, CancellationToken ct)
    {
        if (id is not null && !await db.ExecuteScalarAsync<bool>("select exists (select 1 from partners.organisations where id = @id)", new { id }, ct))
            throw new FieldProblemException(field, "Diese Organisation gibt es nicht.");
    }

    public static async Task FieldOfActionAsync(IDbSession db, Guid? id, string field, CancellationToken ct)
    {
        if (id is not null && !await db.ExecuteScalarAsync<bool>("select exists (select 1 from partners.fields_of_action where id = @id)", new { id }, ct))
            throw new FieldProblemException(field, "Dieses Handlungsfeld gibt es nicht.");
    }

    public static async Task ActionPlanAsync(IDbSession db, Guid? id, string field, CancellationToken ct)
    {
        if (id is not null && !await db.ExecuteScalarAsync<bool>("select exists (select 1 from partners.action_plans where id = @id)", new { id }, ct))
            throw new FieldProblemException(field, "Diesen Aktionsplan gibt es nicht.");
    }

    /// <summary>Every position of <paramref name="ids"/> (null entries skipped) whose id is not in <paramref name="table"/>, as one 400.</summary>
    public static async Task IdsAsync(IDbSession db, string table, IReadOnlyList<Guid?> ids, Func<int, string> field, string message, CancellationToken ct)
    {
        var wanted = ids.OfType<Guid>().Distinct().ToArray();
        if (wanted.Length == 0) return;
        var known = (await db.QueryAsync<Guid>($"select id from partners.{table} where id = any(@wanted)", new { wanted }, ct)).ToHashSet();
        Fail(ids.Select((id, i) => (id, i)).Where(x => x.id is { } v && !known.Contains(v)).Select(x => field(x.i)), message);
    }

    /// <summary>Region codes must exist; with a district given they must lie in it.</summary>
    public static async Task RegionsAsync(IDbSession db, IReadOnlyList<string> codes, string? districtCode, string field, CancellationToken ct)
    {
        if (codes.Count == 0) return;
        var known = (await db.QueryAsync<(string Code, string District)>(
            "select code, district_code from partners.regions where code = any(@codes)", new { codes = codes.ToArray() }, ct)).ToDictionary(r => r.Code, r => r.District);
        var errors = new Dictionary<string, string[]>();
        foreach (var (code, i) in codes.Select((c, i) => (c, i)))
        {
            if (!known.TryGetValue(code, out var district)) errors[$"{field}[{i}]"] = ["Unbekannte Bezirksregion."];
            else if (districtCode is not null && district != districtCode) errors[$"{field}[{i}]"] = [$"Liegt nicht im Bezirk '{districtCode}' (Feld districtCode)."];
        }

        Fail(errors);
    }

    private static void Fail(IEnumerable<string> fields, string message) => Fail(fields.Distinct().ToDictionary(f => f, _ => new[] { message }));

    private static void Fail(Dictionary<string, string[]> errors)
    {
        if (errors.Count > 0)
            throw new ProblemException(400, "Die Anfrage ist ungültig.", $"Mindestens ein Feld ist ungültig: {string.Join(", ", errors.Keys)}.", errors);
    }
}
