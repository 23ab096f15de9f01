using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Partners.Agreements;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.GetAgreement;

internal sealed record GetAgreementQuery(Guid Id) : IQuery<AgreementView>;

internal sealed class GetAgreementHandler(IDbSession db, TimeProvider clock) : IRequestHandler<GetAgreementQuery, AgreementView>
{
    public Task<AgreementView> Handle(GetAgreementQuery request, CancellationToken ct) =>
        AgreementReads.ViewAsync(db, request.Id, clock.Today(), ct);
}

internal static class GetAgreementEndpoint
{
    public static void MapGetAgreement(this IEndpointRouteBuilder agreements) =>
        agreements.MapGet("/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
                await AgreementReads.RespondAsync(mediator, new GetAgreementQuery(id), http, ct))
            .WithName("GetAgreement").WithSummary("Kooperationsvereinbarung mit Parteien, Unterzeichnungen, Dokumenten und abgeleitetem Status")
            .Produces<AgreementView>().ProducesProblem(StatusCodes.Status404NotFound);
}
