using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Partners.Contracts;
using MediatR;

namespace Bezirksplattform.Counselling.Clients;

/// <summary>
/// A client's district code must be an active region of the partner network (asked through
/// Partners.Contracts), so that reporting by region adds up with the network's regions.
/// </summary>
internal static class DistrictRegions
{
    public static async Task EnsureKnownAsync(IMediator mediator, string? code, CancellationToken ct)
    {
        if (code is null) return;
        var region = await mediator.Send(new GetDistrictRegionQuery(code), ct);
        if (region is null)
            throw new FieldProblemException("districtCode", $"Die Bezirksregion '{code}' gibt es im Partnernetzwerk nicht (z. B. 0901 für Alt-Treptow).");
        if (!region.IsActive)
            throw new FieldProblemException("districtCode", $"Die Bezirksregion '{code}' ({region.Name}) ist nicht mehr aktiv.");
    }
}
