using System.Security.Cryptography;
using System.Text;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Partners.Contracts;

namespace Bezirksplattform.Partners.Network;

/// <summary>A district region as staff see it: the Contracts fields plus the version to edit it with.</summary>
internal sealed record RegionView(string Code, string Name, string DistrictCode, string DistrictName, string City, bool IsActive,
    int Version, DateTimeOffset UpdatedAt)
{
    public DistrictRegionInfo ToInfo() => new(Code, Name, DistrictCode, DistrictName, City, IsActive);
}

internal static class RegionReads
{
    private const string Select =
        """
        select r.code, r.name, r.district_code, d.name as district_name, d.city, r.is_active, r.version, r.updated_at
        from partners.regions r
        join partners.districts d on d.code = r.district_code
        """;

    public static Task<IReadOnlyList<RegionView>> ListAsync(IDbSession db, string? districtCode, CancellationToken ct) =>
        db.QueryAsync<RegionView>($"{Select} where (@districtCode::text is null or r.district_code = @districtCode) order by r.code",
            new { districtCode }, ct);

    public static Task<RegionView?> FindAsync(IDbSession db, string code, CancellationToken ct, bool forUpdate = false) =>
        db.QuerySingleOrDefaultAsync<RegionView>($"{Select} where r.code = @code{(forUpdate ? " for update of r" : "")}", new { code }, ct);

    /// <summary>
    /// partners.history keys rows by uuid; a region is keyed by its code, so its history id is a
    /// name-based uuid of the code (stable, computable by anyone who knows the code).
    /// </summary>
    public static Guid HistoryId(string code) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes("partners.region:" + code)));
}
