using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Cases;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.GetCase;

/// <summary>One case with its timeline. A command: reading it is reading the client record, logged as 'read'.</summary>
internal sealed record GetCaseCommand(Guid Id, Viewer Viewer) : ICommand<CaseView>;

internal sealed class GetCaseHandler(IDbSession db, TimeProvider clock) : IRequestHandler<GetCaseCommand, CaseView>
{
    public async Task<CaseView> Handle(GetCaseCommand request, CancellationToken ct)
    {
        var state = await CaseReads.RequireVisibleAsync(db, request.Viewer, request.Id, forUpdate: false, ct);
        var view = await CaseReads.LoadOneAsync(db, request.Id, ct);
        await ClientAccess.LogAsync(db, request.Viewer, "read", state.ClientId, "case", clock.GetUtcNow(), ct);
        return view;
    }
}

internal static class GetCaseEndpoints
{
    public static void MapGetCase(this IEndpointRouteBuilder counselling) =>
        counselling.MapGet("/cases/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var view = await mediator.Send(new GetCaseCommand(id, Viewer.From(http)), ct);
                http.Response.Headers.ETag = $"\"{view.Version}\"";
                return Results.Ok(view);
            })
            .WithName("GetCase").WithSummary("Fall mit Verlauf (Aktivitäten, Beratungen, Vermittlungen; nach Datum); wird protokolliert")
            .Produces<CaseView>().ProducesProblem(StatusCodes.Status404NotFound);
}
