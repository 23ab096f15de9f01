using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Partners.Network;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.GetOrganisation;

internal sealed record GetOrganisationDetailQuery(Guid Id) : IQuery<OrganisationView>;

internal sealed class GetOrganisationDetailHandler(IDbSession db, TimeProvider clock) : IRequestHandler<GetOrganisationDetailQuery, OrganisationView>
{
    public Task<OrganisationView> Handle(GetOrganisationDetailQuery request, CancellationToken ct) =>
        OrganisationReads.RequireAsync(db, request.Id, clock, ct);
}

internal static class GetOrganisationEndpoint
{
    public static void MapGetOrganisation(this IEndpointRouteBuilder partners) =>
        partners.MapGet("/organisations/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var organisation = await mediator.Send(new GetOrganisationDetailQuery(id), ct);
                return Versions.Answer(http, organisation, organisation.Version);
            })
            .WithName("GetPartnerOrganisation")
            .WithSummary("Organisation mit betreuten Bezirksregionen, übergeordneter und untergeordneten Organisationen und aktuellen Personen")
            .Produces<OrganisationView>().ProducesProblem(StatusCodes.Status404NotFound);
}
