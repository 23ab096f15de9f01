using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Cases;
using Bezirksplattform.Counselling.Clients;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.CloseCase;

/// <summary>
/// Closes an open case with its outcome (and a note): closedOn not before openedOn and not in the
/// future. The closing is also a 'status_change' entry of the timeline. Closing twice is 409.
/// </summary>
internal sealed record CloseCaseCommand(Guid CaseId, string? ClosedOn, string Outcome, string? Note, Viewer Viewer) : ICommand<CaseView>;

internal sealed class CloseCaseValidator : AbstractValidator<CloseCaseCommand>
{
    public CloseCaseValidator()
    {
        RuleFor(x => x.ClosedOn).Must(d => d is null || Inputs.IsDate(d)).WithMessage(Inputs.DateFormat);
        RuleFor(x => x.Outcome).Must(CaseVocabulary.Outcomes.Contains).WithMessage(CounsellingVocabulary.Allowed(CaseVocabulary.Outcomes));
        RuleFor(x => x.Note).MaximumLength(4000);
    }
}

internal sealed class CloseCaseHandler(IDbSession db, TimeProvider clock) : IRequestHandler<CloseCaseCommand, CaseView>
{
    public async Task<CaseView> Handle(CloseCaseCommand request, CancellationToken ct)
    {
        var state = await CaseReads.RequireVisibleAsync(db, request.Viewer, request.CaseId, forUpdate: true, ct);
        await ClientAccess.RequireProcessableAsync(db, request.Viewer, state.ClientId, ct);
        if (state.ClosedOn is not null) throw new ConflictException($"Der Fall ist schon seit {state.ClosedOn:yyyy-MM-dd} abgeschlossen.");
        var now = clock.GetUtcNow();
        var closedOn = Inputs.ParseDate(request.ClosedOn) ?? now.BerlinDate();
        if (closedOn < state.OpenedOn)
            throw new FieldProblemException("closedOn", $"Der Abschluss darf nicht vor der Eröffnung ({state.OpenedOn:yyyy-MM-dd}) liegen.");
        if (closedOn > now.BerlinDate()) throw new FieldProblemException("closedOn", "Der Abschluss kann nicht in der Zukunft liegen.");

        await db.ExecuteAsync(
            """
            update counselling.cases set closed_on = @closedOn, outcome = @Outcome, outcome_note = @Note, version = version + 1, updated_at = @now
            where id = @CaseId;
            insert into counselling.case_activities (id, case_id, occurred_on, kind, description, created_by, created_at)
            values (@activityId, @CaseId, @closedOn, 'status_change', 'Fall abgeschlossen: ' || @Outcome, @by, @now);
            """, new { closedOn, request.Outcome, request.Note, now, request.CaseId, activityId = Guid.CreateVersion7(), by = request.Viewer.UserId }, ct);
        await ClientAccess.LogAsync(db, request.Viewer, "update", state.ClientId, "case closed", now, ct);
        return await CaseReads.LoadOneAsync(db, request.CaseId, ct);
    }
}

internal sealed record CloseCaseBody(string? ClosedOn, string? Outcome, string? Note);

internal static class CloseCaseEndpoints
{
    public static void MapCloseCase(this IEndpointRouteBuilder counselling) =>
        counselling.MapPost("/cases/{id:guid}/closure", async (Guid id, CloseCaseBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new CloseCaseCommand(id, Inputs.Clean(body.ClosedOn), Inputs.Clean(body.Outcome)?.ToLowerInvariant() ?? "",
                    Inputs.Clean(body.Note), Viewer.From(http)), ct)))
            .WithName("CloseCase").WithSummary("Fall mit Ergebnis abschließen (closedOn nicht vor openedOn; 409 wenn schon abgeschlossen)")
            .Produces<CaseView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
