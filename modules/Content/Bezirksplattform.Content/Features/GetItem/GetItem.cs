using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.Items;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.GetItem;

internal sealed record GetItemQuery(Guid Id) : IQuery<ItemView>;

internal sealed class GetItemHandler(IDbSession db) : IRequestHandler<GetItemQuery, ItemView>
{
    public async Task<ItemView> Handle(GetItemQuery request, CancellationToken ct) =>
        await ItemReads.ViewAsync(db, await ItemReads.LoadAsync(db, request.Id, ct), ct);
}

internal static class GetItemEndpoint
{
    public static void MapGetItem(this IEndpointRouteBuilder content) =>
        content.MapGet("/items/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var item = await mediator.Send(new GetItemQuery(id), ct);
                http.Response.Headers.ETag = ItemReads.ETagOf(item.Version);
                return Results.Ok(item);
            })
            .WithName("GetContentItem").WithSummary("Einen Inhalt mit Entwurf und Status lesen (ETag = Version)")
            .Produces<ItemView>().ProducesProblem(StatusCodes.Status404NotFound);
}
