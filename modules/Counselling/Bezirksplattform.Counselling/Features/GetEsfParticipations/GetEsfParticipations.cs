using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Esf;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.GetEsfParticipations;

/// <summary>A visible client's ESF participations with their stays; logged as a read like the client record.</summary>
internal sealed record GetEsfParticipationsCommand(Guid ClientId, bool SpecialCategories, Viewer Viewer) : ICommand<IReadOnlyList<EsfParticipationView>>;

internal sealed class GetEsfParticipationsHandler(IDbSession db, TimeProvider clock)
    : IRequestHandler<GetEsfParticipationsCommand, IReadOnlyList<EsfParticipationView>>
{
    public async Task<IReadOnlyList<EsfParticipationView>> Handle(GetEsfParticipationsCommand request, CancellationToken ct)
    {
        await ClientAccess.RequireVisibleAsync(db, request.Viewer, request.ClientId, forUpdate: false, ct);
        var items = await EsfParticipations.LoadAsync(db, request.ClientId, null, request.SpecialCategories, ct);
        await ClientAccess.LogAsync(db, request.Viewer, "read", request.ClientId, "esf", clock.GetUtcNow(), ct);
        return items;
    }
}

internal static class GetEsfParticipationsEndpoints
{
    public static void MapGetEsfParticipations(this IEndpointRouteBuilder counselling) =>
        counselling.MapGet("/clients/{id:guid}/esf", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetEsfParticipationsCommand(id, SpecialCategories.Allowed(http), Viewer.From(http)), ct)))
            .WithName("GetEsfParticipations").WithSummary("ESF-Plus-Teilnahmen eines Klienten mit Aufenthalten (wird protokolliert)")
            .Produces<IReadOnlyList<EsfParticipationView>>().ProducesProblem(StatusCodes.Status404NotFound);
}
