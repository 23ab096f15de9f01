using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Clients;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.GetClient;

/// <summary>One client's record. A command, not a query: the access-log row commits with the read or not at all.</summary>
internal sealed record GetClientCommand(Guid Id, Viewer Viewer) : ICommand<ClientView>;

internal sealed class GetClientHandler(IDbSession db, TimeProvider clock) : IRequestHandler<GetClientCommand, ClientView>
{
    public async Task<ClientView> Handle(GetClientCommand request, CancellationToken ct)
    {
        await ClientAccess.RequireVisibleAsync(db, request.Viewer, request.Id, forUpdate: false, ct);
        var client = await ClientReads.LoadAsync(db, request.Id, ct);
        await ClientAccess.LogAsync(db, request.Viewer, "read", request.Id, "client", clock.GetUtcNow(), ct);
        return client;
    }
}

internal static class GetClientEndpoints
{
    public static void MapGetClient(this IEndpointRouteBuilder counselling) =>
        counselling.MapGet("/clients/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
                ClientVersions.Answer(http, await mediator.Send(new GetClientCommand(id, Viewer.From(http)), ct)))
            .WithName("GetClient").WithSummary("Klient mit Kontaktdaten und Einwilligungen (wird protokolliert)")
            .Produces<ClientView>().ProducesProblem(StatusCodes.Status404NotFound);
}
