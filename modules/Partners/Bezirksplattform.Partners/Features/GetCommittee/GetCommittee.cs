using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Partners.Committees;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.GetCommittee;

internal sealed record ChairingOrganisationRef(Guid Id, string Name);

/// <summary>Today's members by role (Berlin date).</summary>
internal sealed record CurrentMembers(
    IReadOnlyList<MembershipView> Chair, IReadOnlyList<MembershipView> Deputy, IReadOnlyList<MembershipView> Member, IReadOnlyList<MembershipView> Guest);

internal sealed record CommitteeDetail(
    Guid Id, string Name, string Kind, string? Purpose, string? DistrictCode, ChairingOrganisationRef? ChairingOrganisation, Guid? AgreementId,
    DateOnly? FoundedOn, DateOnly? DissolvedOn, int Version, DateTimeOffset UpdatedAt, CurrentMembers CurrentMembers,
    IReadOnlyList<MeetingView> UpcomingMeetings);

internal sealed record GetCommitteeQuery(Guid Id) : IQuery<CommitteeDetail>;

internal sealed class GetCommitteeHandler(IDbSession db, TimeProvider clock) : IRequestHandler<GetCommitteeQuery, CommitteeDetail>
{
    private const int UpcomingMeetings = 5;

    public async Task<CommitteeDetail> Handle(GetCommitteeQuery request, CancellationToken ct)
    {
        var c = await CommitteeReads.LoadCommitteeAsync(db, request.Id, ct);
        var members = (await db.QueryAsync<MembershipView>(
            CommitteeReads.MembershipSelect + " where m.committee_id = @Id and m.term @> @today " + CommitteeReads.MembershipOrder,
            new { c.Id, today = clock.Today() }, ct)).ToLookup(m => m.Role);
        var meetings = await CommitteeReads.MeetingsAsync(db,
            $"where g.committee_id = @Id and g.status = 'planned' and g.starts_at >= @now order by g.starts_at limit {UpcomingMeetings}",
            new { c.Id, now = clock.GetUtcNow() }, ct);

        return new CommitteeDetail(c.Id, c.Name, c.Kind, c.Purpose, c.DistrictCode,
            c.ChairingOrganisationId is { } orgId ? new ChairingOrganisationRef(orgId, c.ChairingOrganisationName!) : null,
            c.AgreementId, c.FoundedOn, c.DissolvedOn, c.Version, c.UpdatedAt,
            new CurrentMembers([.. members[MembershipRoles.Chair]], [.. members[MembershipRoles.Deputy]], [.. members[MembershipRoles.Member]],
                [.. members[MembershipRoles.Guest]]),
            meetings);
    }
}

internal static class GetCommitteeEndpoint
{
    public static void MapGetCommittee(this IEndpointRouteBuilder committees) =>
        committees.MapGet("/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var committee = await mediator.Send(new GetCommitteeQuery(id), ct);
                http.Response.Headers.ETag = CommitteeReads.ETagOf(committee.Version);
                return Results.Ok(committee);
            })
            .WithName("GetCommittee").WithSummary("Gremium mit heutigen Mitgliedern nach Rolle, Vorsitz-Organisation, Vereinbarung und nächsten Sitzungen")
            .Produces<CommitteeDetail>().ProducesProblem(StatusCodes.Status404NotFound);
}
