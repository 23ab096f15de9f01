using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Coaching.Founders;
using Bezirksplattform.Coaching.Staff;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.GetFounder;

/// <summary>A founder with the history of their bookings (outcome, attendance, the coach's notes) and their journey.</summary>
internal sealed record GetFounderQuery(Guid Id, StaffViewer Viewer) : IQuery<FounderDetail>;

internal sealed class GetFounderHandler(IDbSession db, TimeProvider clock) : IRequestHandler<GetFounderQuery, FounderDetail>
{
    public async Task<FounderDetail> Handle(GetFounderQuery request, CancellationToken ct) =>
        await FounderReads.DetailAsync(db, request.Id, await request.Viewer.CoachFilterAsync(db, ct), clock.GetUtcNow(), ct);
}

internal static class GetFounderEndpoint
{
    public static void MapGetFounder(this IEndpointRouteBuilder staff) =>
        staff.MapGet("/founders/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetFounderQuery(id, StaffViewer.From(http)), ct)))
            .WithName("GetCoachingFounder")
            .WithSummary("Gründerin/Gründer mit Buchungsverlauf, Ergebnissen und Gründungsweg")
            .Produces<FounderDetail>().ProducesProblem(StatusCodes.Status404NotFound);
}
