using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Partners.Network;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.GetPerson;

internal sealed record GetPersonQuery(Guid Id) : IQuery<PersonView>;

internal sealed class GetPersonHandler(IDbSession db, TimeProvider clock) : IRequestHandler<GetPersonQuery, PersonView>
{
    public Task<PersonView> Handle(GetPersonQuery request, CancellationToken ct) => PersonReads.RequireAsync(db, request.Id, clock, ct);
}

internal static class GetPersonEndpoint
{
    public static void MapGetPerson(this IEndpointRouteBuilder partners) =>
        partners.MapGet("/people/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var person = await mediator.Send(new GetPersonQuery(id), ct);
                return Versions.Answer(http, person, person.Version);
            })
            .WithName("GetPartnerPerson").WithSummary("Ansprechperson mit ihren Funktionen in Organisationen, aktuelle zuerst")
            .Produces<PersonView>().ProducesProblem(StatusCodes.Status404NotFound);
}
