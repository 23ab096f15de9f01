using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Cases;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.CompleteCaseTask;

/// <summary>Marks a task of an open case done. Marking it again changes nothing (the first time stays).</summary>
internal sealed record CompleteCaseTaskCommand(Guid CaseId, Guid ActivityId, Viewer Viewer) : ICommand<CaseView>;

internal sealed class CompleteCaseTaskHandler(IDbSession db, TimeProvider clock) : IRequestHandler<CompleteCaseTaskCommand, CaseView>
{
    public async Task<CaseView> Handle(CompleteCaseTaskCommand request, CancellationToken ct)
    {
        var state = await CaseReads.RequireVisibleAsync(db, request.Viewer, request.CaseId, forUpdate: true, ct);
        await ClientAccess.RequireProcessableAsync(db, request.Viewer, state.ClientId, ct);
        var kind = await db.QuerySingleOrDefaultAsync<string>(
            "select kind from counselling.case_activities where id = @ActivityId and case_id = @CaseId", new { request.ActivityId, request.CaseId }, ct)
            ?? throw new NotFoundException("Diesen Eintrag gibt es in diesem Fall nicht.");
        if (kind != "task") throw new ConflictException("Nur Aufgaben (task) lassen sich erledigen.");
        if (state.ClosedOn is not null) throw new ConflictException(CaseReads.Closed);

        var now = clock.GetUtcNow();
        await db.ExecuteAsync("update counselling.case_activities set done_at = coalesce(done_at, @now) where id = @ActivityId",
            new { now, request.ActivityId }, ct);
        await ClientAccess.LogAsync(db, request.Viewer, "update", state.ClientId, "case task done", now, ct);
        return await CaseReads.LoadOneAsync(db, request.CaseId, ct);
    }
}

internal static class CompleteCaseTaskEndpoints
{
    public static void MapCompleteCaseTask(this IEndpointRouteBuilder counselling) =>
        counselling.MapPost("/cases/{id:guid}/activities/{activityId:guid}/done", async (Guid id, Guid activityId, HttpContext http, IMediator mediator,
                CancellationToken ct) => Results.Ok(await mediator.Send(new CompleteCaseTaskCommand(id, activityId, Viewer.From(http)), ct)))
            .WithName("CompleteCaseTask").WithSummary("Aufgabe eines Falls als erledigt markieren")
            .Produces<CaseView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
