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

namespace Bezirksplattform.Counselling.Features.AddCaseActivity;

/// <summary>
/// Adds a note, a task (with a due date) or a document reference to an open case's timeline. A
/// closed case refuses new entries (409). A task's due date may lie in the future, the entry's date not.
/// </summary>
internal sealed record AddCaseActivityCommand(Guid CaseId, string Kind, string Description, string? OccurredOn, string? DueOn, Viewer Viewer)
    : ICommand<CaseView>;

internal sealed class AddCaseActivityValidator : AbstractValidator<AddCaseActivityCommand>
{
    public AddCaseActivityValidator()
    {
        RuleFor(x => x.Kind).Must(CaseVocabulary.ActivityKinds.Contains).WithMessage(CounsellingVocabulary.Allowed(CaseVocabulary.ActivityKinds));
        RuleFor(x => x.Description).NotEmpty().WithMessage("Darf nicht leer sein.").MaximumLength(4000);
        RuleFor(x => x.OccurredOn).Must(d => d is null || Inputs.IsDate(d)).WithMessage(Inputs.DateFormat);
        RuleFor(x => x.DueOn).Must(Inputs.IsDate).When(x => x.Kind == "task").WithMessage("Eine Aufgabe braucht ein Fälligkeitsdatum wie 2027-03-28.");
        RuleFor(x => x.DueOn).Null().When(x => x.Kind != "task").WithMessage("Ein Fälligkeitsdatum gibt es nur bei Aufgaben (task).");
    }
}

internal sealed class AddCaseActivityHandler(IDbSession db, TimeProvider clock) : IRequestHandler<AddCaseActivityCommand, CaseView>
{
    public async Task<CaseView> Handle(AddCaseActivityCommand request, CancellationToken ct)
    {
        var state = await CaseReads.RequireVisibleAsync(db, request.Viewer, request.CaseId, forUpdate: true, ct);
        await ClientAccess.RequireProcessableAsync(db, request.Viewer, state.ClientId, ct);
        if (state.ClosedOn is not null) throw new ConflictException(CaseReads.Closed);
        var now = clock.GetUtcNow();
        var occurredOn = Inputs.ParseDate(request.OccurredOn) ?? now.BerlinDate();
        if (occurredOn > now.BerlinDate()) throw new FieldProblemException("occurredOn", "Ein Eintrag kann nicht in der Zukunft liegen.");
        if (occurredOn < state.OpenedOn) throw new FieldProblemException("occurredOn", $"Der Fall wurde erst am {state.OpenedOn:yyyy-MM-dd} eröffnet.");

        await db.ExecuteAsync(
            """
            insert into counselling.case_activities (id, case_id, occurred_on, kind, description, due_on, created_by, created_at)
            values (@id, @CaseId, @occurredOn, @Kind, @Description, @dueOn, @by, @now);
            update counselling.cases set updated_at = @now where id = @CaseId;
            """,
            new { id = Guid.CreateVersion7(), request.CaseId, occurredOn, request.Kind, request.Description, dueOn = Inputs.ParseDate(request.DueOn),
                by = request.Viewer.UserId, now }, ct);
        await ClientAccess.LogAsync(db, request.Viewer, "update", state.ClientId, "case activity", now, ct);
        return await CaseReads.LoadOneAsync(db, request.CaseId, ct);
    }
}

internal sealed record CaseActivityBody(string? Kind, string? Description, string? OccurredOn, string? DueOn);

internal static class AddCaseActivityEndpoints
{
    public static void MapAddCaseActivity(this IEndpointRouteBuilder counselling) =>
        counselling.MapPost("/cases/{id:guid}/activities", async (Guid id, CaseActivityBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Created($"/api/counselling/cases/{id}", await mediator.Send(new AddCaseActivityCommand(id,
                    Inputs.Clean(body.Kind)?.ToLowerInvariant() ?? "", Inputs.Clean(body.Description) ?? "", Inputs.Clean(body.OccurredOn),
                    Inputs.Clean(body.DueOn), Viewer.From(http)), ct)))
            .WithName("AddCaseActivity").WithSummary("Notiz, Aufgabe (mit dueOn) oder Dokument zum offenen Fall hinzufügen (409 bei abgeschlossenem Fall)")
            .Produces<CaseView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
