using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Features.RecordConsultation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.ListConsultations;

/// <summary>A visible client's consultations, newest first. Reading them is reading the client record: logged as 'read'.</summary>
internal sealed record ListConsultationsCommand(Guid ClientId, Viewer Viewer) : ICommand<IReadOnlyList<ConsultationView>>;

internal sealed class ListConsultationsHandler(IDbSession db, TimeProvider clock) : IRequestHandler<ListConsultationsCommand, IReadOnlyList<ConsultationView>>
{
    public async Task<IReadOnlyList<ConsultationView>> Handle(ListConsultationsCommand request, CancellationToken ct)
    {
        await ClientAccess.RequireVisibleAsync(db, request.Viewer, request.ClientId, forUpdate: false, ct);
        var items = await db.QueryAsync<ConsultationView>(
            $"{ConsultationReads.Select} where client_id = @ClientId order by occurred_on desc, created_at desc", new { request.ClientId }, ct);
        await ClientAccess.LogAsync(db, request.Viewer, "read", request.ClientId, "consultations", clock.GetUtcNow(), ct);
        return items;
    }
}

internal static class ListConsultationsEndpoints
{
    public static void MapListConsultations(this IEndpointRouteBuilder counselling) =>
        counselling.MapGet("/clients/{id:guid}/consultations", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListConsultationsCommand(id, Viewer.From(http)), ct)))
            .WithName("ListConsultations").WithSummary("Beratungen eines Klienten (wird protokolliert)")
            .Produces<IReadOnlyList<ConsultationView>>().ProducesProblem(StatusCodes.Status404NotFound);
}
