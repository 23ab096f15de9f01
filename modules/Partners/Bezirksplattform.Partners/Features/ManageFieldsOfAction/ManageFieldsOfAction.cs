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

namespace Bezirksplattform.Partners.Features.ManageFieldsOfAction;

/// <summary>A field of action (Handlungsfeld) of a district, of an alliance or other organisation, or of both.</summary>
internal sealed record FieldOfActionView(
    Guid Id, string? DistrictCode, Guid? OrganisationId, string? OrganisationName, string Name, string? Description,
    int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record FieldOfActionBody(string? DistrictCode, Guid? OrganisationId, string? Name, string? Description, int? Version);

internal sealed record SaveFieldOfActionCommand(
    Guid? Id, int? ExpectedVersion, string? DistrictCode, Guid? OrganisationId, string Name, string? Description, Guid ActorId)
    : ICommand<FieldOfActionView>;

internal sealed class SaveFieldOfActionValidator : AbstractValidator<SaveFieldOfActionCommand>
{
    public SaveFieldOfActionValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("Darf nicht leer sein.").MaximumLength(200);
        RuleFor(x => x.Description).MaximumLength(4000);
        RuleFor(x => x.DistrictCode).NotEmpty().When(x => x.OrganisationId is null)
            .WithMessage("Bezirk (districtCode) oder Organisation (organisationId) angeben.");
    }
}

internal sealed class SaveFieldOfActionHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SaveFieldOfActionCommand, FieldOfActionView>
{
    public async Task<FieldOfActionView> Handle(SaveFieldOfActionCommand request, CancellationToken ct)
    {
        await References.DistrictAsync(db, request.DistrictCode, "districtCode", ct);
        await References.OrganisationAsync(db, request.OrganisationId, "organisationId", ct);
        var now = clock.GetUtcNow();
        var id = request.Id ?? Guid.CreateVersion7();
        if (await db.ExecuteScalarAsync<bool>(
                """
                select exists (select 1 from partners.fields_of_action where lower(name) = lower(@Name) and id <> @id
                    and district_code is not distinct from @DistrictCode and organisation_id is not distinct from @OrganisationId)
                """, new { request.Name, id, request.DistrictCode, request.OrganisationId }, ct))
            throw new ConflictException($"Das Handlungsfeld '{request.Name}' gibt es hier schon.");

        var args = new { id, request.DistrictCode, request.OrganisationId, request.Name, request.Description, now, request.ActorId };
        if (request.Id is null)
        {
            await db.ExecuteAsync(
                """
                insert into partners.fields_of_action (id, district_code, organisation_id, name, description, created_at, created_by, updated_at, updated_by)
                values (@id, @DistrictCode, @OrganisationId, @Name, @Description, @now, @ActorId, @now, @ActorId)
                """, args, ct);
            var created = await FieldsOfAction.LoadAsync(db, id, ct);
            await PartnersHistory.RecordAsync(db, "field_of_action", id, "created", created, request.ActorId, now, ct);
            return created;
        }

        var before = await FieldsOfAction.LoadAsync(db, id, ct, forUpdate: true);
        Versioning.Check(before.Version, request.ExpectedVersion);
        await db.ExecuteAsync(
            """
            update partners.fields_of_action set district_code = @DistrictCode, organisation_id = @OrganisationId, name = @Name,
                description = @Description, version = version + 1, updated_at = @now, updated_by = @ActorId
            where id = @id
            """, args, ct);
        var after = await FieldsOfAction.LoadAsync(db, id, ct);
        await PartnersHistory.RecordAsync(db, "field_of_action", id, "updated",
            PartnersHistory.Diff(before with { Version = 0, UpdatedAt = default }, after with { Version = 0, UpdatedAt = default }), request.ActorId, now, ct);
        return after;
    }
}

internal sealed record DeleteFieldOfActionCommand(Guid Id, int? ExpectedVersion, Guid ActorId) : ICommand<bool>;

internal sealed class DeleteFieldOfActionHandler(IDbSession db, TimeProvider clock) : IRequestHandler<DeleteFieldOfActionCommand, bool>
{
    public async Task<bool> Handle(DeleteFieldOfActionCommand request, CancellationToken ct)
    {
        var existing = await FieldsOfAction.LoadAsync(db, request.Id, ct, forUpdate: true);
        Versioning.Check(existing.Version, request.ExpectedVersion);
        if (await db.ExecuteScalarAsync<bool>(
                """
                select exists (select 1 from partners.projects where field_of_action_id = @Id)
                    or exists (select 1 from partners.action_plan_measures where field_of_action_id = @Id)
                """, request, ct))
            throw new ConflictException("Projekte oder Aktionspläne verweisen auf dieses Handlungsfeld; es kann nicht gelöscht werden.");
        await db.ExecuteAsync("delete from partners.fields_of_action where id = @Id", request, ct);
        await PartnersHistory.RecordAsync(db, "field_of_action", request.Id, "deleted", existing, request.ActorId, clock.GetUtcNow(), ct);
        return true;
    }
}

internal sealed record GetFieldOfActionQuery(Guid Id) : IQuery<FieldOfActionView>;

internal sealed class GetFieldOfActionHandler(IDbSession db) : IRequestHandler<GetFieldOfActionQuery, FieldOfActionView>
{
    public Task<FieldOfActionView> Handle(GetFieldOfActionQuery request, CancellationToken ct) => FieldsOfAction.LoadAsync(db, request.Id, ct);
}

internal sealed record ListFieldsOfActionQuery(string? District, Guid? Organisation) : IQuery<IReadOnlyList<FieldOfActionView>>;

internal sealed class ListFieldsOfActionHandler(IDbSession db) : IRequestHandler<ListFieldsOfActionQuery, IReadOnlyList<FieldOfActionView>>
{
    public Task<IReadOnlyList<FieldOfActionView>> Handle(ListFieldsOfActionQuery request, CancellationToken ct) =>
        db.QueryAsync<FieldOfActionView>(
            $"""
            {FieldsOfAction.Select}
            where (@District::text is null or f.district_code = @District) and (@Organisation::uuid is null or f.organisation_id = @Organisation)
            order by f.district_code nulls last, lower(f.name), f.id
            """, request, ct);
}

internal static class FieldsOfAction
{
    public const string Select =
        """
        select f.id, f.district_code, f.organisation_id, o.name as organisation_name, f.name, f.description, f.version, f.created_at, f.updated_at
        from partners.fields_of_action f left join partners.organisations o on o.id = f.organisation_id
        """;

    public static async Task<FieldOfActionView> LoadAsync(IDbSession db, Guid id, CancellationToken ct, bool forUpdate = false) =>
        await db.QuerySingleOrDefaultAsync<FieldOfActionView>($"{Select} where f.id = @id" + (forUpdate ? " for update of f" : ""), new { id }, ct)
        ?? throw new NotFoundException("Dieses Handlungsfeld gibt es nicht.");
}

internal static class ManageFieldsOfActionEndpoints
{
    public static void MapManageFieldsOfAction(this IEndpointRouteBuilder partners)
    {
        var group = partners.MapGroup("/fields-of-action").WithTags("Partnernetzwerk: Handlungsfelder");
        group.MapGet("/", async (string? district, Guid? organisation, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListFieldsOfActionQuery(district, organisation), ct)))
            .WithName("ListFieldsOfAction").WithSummary("Handlungsfelder, optional eines Bezirks oder einer Organisation")
            .Produces<IReadOnlyList<FieldOfActionView>>();
        group.MapGet("/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var view = await mediator.Send(new GetFieldOfActionQuery(id), ct);
                return Versioning.Ok(http, view, view.Version);
            })
            .WithName("GetFieldOfAction").WithSummary("Ein Handlungsfeld (ETag = Version)")
            .Produces<FieldOfActionView>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/", async (FieldOfActionBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var view = await mediator.Send(ToCommand(null, null, body, http), ct);
                return Versioning.Created(http, $"/api/partners/fields-of-action/{view.Id}", view, view.Version);
            })
            .RequireCoordinator().WithName("CreateFieldOfAction").WithSummary("Handlungsfeld anlegen")
            .Produces<FieldOfActionView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{id:guid}", async (Guid id, FieldOfActionBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var view = await mediator.Send(ToCommand(id, Versioning.Required(http, body.Version), body, http), ct);
                return Versioning.Ok(http, view, view.Version);
            })
            .RequireCoordinator().WithName("UpdateFieldOfAction").WithSummary("Handlungsfeld ändern (If-Match: Version)")
            .Produces<FieldOfActionView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status412PreconditionFailed);
        group.MapDelete("/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new DeleteFieldOfActionCommand(id, Versioning.Expected(http), CurrentUser.Required(http).Id), ct);
                return Results.NoContent();
            })
            .RequireCoordinator().WithName("DeleteFieldOfAction").WithSummary("Handlungsfeld löschen, solange nichts darauf verweist")
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static SaveFieldOfActionCommand ToCommand(Guid? id, int? version, FieldOfActionBody body, HttpContext http) =>
        new(id, version, Input.Blank(body.DistrictCode), body.OrganisationId, body.Name?.Trim() ?? "", Input.Blank(body.Description), CurrentUser.Required(http).Id);
}
