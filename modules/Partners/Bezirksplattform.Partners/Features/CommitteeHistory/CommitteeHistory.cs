using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Identity.Contracts;
using Bezirksplattform.Partners.Committees;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.CommitteeHistory;

internal sealed record CommitteeHistoryEntry(
    long Id, string EntityType, Guid EntityId, string Action, JsonElement Changes, Guid? ChangedBy, string? ChangedByName, DateTimeOffset ChangedAt);

/// <summary>
/// The change history of a committee, oldest first: the committee itself, its memberships and its
/// meetings; with <c>MembershipId</c> only that membership's.
/// </summary>
internal sealed record CommitteeHistoryQuery(Guid CommitteeId, Guid? MembershipId) : IQuery<IReadOnlyList<CommitteeHistoryEntry>>;

internal sealed class CommitteeHistoryHandler(IDbSession db, IMediator mediator) : IRequestHandler<CommitteeHistoryQuery, IReadOnlyList<CommitteeHistoryEntry>>
{
    public async Task<IReadOnlyList<CommitteeHistoryEntry>> Handle(CommitteeHistoryQuery request, CancellationToken ct)
    {
        if (request.MembershipId is { } membershipId) await CommitteeReads.LoadMembershipAsync(db, request.CommitteeId, membershipId, ct);
        else await CommitteeReads.EnsureCommitteeAsync(db, request.CommitteeId, ct);

        // Deleted meetings keep their history rows: the ids are found through history itself.
        var rows = await db.QueryAsync<Row>(
            """
            select h.id, h.entity_type, h.entity_id, h.action, h.changes::text as changes, h.changed_by, h.changed_at
            from partners.history h
            where case when @MembershipId::uuid is not null then h.entity_type = 'membership' and h.entity_id = @MembershipId
                  else (h.entity_type = 'committee' and h.entity_id = @CommitteeId)
                    or (h.entity_type = 'membership' and h.entity_id in (select id from partners.committee_memberships where committee_id = @CommitteeId))
                    or (h.entity_type = 'meeting' and (h.entity_id in (select id from partners.committee_meetings where committee_id = @CommitteeId)
                        or (h.action = 'deleted' and h.changes ->> 'committeeId' = @CommitteeId::text)))
                  end
            order by h.id
            """, request, ct);

        var names = new Dictionary<Guid, string?>();
        foreach (var actor in rows.Select(r => r.ChangedBy).OfType<Guid>().Distinct())
            names[actor] = (await mediator.Send(new GetStaffUserQuery(actor), ct))?.DisplayName;

        return rows.Select(r => new CommitteeHistoryEntry(r.Id, r.EntityType, r.EntityId, r.Action, JsonDocument.Parse(r.Changes).RootElement.Clone(),
                r.ChangedBy, r.ChangedBy is { } by ? names[by] : null, r.ChangedAt))
            .ToList();
    }

    private sealed record Row(long Id, string EntityType, Guid EntityId, string Action, string Changes, Guid? ChangedBy, DateTimeOffset ChangedAt);
}

internal static class CommitteeHistoryEndpoints
{
    public static void MapCommitteeHistory(this IEndpointRouteBuilder committees)
    {
        committees.MapGet("/{id:guid}/history", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new CommitteeHistoryQuery(id, null), ct)))
            .WithName("CommitteeHistory").WithSummary("Änderungsverlauf: Gremium, Mitgliedschaften und Sitzungen, wer wann was geändert hat")
            .Produces<IReadOnlyList<CommitteeHistoryEntry>>().ProducesProblem(StatusCodes.Status404NotFound);

        committees.MapGet("/{id:guid}/memberships/{membershipId:guid}/history", async (Guid id, Guid membershipId, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new CommitteeHistoryQuery(id, membershipId), ct)))
            .WithName("CommitteeMembershipHistory").WithSummary("Änderungsverlauf einer Mitgliedschaft")
            .Produces<IReadOnlyList<CommitteeHistoryEntry>>().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
