using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Partners.Contracts;
using Bezirksplattform.Partners.Programmes;
using Bezirksplattform.Partners.Shared;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.SaveProject;

internal sealed record ContactBody(string? Name, string? Email, string? Phone);

internal sealed record ProjectBody(
    string? Title, string? Summary, string? Description, Guid? LeadOrganisationId, Guid[]? PartnerOrganisationIds,
    DateOnly? PeriodStart, DateOnly? PeriodEnd, string? Status, string? DistrictCode, string[]? RegionCodes,
    Guid? FieldOfActionId, Guid? ActionPlanId, ContactBody? Contact, string? Website, string[]? Tags, int? Version);

/// <summary>Creates (Id null) or replaces a project's data. Funding lines and publication have their own slices.</summary>
internal sealed record SaveProjectCommand(
    Guid? Id, int? ExpectedVersion, string Title, string Summary, string Description, Guid? LeadOrganisationId, Guid[] PartnerOrganisationIds,
    DateOnly? PeriodStart, DateOnly? PeriodEnd, string Status, string? DistrictCode, string[] RegionCodes, Guid? FieldOfActionId,
    Guid? ActionPlanId, ContactBody? Contact, string? Website, string[] Tags, Guid ActorId) : ICommand<ProjectView>;

internal sealed class SaveProjectValidator : AbstractValidator<SaveProjectCommand>
{
    public SaveProjectValidator()
    {
        RuleFor(x => x.Title).NotEmpty().WithMessage("Darf nicht leer sein.").MaximumLength(300);
        RuleFor(x => x.Summary).NotEmpty().WithMessage("Darf nicht leer sein.").MaximumLength(1200);
        RuleFor(x => x.Description).MaximumLength(200_000);
        RuleFor(x => x.LeadOrganisationId).NotNull().WithMessage("Darf nicht leer sein.");
        RuleForEach(x => x.PartnerOrganisationIds).Must((x, id) => id != x.LeadOrganisationId)
            .WithMessage("Die Trägerorganisation (leadOrganisationId) ist nicht zugleich Partnerin.");
        RuleFor(x => x.PartnerOrganisationIds).Must(ids => ids.Distinct().Count() == ids.Length).WithMessage("Jede Partnerorganisation nur einmal.");
        RuleFor(x => x.Status).Must(s => ProjectStatuses.All.Contains(s)).WithMessage($"Erlaubt: {string.Join(", ", ProjectStatuses.All)}.");
        RuleFor(x => x.PeriodEnd).GreaterThanOrEqualTo(x => x.PeriodStart)
            .When(x => x.PeriodStart is not null && x.PeriodEnd is not null).WithMessage("Muss am oder nach 'periodStart' liegen.");
        RuleForEach(x => x.RegionCodes).NotEmpty().WithMessage("Darf nicht leer sein.");
        RuleFor(x => x.RegionCodes).Must(c => c.Distinct().Count() == c.Length).WithMessage("Jede Bezirksregion nur einmal.");
        RuleFor(x => x.Contact!.Email).EmailAddress().When(x => x.Contact?.Email is not null).WithMessage("Keine gültige E-Mail-Adresse.");
        RuleFor(x => x.Website).Must(BeHttpUrl).When(x => x.Website is not null).WithMessage("Absolute http(s)-Adresse.");
        RuleFor(x => x.Tags).Must(t => t.Length <= 30).WithMessage("Höchstens 30 Schlagworte.");
        RuleForEach(x => x.Tags).Must(t => !string.IsNullOrWhiteSpace(t) && t.Length <= 60).WithMessage("1 bis 60 Zeichen.");
    }

    private static bool BeHttpUrl(string? value) => Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}

internal sealed class SaveProjectHandler(IDbSession db, IIntegrationEventOutbox outbox, TimeProvider clock) : IRequestHandler<SaveProjectCommand, ProjectView>
{
    public async Task<ProjectView> Handle(SaveProjectCommand request, CancellationToken ct)
    {
        await References.OrganisationAsync(db, request.LeadOrganisationId, "leadOrganisationId", ct);
        await References.IdsAsync(db, "organisations", [.. request.PartnerOrganisationIds.Select(id => (Guid?)id)], i => $"partnerOrganisationIds[{i}]",
            "Diese Organisation gibt es nicht.", ct);
        await References.DistrictAsync(db, request.DistrictCode, "districtCode", ct);
        await References.RegionsAsync(db, request.RegionCodes, request.DistrictCode, "regionCodes", ct);
        await References.FieldOfActionAsync(db, request.FieldOfActionId, "fieldOfActionId", ct);
        await References.ActionPlanAsync(db, request.ActionPlanId, "actionPlanId", ct);

        var now = clock.GetUtcNow();
        var id = request.Id ?? Guid.CreateVersion7();
        ProjectView? before = null;
        if (request.Id is not null)
        {
            Versioning.Check(await ProjectReads.LockAsync(db, id, ct), request.ExpectedVersion);
            before = await ProjectReads.LoadAsync(db, id, ct);
        }

        var args = new
        {
            id, request.Title, request.Summary, request.Description, request.LeadOrganisationId, request.PeriodStart, request.PeriodEnd,
            request.Status, request.DistrictCode, request.FieldOfActionId, request.ActionPlanId, ContactName = Input.Blank(request.Contact?.Name),
            ContactEmail = Input.Blank(request.Contact?.Email), ContactPhone = Input.Blank(request.Contact?.Phone), request.Website, request.Tags,
            now, request.ActorId,
        };
        await db.ExecuteAsync(before is null
            ? """
              insert into partners.projects (id, title, summary, description, lead_organisation_id, period_start, period_end, status, district_code,
                  field_of_action_id, action_plan_id, contact_name, contact_email, contact_phone, website, tags, created_at, created_by, updated_at, updated_by)
              values (@id, @Title, @Summary, @Description, @LeadOrganisationId, @PeriodStart, @PeriodEnd, @Status, @DistrictCode,
                  @FieldOfActionId, @ActionPlanId, @ContactName, @ContactEmail, @ContactPhone, @Website, @Tags, @now, @ActorId, @now, @ActorId)
              """
            : """
              update partners.projects set title = @Title, summary = @Summary, description = @Description, lead_organisation_id = @LeadOrganisationId,
                  period_start = @PeriodStart, period_end = @PeriodEnd, status = @Status, district_code = @DistrictCode,
                  field_of_action_id = @FieldOfActionId, action_plan_id = @ActionPlanId, contact_name = @ContactName, contact_email = @ContactEmail,
                  contact_phone = @ContactPhone, website = @Website, tags = @Tags, version = version + 1, updated_at = @now, updated_by = @ActorId
              where id = @id
              """, args, ct);
        await db.ExecuteAsync(
            """
            delete from partners.project_partners where project_id = @id;
            insert into partners.project_partners (project_id, organisation_id, position) select @id, o, n from unnest(@partners) with ordinality as t(o, n);
            delete from partners.project_regions where project_id = @id;
            insert into partners.project_regions (project_id, region_code) select @id, unnest(@regions);
            """, new { id, partners = request.PartnerOrganisationIds, regions = request.RegionCodes }, ct);

        var after = await ProjectReads.LoadAsync(db, id, ct);
        if (before is null)
        {
            await PartnersHistory.RecordAsync(db, "project", id, "created", Snapshot(after), request.ActorId, now, ct);
            return after;
        }

        await PartnersHistory.RecordAsync(db, "project", id, "updated", PartnersHistory.Diff(Snapshot(before), Snapshot(after)), request.ActorId, now, ct);
        if (after.IsPublic && after.Status == ProjectStatuses.Cancelled)
        {
            // A cancelled project is not listed: it leaves the sites it was on.
            var revision = await db.QuerySingleAsync<int>(
                """
                update partners.projects set is_public = false, publication_sites = '{}', publication_revision = publication_revision + 1
                where id = @id returning publication_revision
                """, new { id }, ct);
            await outbox.EnqueueAsync(new ProjectUnpublished(id, revision, after.Publication.Sites), ct);
            await PartnersHistory.RecordAsync(db, "project", id, "unpublished", new { reason = "cancelled", sites = after.Publication.Sites, revision },
                request.ActorId, now, ct);
        }
        else
        {
            await ProjectListing.RepublishIfPublicAsync(db, outbox, id, ct);
        }

        return await ProjectReads.LoadAsync(db, id, ct);
    }

    /// <summary>The fields a coordinator edits, for the history's from/to values.</summary>
    private static object Snapshot(ProjectView p) => new
    {
        p.Title, p.Summary, p.Description, LeadOrganisationId = p.LeadOrganisation.Id, PartnerOrganisationIds = p.PartnerOrganisations.Select(o => o.Id).ToArray(),
        p.PeriodStart, p.PeriodEnd, p.Status, p.DistrictCode, p.RegionCodes, p.FieldOfActionId, p.ActionPlanId, p.Contact, p.Website, p.Tags,
    };
}

internal static class SaveProjectEndpoints
{
    public static void MapSaveProject(this IEndpointRouteBuilder projects)
    {
        projects.MapPost("/", async (ProjectBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var project = await mediator.Send(ToCommand(null, null, body, http), ct);
                return Versioning.Created(http, $"/api/partners/projects/{project.Id}", project, project.Version);
            })
            .RequireCoordinator().WithName("CreatePartnerProject").WithSummary("Projekt anlegen")
            .Produces<ProjectView>(StatusCodes.Status201Created).ProducesValidationProblem();
        projects.MapPut("/{id:guid}", async (Guid id, ProjectBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var project = await mediator.Send(ToCommand(id, Versioning.Required(http, body.Version), body, http), ct);
                return Versioning.Ok(http, project, project.Version);
            })
            .RequireCoordinator().WithName("UpdatePartnerProject")
            .WithSummary("Projekt ändern (If-Match: Version); ein öffentliches Projekt wird auf den Websites aktualisiert")
            .Produces<ProjectView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static SaveProjectCommand ToCommand(Guid? id, int? version, ProjectBody body, HttpContext http) =>
        new(id, version, body.Title?.Trim() ?? "", body.Summary?.Trim() ?? "", body.Description ?? "", body.LeadOrganisationId,
            body.PartnerOrganisationIds ?? [], body.PeriodStart, body.PeriodEnd, body.Status?.Trim() ?? "", Input.Blank(body.DistrictCode),
            Input.Codes(body.RegionCodes), body.FieldOfActionId, body.ActionPlanId, body.Contact, Input.Blank(body.Website),
            [.. (body.Tags ?? []).Select(t => t?.Trim() ?? "")], CurrentUser.Required(http).Id);
}
