using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Cases;
using Bezirksplattform.Counselling.Clients;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.UpdateCasePlan;

/// <summary>Replaces the agreed plan of an open case. Needs the version edited (If-Match or body); a stale one is 412.</summary>
internal sealed record UpdateCasePlanCommand(Guid CaseId, string? Plan, int? ExpectedVersion, Viewer Viewer) : ICommand<CaseView>;

internal sealed class UpdateCasePlanValidator : AbstractValidator<UpdateCasePlanCommand>
{
    public UpdateCasePlanValidator()
    {
        RuleFor(x => x.Plan).MaximumLength(8000);
        RuleFor(x => x.ExpectedVersion).NotNull().OverridePropertyName("version").WithMessage(ClientVersions.Missing);
    }
}

internal sealed class UpdateCasePlanHandler(IDbSession db, TimeProvider clock) : IRequestHandler<UpdateCasePlanCommand, CaseView>
{
    public async Task<CaseView> Handle(UpdateCasePlanCommand request, CancellationToken ct)
    {
        var state = await CaseReads.RequireVisibleAsync(db, request.Viewer, request.CaseId, forUpdate: true, ct);
        await ClientAccess.RequireProcessableAsync(db, request.Viewer, state.ClientId, ct);
        ClientVersions.Check(state.Version, request.ExpectedVersion, "Der Fall");
        if (state.ClosedOn is not null) throw new ConflictException(CaseReads.Closed);
        var now = clock.GetUtcNow();
        await db.ExecuteAsync("update counselling.cases set plan = @Plan, version = version + 1, updated_at = @now where id = @CaseId",
            new { request.Plan, now, request.CaseId }, ct);
        await ClientAccess.LogAsync(db, request.Viewer, "update", state.ClientId, "case plan", now, ct);
        return await CaseReads.LoadOneAsync(db, request.CaseId, ct);
    }
}

internal sealed record CasePlanBody(string? Plan, int? Version);

internal static class UpdateCasePlanEndpoints
{
    public static void MapUpdateCasePlan(this IEndpointRouteBuilder counselling) =>
        counselling.MapPut("/cases/{id:guid}/plan", async (Guid id, CasePlanBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var view = await mediator.Send(new UpdateCasePlanCommand(id, Inputs.Clean(body.Plan), ClientVersions.Expected(http, body.Version),
                    Viewer.From(http)), ct);
                http.Response.Headers.ETag = $"\"{view.Version}\"";
                return Results.Ok(view);
            })
            .WithName("UpdateCasePlan").WithSummary("Hilfeplan eines offenen Falls ändern (If-Match oder version; 412 bei veralteter Version)")
            .Produces<CaseView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
