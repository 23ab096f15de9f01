using Bezirksplattform.BuildingBlocks.Contracts;

namespace Bezirksplattform.Partners.Contracts;

/// <summary>A district region (Bezirksregion / Ortsteil / quarter) with its stable code and district.</summary>
public sealed record DistrictRegionInfo(string Code, string Name, string DistrictCode, string DistrictName, string City, bool IsActive);

/// <summary>All district regions, optionally of one district, ordered by code.</summary>
public sealed record ListDistrictRegionsQuery(string? DistrictCode = null) : IQuery<IReadOnlyList<DistrictRegionInfo>>;

/// <summary>One district region by code, or null.</summary>
public sealed record GetDistrictRegionQuery(string Code) : IQuery<DistrictRegionInfo?>;

/// <summary>
/// A district region was created or changed (renamed, moved, deactivated). Consumers keep their own
/// read model keyed by <see cref="DistrictRegionInfo.Code"/>; the newest <c>OccurredAt</c> wins.
/// </summary>
[IntegrationEventName("partners.district-region-changed.v1")]
public sealed record DistrictRegionChanged(DistrictRegionInfo Region) : IntegrationEvent;
