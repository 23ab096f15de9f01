using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Referrals;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.ListClientReferrals;

/// <summary>A visible client's referrals with their status history, newest first; logged as 'read'.</summary>
internal sealed record ListClientReferralsCommand(Guid ClientId, Viewer Viewer) : ICommand<IReadOnlyList<ReferralView>>;

internal sealed class ListClientReferralsHandler(IDbSession db, TimeProvider clock) : IRequestHandler<ListClientReferralsCommand, IReadOnlyList<ReferralView>>
{
    public async Task<IReadOnlyList<ReferralView>> Handle(ListClientReferralsCommand request, CancellationToken ct)
    {
        await ClientAccess.RequireVisibleAsync(db, request.Viewer, request.ClientId, forUpdate: false, ct);
        var referrals = await ReferralReads.LoadAsync(db, request.ClientId, null, ct);
        await ClientAccess.LogAsync(db, request.Viewer, "read", request.ClientId, "referrals", clock.GetUtcNow(), ct);
        return referrals;
    }
}

internal static class ListClientReferralsEndpoints
{
    public static void MapListClientReferrals(this IEndpointRouteBuilder counselling) =>
        counselling.MapGet("/clients/{id:guid}/referrals", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListClientReferralsCommand(id, Viewer.From(http)), ct)))
            .WithName("ListClientReferrals").WithSummary("Vermittlungen eines Klienten mit Statusverlauf (wird protokolliert)")
            .Produces<IReadOnlyList<ReferralView>>().ProducesProblem(StatusCodes.Status404NotFound);
}
