using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Partners.Committees;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.ListCommittees;

internal sealed record CommitteeSummary(
    Guid Id, string Name, string Kind, string? DistrictCode, Guid? ChairingOrganisationId, string? ChairingOrganisationName, Guid? AgreementId,
    DateOnly? FoundedOn, DateOnly? DissolvedOn, int CurrentMemberCount, string? CurrentChair);

/// <summary>
/// Committees by name. <c>OrganisationId</c> matches the chairing organisation or a seat held on its
/// behalf, <c>PersonId</c> a seat the person holds; seats count when valid on the Berlin date today.
/// </summary>
internal sealed record ListCommitteesQuery(string? Kind, string? DistrictCode, Guid? OrganisationId, Guid? PersonId) : IQuery<IReadOnlyList<CommitteeSummary>>;

internal sealed class ListCommitteesHandler(IDbSession db, TimeProvider clock) : IRequestHandler<ListCommitteesQuery, IReadOnlyList<CommitteeSummary>>
{
    public Task<IReadOnlyList<CommitteeSummary>> Handle(ListCommitteesQuery request, CancellationToken ct) =>
        db.QueryAsync<CommitteeSummary>(
            """
            select c.id, c.name, c.kind, c.district_code, c.chairing_organisation_id, o.name as chairing_organisation_name, c.agreement_id,
                   c.founded_on, c.dissolved_on,
                   (select count(*)::int from partners.committee_memberships m where m.committee_id = c.id and m.term @> @today) as current_member_count,
                   (select coalesce(nullif(concat_ws(' ', p.title, p.given_name, p.family_name), ''), m.seat_title, mo.name)
                    from partners.committee_memberships m
                    left join partners.people p on p.id = m.person_id
                    left join partners.organisations mo on mo.id = m.on_behalf_of_organisation_id
                    where m.committee_id = c.id and m.role = 'chair' and m.term @> @today) as current_chair
            from partners.committees c
            left join partners.organisations o on o.id = c.chairing_organisation_id
            where (@Kind::text is null or c.kind = @Kind)
              and (@DistrictCode::text is null or c.district_code = @DistrictCode)
              and (@OrganisationId::uuid is null or c.chairing_organisation_id = @OrganisationId
                   or exists (select 1 from partners.committee_memberships m
                              where m.committee_id = c.id and m.on_behalf_of_organisation_id = @OrganisationId and m.term @> @today))
              and (@PersonId::uuid is null
                   or exists (select 1 from partners.committee_memberships m where m.committee_id = c.id and m.person_id = @PersonId and m.term @> @today))
            order by c.name, c.id
            """, new { request.Kind, request.DistrictCode, request.OrganisationId, request.PersonId, today = clock.Today() }, ct);
}

internal static class ListCommitteesEndpoint
{
    public static void MapListCommittees(this IEndpointRouteBuilder committees) =>
        committees.MapGet("/", async (string? kind, string? district, Guid? organisationId, Guid? personId, IMediator mediator, CancellationToken ct) =>
            {
                if (kind is not null && !CommitteeKinds.All.Contains(kind)) throw new FieldProblemException("kind", Allowed.Message(CommitteeKinds.All));
                return Results.Ok(await mediator.Send(new ListCommitteesQuery(kind, string.IsNullOrWhiteSpace(district) ? null : district.Trim(), organisationId, personId), ct));
            })
            .WithName("ListCommittees").WithSummary("Gremien, gefiltert nach Art, Bezirk, Organisation (Vorsitz oder Sitz) oder Person")
            .Produces<IReadOnlyList<CommitteeSummary>>().ProducesValidationProblem();
}
