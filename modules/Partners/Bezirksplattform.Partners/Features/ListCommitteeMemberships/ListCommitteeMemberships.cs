using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Partners.Committees;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.ListCommitteeMemberships;

/// <summary>All memberships of a committee, past and future included; with <c>At</c> only those valid on that day.</summary>
internal sealed record ListCommitteeMembershipsQuery(Guid CommitteeId, DateOnly? At) : IQuery<IReadOnlyList<MembershipView>>;

internal sealed class ListCommitteeMembershipsHandler(IDbSession db) : IRequestHandler<ListCommitteeMembershipsQuery, IReadOnlyList<MembershipView>>
{
    public async Task<IReadOnlyList<MembershipView>> Handle(ListCommitteeMembershipsQuery request, CancellationToken ct)
    {
        await CommitteeReads.EnsureCommitteeAsync(db, request.CommitteeId, ct);
        return await db.QueryAsync<MembershipView>(
            CommitteeReads.MembershipSelect + " where m.committee_id = @CommitteeId and (@At::date is null or m.term @> @At::date) " + CommitteeReads.MembershipOrder,
            request, ct);
    }
}

internal static class ListCommitteeMembershipsEndpoint
{
    public static void MapListCommitteeMemberships(this IEndpointRouteBuilder committees) =>
        committees.MapGet("/{id:guid}/memberships", async (Guid id, DateOnly? at, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListCommitteeMembershipsQuery(id, at), ct)))
            .WithName("ListCommitteeMemberships").WithSummary("Mitgliedschaften eines Gremiums, auch vergangene; ?at=JJJJ-MM-TT für den Stand an einem Tag")
            .Produces<IReadOnlyList<MembershipView>>().ProducesProblem(StatusCodes.Status404NotFound);
}
