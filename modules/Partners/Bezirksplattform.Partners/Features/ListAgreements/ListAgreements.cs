using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Partners.Agreements;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.ListAgreements;

internal sealed record AgreementSummary(
    Guid Id, string Title, string? DistrictCode, DateOnly? ValidFrom, DateOnly? ValidUntil, DateOnly? TerminatedOn, string Status,
    int? DaysUntilExpiry, long PartyCount, int Version, DateTimeOffset UpdatedAt);

internal sealed record AgreementPage(IReadOnlyList<AgreementSummary> Items, int Page, int PageSize, long Total);

internal sealed record ListAgreementsQuery(string? Status, string? District, Guid? Organisation, string? Q, int Page, int PageSize) : IQuery<AgreementPage>;

internal sealed class ListAgreementsHandler(IDbSession db, TimeProvider clock) : IRequestHandler<ListAgreementsQuery, AgreementPage>
{
    public async Task<AgreementPage> Handle(ListAgreementsQuery request, CancellationToken ct)
    {
        const string Where =
            $"""
            {AgreementReads.FromWithStatus}
            where (@Status::text is null or s.status = @Status)
              and (@District::text is null or a.district_code = @District)
              and (@Organisation::uuid is null or exists (select 1 from partners.agreement_parties p where p.agreement_id = a.id and p.organisation_id = @Organisation))
              and (@Q::text is null or a.title ilike '%' || @Q || '%')
            """;
        var args = new
        {
            request.Status, request.District, request.Organisation, request.Q, today = clock.Today(),
            request.PageSize, Offset = (request.Page - 1) * request.PageSize,
        };
        var items = await db.QueryAsync<AgreementSummary>(
            $"""
            select a.id, a.title, a.district_code, a.valid_from, a.valid_until, a.terminated_on, s.status,
                   {AgreementReads.DaysUntilExpiry} as days_until_expiry,
                   (select count(*) from partners.agreement_parties p where p.agreement_id = a.id) as party_count, a.version, a.updated_at
            {Where}
            order by a.title, a.id
            limit @PageSize offset @Offset
            """, args, ct);
        var total = await db.ExecuteScalarAsync<long>($"select count(*) {Where}", args, ct);
        return new AgreementPage(items, request.Page, request.PageSize, total);
    }
}

internal static class ListAgreementsEndpoint
{
    public static void MapListAgreements(this IEndpointRouteBuilder agreements) =>
        agreements.MapGet("", async (string? status, string? district, string? organisation, string? q, int? page, int? pageSize,
                IMediator mediator, CancellationToken ct) =>
            {
                if (status is not null && !AgreementStatuses.All.Contains(status))
                    throw new FieldProblemException("status", $"Erlaubt: {string.Join(", ", AgreementStatuses.All)}.");
                Guid? organisationId = null;
                if (!string.IsNullOrWhiteSpace(organisation))
                    organisationId = Guid.TryParse(organisation, out var parsed) ? parsed : throw new FieldProblemException("organisation", "Erwartet wird die Id einer Organisation.");
                if (page is < 1) throw new FieldProblemException("page", "Ab 1.");
                if (pageSize is < 1 or > 100) throw new FieldProblemException("pageSize", "1 bis 100.");
                return Results.Ok(await mediator.Send(new ListAgreementsQuery(status, string.IsNullOrWhiteSpace(district) ? null : district.Trim(),
                    organisationId, string.IsNullOrWhiteSpace(q) ? null : q.Trim(), page ?? 1, pageSize ?? 25), ct));
            })
            .WithName("ListAgreements")
            .WithSummary("Kooperationsvereinbarungen, filterbar nach abgeleitetem Status (z. B. expiring), Bezirk und beteiligter Organisation")
            .Produces<AgreementPage>().ProducesValidationProblem();
}
