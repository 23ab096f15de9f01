using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Partners.Programmes;
using Bezirksplattform.Partners.Shared;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.ReviseActionPlan;

internal sealed record MeasureBody(string? Title, string? Description, Guid? ProjectId, Guid? FieldOfActionId);

internal sealed record RevisionBody(DateOnly? ValidFrom, DateOnly? AdoptedOn, string? AdoptedBy, string? Goals, MeasureBody[]? Measures);

/// <summary>
/// A revision (Fortschreibung): a new version numbered after the last. Earlier versions are never
/// changed (the database refuses it); the new one becomes current once adopted.
/// </summary>
internal sealed record ReviseActionPlanCommand(
    Guid Id, int? ExpectedVersion, DateOnly? ValidFrom, DateOnly? AdoptedOn, string? AdoptedBy, string Goals, MeasureBody[] Measures, Guid ActorId)
    : ICommand<ActionPlanVersionView>;

internal sealed class ReviseActionPlanValidator : AbstractValidator<ReviseActionPlanCommand>
{
    public ReviseActionPlanValidator()
    {
        RuleFor(x => x.ValidFrom).NotNull().WithMessage("Darf nicht leer sein.");
        RuleFor(x => x.Goals).NotEmpty().WithMessage("Darf nicht leer sein.").MaximumLength(100_000);
        RuleFor(x => x.AdoptedBy).MaximumLength(300);
        RuleFor(x => x.AdoptedBy).Null().When(x => x.AdoptedOn is null).WithMessage("Nur mit Beschlussdatum (adoptedOn).");
        RuleFor(x => x.Measures).Must(m => m.Length <= 200).WithMessage("Höchstens 200 Maßnahmen.");
        RuleForEach(x => x.Measures).NotNull().WithMessage("Darf nicht leer sein.").ChildRules(m =>
        {
            m.RuleFor(x => x.Title).NotEmpty().WithMessage("Darf nicht leer sein.").MaximumLength(300);
            m.RuleFor(x => x.Description).MaximumLength(4000);
        });
    }
}

internal sealed class ReviseActionPlanHandler(IDbSession db, TimeProvider clock) : IRequestHandler<ReviseActionPlanCommand, ActionPlanVersionView>
{
    public async Task<ActionPlanVersionView> Handle(ReviseActionPlanCommand request, CancellationToken ct)
    {
        Versioning.Check(await ActionPlanReads.LockAsync(db, request.Id, ct), request.ExpectedVersion);
        await References.IdsAsync(db, "projects", [.. request.Measures.Select(m => m.ProjectId)], i => $"measures[{i}].projectId", "Dieses Projekt gibt es nicht.", ct);
        await References.IdsAsync(db, "fields_of_action", [.. request.Measures.Select(m => m.FieldOfActionId)], i => $"measures[{i}].fieldOfActionId",
            "Dieses Handlungsfeld gibt es nicht.", ct);

        var last = await db.QuerySingleOrDefaultAsync<LastVersion>(
            "select version_no, valid_from from partners.action_plan_versions where action_plan_id = @Id order by version_no desc limit 1", request, ct);
        if (last is { } previous && request.ValidFrom < previous.ValidFrom)
            throw new FieldProblemException("validFrom", $"Muss am oder nach 'validFrom' der Version {previous.VersionNo} ({previous.ValidFrom:yyyy-MM-dd}) liegen.");

        var now = clock.GetUtcNow();
        var versionNo = (last?.VersionNo ?? 0) + 1;
        await db.ExecuteAsync(
            """
            insert into partners.action_plan_versions (action_plan_id, version_no, valid_from, adopted_on, adopted_by, goals, created_at, created_by)
            values (@Id, @versionNo, @ValidFrom, @AdoptedOn, @AdoptedBy, @Goals, @now, @ActorId)
            """, new { request.Id, versionNo, request.ValidFrom, request.AdoptedOn, request.AdoptedBy, request.Goals, now, request.ActorId }, ct);
        await db.ExecuteAsync(
            """
            insert into partners.action_plan_measures (action_plan_id, version_no, position, title, description, project_id, field_of_action_id)
            values (@Id, @versionNo, @Position, @Title, @Description, @ProjectId, @FieldOfActionId)
            """,
            request.Measures.Select((m, i) => new { request.Id, versionNo, Position = i + 1, Title = m.Title!.Trim(), Description = Input.Blank(m.Description), m.ProjectId, m.FieldOfActionId }),
            ct);
        await db.ExecuteAsync("update partners.action_plans set version = version + 1, updated_at = @now, updated_by = @ActorId where id = @Id",
            new { request.Id, now, request.ActorId }, ct);
        await PartnersHistory.RecordAsync(db, "action_plan", request.Id, "revised",
            new { versionNo, request.ValidFrom, request.AdoptedOn, request.AdoptedBy, measureCount = request.Measures.Length }, request.ActorId, now, ct);
        return await ActionPlanReads.VersionAsync(db, request.Id, versionNo, ct);
    }

    private sealed record LastVersion(int VersionNo, DateOnly ValidFrom);
}

/// <summary>Adopts a drafted version; the only change a version ever sees. Adopted versions stay as they are.</summary>
internal sealed record AdoptActionPlanVersionCommand(Guid Id, int VersionNo, DateOnly? AdoptedOn, string? AdoptedBy, int? ExpectedVersion, Guid ActorId)
    : ICommand<ActionPlanVersionView>;

internal sealed class AdoptActionPlanVersionValidator : AbstractValidator<AdoptActionPlanVersionCommand>
{
    public AdoptActionPlanVersionValidator()
    {
        RuleFor(x => x.AdoptedOn).NotNull().WithMessage("Darf nicht leer sein.");
        RuleFor(x => x.AdoptedBy).MaximumLength(300);
    }
}

internal sealed class AdoptActionPlanVersionHandler(IDbSession db, TimeProvider clock) : IRequestHandler<AdoptActionPlanVersionCommand, ActionPlanVersionView>
{
    public async Task<ActionPlanVersionView> Handle(AdoptActionPlanVersionCommand request, CancellationToken ct)
    {
        Versioning.Check(await ActionPlanReads.LockAsync(db, request.Id, ct), request.ExpectedVersion);
        var version = await ActionPlanReads.VersionAsync(db, request.Id, request.VersionNo, ct);
        if (version.AdoptedOn is not null)
            throw new ConflictException($"Version {request.VersionNo} wurde schon am {version.AdoptedOn:dd.MM.yyyy} beschlossen und bleibt unverändert.");
        var now = clock.GetUtcNow();
        await db.ExecuteAsync(
            "update partners.action_plan_versions set adopted_on = @AdoptedOn, adopted_by = @AdoptedBy where action_plan_id = @Id and version_no = @VersionNo",
            request, ct);
        await db.ExecuteAsync("update partners.action_plans set version = version + 1, updated_at = @now, updated_by = @ActorId where id = @Id",
            new { request.Id, now, request.ActorId }, ct);
        await PartnersHistory.RecordAsync(db, "action_plan", request.Id, "adopted",
            new { request.VersionNo, request.AdoptedOn, request.AdoptedBy }, request.ActorId, now, ct);
        return await ActionPlanReads.VersionAsync(db, request.Id, request.VersionNo, ct);
    }
}

internal sealed record ListActionPlanVersionsQuery(Guid Id) : IQuery<IReadOnlyList<ActionPlanVersionSummary>>;

internal sealed class ListActionPlanVersionsHandler(IDbSession db) : IRequestHandler<ListActionPlanVersionsQuery, IReadOnlyList<ActionPlanVersionSummary>>
{
    public async Task<IReadOnlyList<ActionPlanVersionSummary>> Handle(ListActionPlanVersionsQuery request, CancellationToken ct)
    {
        if (!await db.ExecuteScalarAsync<bool>("select exists (select 1 from partners.action_plans where id = @Id)", request, ct))
            throw new NotFoundException("Diesen Aktionsplan gibt es nicht.");
        return await ActionPlanReads.VersionsAsync(db, request.Id, ct);
    }
}

internal sealed record GetActionPlanVersionQuery(Guid Id, int VersionNo) : IQuery<ActionPlanVersionView>;

internal sealed class GetActionPlanVersionHandler(IDbSession db) : IRequestHandler<GetActionPlanVersionQuery, ActionPlanVersionView>
{
    public Task<ActionPlanVersionView> Handle(GetActionPlanVersionQuery request, CancellationToken ct) =>
        ActionPlanReads.VersionAsync(db, request.Id, request.VersionNo, ct);
}

internal sealed record AdoptBody(DateOnly? AdoptedOn, string? AdoptedBy);

internal static class ReviseActionPlanEndpoints
{
    public static void MapReviseActionPlan(this IEndpointRouteBuilder plans)
    {
        plans.MapPost("/{id:guid}/revisions", async (Guid id, RevisionBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var version = await mediator.Send(new ReviseActionPlanCommand(id, Versioning.Expected(http), body.ValidFrom, body.AdoptedOn,
                    Input.Blank(body.AdoptedBy), body.Goals?.Trim() ?? "", body.Measures ?? [], CurrentUser.Required(http).Id), ct);
                return Results.Created($"/api/partners/action-plans/{id}/versions/{version.VersionNo}", version);
            })
            .RequireCoordinator().WithName("ReviseActionPlan")
            .WithSummary("Aktionsplan fortschreiben: neue Version anlegen; frühere Versionen bleiben unverändert abrufbar")
            .Produces<ActionPlanVersionView>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        plans.MapPost("/{id:guid}/versions/{versionNo:int}/adopt", async (Guid id, int versionNo, AdoptBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new AdoptActionPlanVersionCommand(id, versionNo, body.AdoptedOn, Input.Blank(body.AdoptedBy),
                    Versioning.Expected(http), CurrentUser.Required(http).Id), ct)))
            .RequireCoordinator().WithName("AdoptActionPlanVersion").WithSummary("Eine noch nicht beschlossene Version beschließen (einmalig)")
            .Produces<ActionPlanVersionView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        plans.MapGet("/{id:guid}/versions", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListActionPlanVersionsQuery(id), ct)))
            .WithName("ListActionPlanVersions").WithSummary("Alle Versionen eines Aktionsplans, älteste zuerst")
            .Produces<IReadOnlyList<ActionPlanVersionSummary>>().ProducesProblem(StatusCodes.Status404NotFound);
        plans.MapGet("/{id:guid}/versions/{versionNo:int}", async (Guid id, int versionNo, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetActionPlanVersionQuery(id, versionNo), ct)))
            .WithName("GetActionPlanVersion").WithSummary("Eine Version eines Aktionsplans mit ihren Maßnahmen")
            .Produces<ActionPlanVersionView>().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
