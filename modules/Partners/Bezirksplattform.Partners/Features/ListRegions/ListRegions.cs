using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Partners.Contracts;
using Bezirksplattform.Partners.Network;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.ListRegions;

/// <summary>The staff list: every region with district, city and version, optionally of one district.</summary>
internal sealed record ListRegionsQuery(string? DistrictCode) : IQuery<IReadOnlyList<RegionView>>;

internal sealed class ListRegionsHandler(IDbSession db) : IRequestHandler<ListRegionsQuery, IReadOnlyList<RegionView>>
{
    public Task<IReadOnlyList<RegionView>> Handle(ListRegionsQuery request, CancellationToken ct) =>
        RegionReads.ListAsync(db, request.DistrictCode, ct);
}

internal sealed record GetRegionQuery(string Code) : IQuery<RegionView?>;

internal sealed class GetRegionHandler(IDbSession db) : IRequestHandler<GetRegionQuery, RegionView?>
{
    public Task<RegionView?> Handle(GetRegionQuery request, CancellationToken ct) => RegionReads.FindAsync(db, request.Code, ct);
}

/// <summary>What other modules ask (Contracts): the same regions without the staff-only fields.</summary>
internal sealed class ListDistrictRegionsHandler(IDbSession db) : IRequestHandler<ListDistrictRegionsQuery, IReadOnlyList<DistrictRegionInfo>>
{
    public async Task<IReadOnlyList<DistrictRegionInfo>> Handle(ListDistrictRegionsQuery request, CancellationToken ct) =>
        [.. (await RegionReads.ListAsync(db, request.DistrictCode, ct)).Select(r => r.ToInfo())];
}

internal sealed class GetDistrictRegionHandler(IDbSession db) : IRequestHandler<GetDistrictRegionQuery, DistrictRegionInfo?>
{
    public async Task<DistrictRegionInfo?> Handle(GetDistrictRegionQuery request, CancellationToken ct) =>
        (await RegionReads.FindAsync(db, request.Code, ct))?.ToInfo();
}

internal static class ListRegionsEndpoints
{
    public static void MapListRegions(this IEndpointRouteBuilder partners)
    {
        partners.MapGet("/regions", async (string? district, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListRegionsQuery(Paging.Term(district)), ct)))
            .WithName("ListPartnerRegions").WithSummary("Bezirksregionen mit Bezirk und Stadt, nach Code geordnet (district= filtert)")
            .Produces<IReadOnlyList<RegionView>>();

        partners.MapGet("/regions/{code}", async (string code, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var region = await mediator.Send(new GetRegionQuery(code), ct) ?? throw new NotFoundException($"Die Bezirksregion '{code}' gibt es nicht.");
                return Versions.Answer(http, region, region.Version);
            })
            .WithName("GetPartnerRegion").WithSummary("Eine Bezirksregion").Produces<RegionView>().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
