using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Clients;
using Bezirksplattform.Partners.Contracts;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.ListReferralPartners;

/// <summary>
/// The partner organisations a visible client can be referred to: active, taking referrals, serving
/// the client's district region (all of them when the client has no region code), optionally of one kind.
/// </summary>
internal sealed record ReferralPartnersOfClientQuery(Guid ClientId, string? Kind, Viewer Viewer) : IQuery<ReferralPartners>;

internal sealed record ReferralPartner(Guid Id, string Name, string? ShortName, string Kind, string? Email, string? Phone, string? Website, string[] RegionCodes);

/// <summary><c>RegionCode</c>: the region the list is filtered by, null when it lists every referral partner.</summary>
internal sealed record ReferralPartners(string? RegionCode, IReadOnlyList<ReferralPartner> Items);

internal sealed class ListReferralPartnersValidator : AbstractValidator<ReferralPartnersOfClientQuery>
{
    public static readonly IReadOnlySet<string> Kinds = new HashSet<string>([
        "association", "ggmbh", "company", "public_agency", "district_office_unit", "university", "welfare_federation", "chamber", "other",
    ]);

    public ListReferralPartnersValidator() =>
        RuleFor(x => x.Kind).Must(k => k is null || Kinds.Contains(k)).WithMessage(CounsellingVocabulary.Allowed(Kinds));
}

internal sealed class ListReferralPartnersHandler(IDbSession db, IMediator mediator) : IRequestHandler<ReferralPartnersOfClientQuery, ReferralPartners>
{
    public async Task<ReferralPartners> Handle(ReferralPartnersOfClientQuery request, CancellationToken ct)
    {
        await ClientAccess.RequireVisibleAsync(db, request.Viewer, request.ClientId, forUpdate: false, ct);
        var region = await db.QuerySingleOrDefaultAsync<string>(
            "select district_code from counselling.clients where id = @ClientId", new { request.ClientId }, ct);
        var partners = await mediator.Send(new ListReferralPartnersQuery(region, request.Kind), ct);
        return new ReferralPartners(region, [.. partners.Select(o => new ReferralPartner(o.Id, o.Name, o.ShortName, o.Kind, o.Email, o.Phone, o.Website, o.RegionCodes))]);
    }
}

internal static class ListReferralPartnersEndpoints
{
    public static void MapListReferralPartners(this IEndpointRouteBuilder counselling) =>
        counselling.MapGet("/clients/{id:guid}/referral-partners", async (Guid id, string? kind, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ReferralPartnersOfClientQuery(id, Inputs.Clean(kind)?.ToLowerInvariant(), Viewer.From(http)), ct)))
            .WithName("ListReferralPartners").WithSummary("Partnerorganisationen, die Vermittlungen annehmen, in der Bezirksregion des Klienten (kind= filtert)")
            .Produces<ReferralPartners>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
}
