using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Partners.Programmes;
using Bezirksplattform.Partners.Shared;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.ManageActionPlans;

/// <summary>An action plan's own data; its contents live in versions (see ReviseActionPlan).</summary>
internal sealed record ActionPlanBody(string? Title, string? DistrictCode, Guid? OrganisationId, int? Version);

internal sealed record SaveActionPlanCommand(Guid? Id, int? ExpectedVersion, string Title, string? DistrictCode, Guid? OrganisationId, Guid ActorId)
    : ICommand<ActionPlanView>;

internal sealed class SaveActionPlanValidator : AbstractValidator<SaveActionPlanCommand>
{
    public SaveActionPlanValidator()
    {
        RuleFor(x => x.Title).NotEmpty().WithMessage("Darf nicht leer sein.").MaximumLength(300);
        RuleFor(x => x.DistrictCode).NotEmpty().When(x => x.OrganisationId is null)
            .WithMessage("Bezirk (districtCode) oder Bündnis/Organisation (organisationId) angeben.");
    }
}

internal sealed class SaveActionPlanHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SaveActionPlanCommand, ActionPlanView>
{
    public async Task<ActionPlanView> Handle(SaveActionPlanCommand request, CancellationToken ct)
    {
        await References.DistrictAsync(db, request.DistrictCode, "districtCode", ct);
        await References.OrganisationAsync(db, request.OrganisationId, "organisationId", ct);
        var now = clock.GetUtcNow();
        var id = request.Id ?? Guid.CreateVersion7();
        var args = new { id, request.Title, request.DistrictCode, request.OrganisationId, now, request.ActorId };
        if (request.Id is null)
        {
            await db.ExecuteAsync(
                """
                insert into partners.action_plans (id, title, district_code, organisation_id, created_at, created_by, updated_at, updated_by)
                values (@id, @Title, @DistrictCode, @OrganisationId, @now, @ActorId, @now, @ActorId)
                """, args, ct);
            await PartnersHistory.RecordAsync(db, "action_plan", id, "created",
                new { request.Title, request.DistrictCode, request.OrganisationId }, request.ActorId, now, ct);
            return await ActionPlanReads.LoadAsync(db, id, ct);
        }

        Versioning.Check(await ActionPlanReads.LockAsync(db, id, ct), request.ExpectedVersion);
        var before = await ActionPlanReads.LoadAsync(db, id, ct);
        await db.ExecuteAsync(
            """
            update partners.action_plans set title = @Title, district_code = @DistrictCode, organisation_id = @OrganisationId,
                version = version + 1, updated_at = @now, updated_by = @ActorId
            where id = @id
            """, args, ct);
        await PartnersHistory.RecordAsync(db, "action_plan", id, "updated",
            PartnersHistory.Diff(new { before.Title, before.DistrictCode, before.OrganisationId }, new { request.Title, request.DistrictCode, request.OrganisationId }),
            request.ActorId, now, ct);
        return await ActionPlanReads.LoadAsync(db, id, ct);
    }
}

internal sealed record GetActionPlanQuery(Guid Id) : IQuery<ActionPlanView>;

internal sealed class GetActionPlanHandler(IDbSession db) : IRequestHandler<GetActionPlanQuery, ActionPlanView>
{
    public Task<ActionPlanView> Handle(GetActionPlanQuery request, CancellationToken ct) => ActionPlanReads.LoadAsync(db, request.Id, ct);
}

internal sealed record ActionPlanSummary(
    Guid Id, string Title, string? DistrictCode, Guid? OrganisationId, string? OrganisationName, int Version,
    int VersionCount, int? CurrentVersionNo, DateOnly? CurrentValidFrom, DateTimeOffset UpdatedAt);

internal sealed record ListActionPlansQuery(string? District, Guid? Organisation) : IQuery<IReadOnlyList<ActionPlanSummary>>;

internal sealed class ListActionPlansHandler(IDbSession db) : IRequestHandler<ListActionPlansQuery, IReadOnlyList<ActionPlanSummary>>
{
    public Task<IReadOnlyList<ActionPlanSummary>> Handle(ListActionPlansQuery request, CancellationToken ct) =>
        db.QueryAsync<ActionPlanSummary>(
            """
            select p.id, p.title, p.district_code, p.organisation_id, o.name as organisation_name, p.version,
                   (select count(*)::int from partners.action_plan_versions v where v.action_plan_id = p.id) as version_count,
                   c.version_no as current_version_no, c.valid_from as current_valid_from, p.updated_at
            from partners.action_plans p
            left join partners.organisations o on o.id = p.organisation_id
            left join lateral (select v.version_no, v.valid_from from partners.action_plan_versions v
                               where v.action_plan_id = p.id and v.adopted_on is not null order by v.version_no desc limit 1) c on true
            where (@District::text is null or p.district_code = @District) and (@Organisation::uuid is null or p.organisation_id = @Organisation)
            order by lower(p.title), p.id
            """, request, ct);
}

internal static class ManageActionPlansEndpoints
{
    public static void MapManageActionPlans(this IEndpointRouteBuilder plans)
    {
        plans.MapGet("/", async (string? district, Guid? organisation, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListActionPlansQuery(district, organisation), ct)))
            .WithName("ListActionPlans").WithSummary("Aktionspläne mit ihrer geltenden (zuletzt beschlossenen) Version")
            .Produces<IReadOnlyList<ActionPlanSummary>>();
        plans.MapGet("/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var plan = await mediator.Send(new GetActionPlanQuery(id), ct);
                return Versioning.Ok(http, plan, plan.Version);
            })
            .WithName("GetActionPlan").WithSummary("Aktionsplan mit geltender Version und Versionsliste (ETag = Version)")
            .Produces<ActionPlanView>().ProducesProblem(StatusCodes.Status404NotFound);
        plans.MapPost("/", async (ActionPlanBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var plan = await mediator.Send(ToCommand(null, null, body, http), ct);
                return Versioning.Created(http, $"/api/partners/action-plans/{plan.Id}", plan, plan.Version);
            })
            .RequireCoordinator().WithName("CreateActionPlan").WithSummary("Aktionsplan anlegen; Inhalte folgen als Versionen (revisions)")
            .Produces<ActionPlanView>(StatusCodes.Status201Created).ProducesValidationProblem();
        plans.MapPut("/{id:guid}", async (Guid id, ActionPlanBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var plan = await mediator.Send(ToCommand(id, Versioning.Required(http, body.Version), body, http), ct);
                return Versioning.Ok(http, plan, plan.Version);
            })
            .RequireCoordinator().WithName("UpdateActionPlan").WithSummary("Titel und Zuordnung ändern (If-Match: Version); Versionen bleiben unverändert")
            .Produces<ActionPlanView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static SaveActionPlanCommand ToCommand(Guid? id, int? version, ActionPlanBody body, HttpContext http) =>
        new(id, version, body.Title?.Trim() ?? "", Input.Blank(body.DistrictCode), body.OrganisationId, CurrentUser.Required(http).Id);
}
