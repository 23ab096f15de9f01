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

internal sealed record GetCommitteeMembershipQuery(Guid CommitteeId, Guid MembershipId) : IQuery<MembershipView>;

internal sealed class GetCommitteeMembershipHandler(IDbSession db) : IRequestHandler<GetCommitteeMembershipQuery, MembershipView>
{
    public Task<MembershipView> Handle(GetCommitteeMembershipQuery request, CancellationToken ct) =>
        CommitteeReads.LoadMembershipAsync(db, request.CommitteeId, request.MembershipId, ct);
}

internal static class ListCommitteeMembershipsEndpoint
{
    public static void MapListCommitteeMemberships(this IEndpointRouteBuilder committees)
    {
        committees.MapGet("/{id:guid}/memberships/{membershipId:guid}", async (Guid id, Guid membershipId, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var membership = await mediator.Send(new GetCommitteeMembershipQuery(id, membershipId), ct);
                http.Response.Headers.ETag = CommitteeReads.ETagOf(membership.Version);
                return Results.Ok(membership);
            })
            .WithName("GetCommitteeMembership").WithSummary("Eine Mitgliedschaft (mit ETag für Änderungen)")
            .Produces<MembershipView>().ProducesProblem(StatusCodes.Status404NotFound);

        committees.MapGet("/{id:guid}/memberships", async (Guid id, DateOnly? at, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListCommitteeMembershipsQuery(id, at), ct)))
            .WithName("ListCommitteeMemberships").WithSummary("Mitgliedschaften eines Gremiums, auch vergangene; ?at=JJJJ-MM-TT für den Stand an einem Tag")
            .Produces<IReadOnlyList<MembershipView>>().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
