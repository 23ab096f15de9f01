using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Cases;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.ListCases;

/// <summary>A visible client's cases with their timelines, newest first; logged as 'read'.</summary>
internal sealed record ListCasesCommand(Guid ClientId, Viewer Viewer) : ICommand<IReadOnlyList<CaseView>>;

internal sealed class ListCasesHandler(IDbSession db, TimeProvider clock) : IRequestHandler<ListCasesCommand, IReadOnlyList<CaseView>>
{
    public async Task<IReadOnlyList<CaseView>> Handle(ListCasesCommand request, CancellationToken ct)
    {
        await ClientAccess.RequireVisibleAsync(db, request.Viewer, request.ClientId, forUpdate: false, ct);
        var cases = await CaseReads.LoadAsync(db, request.ClientId, null, ct);
        await ClientAccess.LogAsync(db, request.Viewer, "read", request.ClientId, "cases", clock.GetUtcNow(), ct);
        return cases;
    }
}

internal static class ListCasesEndpoints
{
    public static void MapListCases(this IEndpointRouteBuilder counselling) =>
        counselling.MapGet("/clients/{id:guid}/cases", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListCasesCommand(id, Viewer.From(http)), ct)))
            .WithName("ListCases").WithSummary("Fälle eines Klienten mit Verlauf (wird protokolliert)")
            .Produces<IReadOnlyList<CaseView>>().ProducesProblem(StatusCodes.Status404NotFound);
}
