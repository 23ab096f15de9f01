using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Partners.Network;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.ListAffiliations;

/// <summary>Affiliations over time (current and past, current first) of one person or one organisation.</summary>
internal sealed record ListAffiliationsQuery(Guid? PersonId, Guid? OrganisationId, bool CurrentOnly) : IQuery<IReadOnlyList<AffiliationView>>;

internal sealed class ListAffiliationsHandler(IDbSession db, TimeProvider clock) : IRequestHandler<ListAffiliationsQuery, IReadOnlyList<AffiliationView>>
{
    public async Task<IReadOnlyList<AffiliationView>> Handle(ListAffiliationsQuery request, CancellationToken ct)
    {
        var (table, id) = request.PersonId is { } person ? ("people", person) : ("organisations", request.OrganisationId!.Value);
        if (!await db.ExecuteScalarAsync<bool>($"select exists (select 1 from partners.{table} where id = @id)", new { id }, ct))
            throw new NotFoundException();
        return await AffiliationReads.ListAsync(db, request.PersonId, request.OrganisationId, clock.Today(), request.CurrentOnly, ct);
    }
}

internal static class ListAffiliationsEndpoints
{
    public static void MapListAffiliations(this IEndpointRouteBuilder partners)
    {
        partners.MapGet("/people/{id:guid}/affiliations", async (Guid id, bool? current, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListAffiliationsQuery(id, null, current ?? false), ct)))
            .WithName("ListPartnerPersonAffiliations").WithSummary("Funktionen einer Person, aktuelle und frühere (current=true: nur aktuelle)")
            .Produces<IReadOnlyList<AffiliationView>>().ProducesProblem(StatusCodes.Status404NotFound);

        partners.MapGet("/organisations/{id:guid}/affiliations", async (Guid id, bool? current, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListAffiliationsQuery(null, id, current ?? false), ct)))
            .WithName("ListPartnerOrganisationAffiliations").WithSummary("Personen einer Organisation mit Funktion, aktuelle und frühere (current=true: nur aktuelle)")
            .Produces<IReadOnlyList<AffiliationView>>().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
