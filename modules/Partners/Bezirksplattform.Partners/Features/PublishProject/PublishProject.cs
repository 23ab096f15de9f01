using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Content.Contracts;
using Bezirksplattform.Partners.Contracts;
using Bezirksplattform.Partners.Programmes;
using Bezirksplattform.Partners.Shared;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.PublishProject;

internal sealed record PublishBody(string[]? Sites, int? Version);

/// <summary>
/// Marks a project public and lists it on the named content sites (through the ProjectPublished
/// event, which the content module turns into a published project item). Publishing a public
/// project again replaces its sites.
/// </summary>
internal sealed record PublishProjectCommand(Guid Id, string[] Sites, int? ExpectedVersion, Guid ActorId) : ICommand<ProjectView>;

internal sealed class PublishProjectValidator : AbstractValidator<PublishProjectCommand>
{
    public PublishProjectValidator()
    {
        RuleFor(x => x.Sites).NotEmpty().WithMessage("Mindestens eine Website angeben.");
        RuleForEach(x => x.Sites).NotEmpty().WithMessage("Darf nicht leer sein.");
    }
}

internal sealed class PublishProjectHandler(IDbSession db, IMediator mediator, IIntegrationEventOutbox outbox, TimeProvider clock)
    : IRequestHandler<PublishProjectCommand, ProjectView>
{
    public async Task<ProjectView> Handle(PublishProjectCommand request, CancellationToken ct)
    {
        Versioning.Check(await ProjectReads.LockAsync(db, request.Id, ct), request.ExpectedVersion);
        var project = await ProjectReads.LoadAsync(db, request.Id, ct);
        if (project.Status == ProjectStatuses.Cancelled)
            throw new ConflictException("Abgebrochene Projekte werden nicht veröffentlicht.");

        var known = (await mediator.Send(new ListSitesQuery(), ct)).Select(s => s.Slug).ToHashSet(StringComparer.Ordinal);
        var unknown = request.Sites.Select((s, i) => (s, i)).Where(x => !known.Contains(x.s)).ToDictionary(x => $"sites[{x.i}]", _ => new[] { "Unbekannte Website." });
        if (unknown.Count > 0)
            throw new ProblemException(400, "Die Anfrage ist ungültig.", $"Unbekannte Website: {string.Join(", ", unknown.Keys)}.", unknown);

        var now = clock.GetUtcNow();
        var sites = request.Sites.Distinct().Order(StringComparer.Ordinal).ToArray();
        var revision = await db.QuerySingleAsync<int>(
            """
            update partners.projects set is_public = true, publication_sites = @sites, publication_revision = publication_revision + 1,
                published_at = @now, published_by = @ActorId, version = version + 1, updated_at = @now, updated_by = @ActorId
            where id = @Id returning publication_revision
            """, new { request.Id, sites, now, request.ActorId }, ct);
        await outbox.EnqueueAsync(await ProjectListing.BuildAsync(db, request.Id, revision, ct), ct);
        await PartnersHistory.RecordAsync(db, "project", request.Id, "published",
            new { sites = new { from = project.Publication.Sites, to = sites }, revision }, request.ActorId, now, ct);
        return await ProjectReads.LoadAsync(db, request.Id, ct);
    }
}

/// <summary>Takes a public project off every site it was listed on.</summary>
internal sealed record UnpublishProjectCommand(Guid Id, int? ExpectedVersion, Guid ActorId) : ICommand<ProjectView>;

internal sealed class UnpublishProjectHandler(IDbSession db, IIntegrationEventOutbox outbox, TimeProvider clock)
    : IRequestHandler<UnpublishProjectCommand, ProjectView>
{
    public async Task<ProjectView> Handle(UnpublishProjectCommand request, CancellationToken ct)
    {
        Versioning.Check(await ProjectReads.LockAsync(db, request.Id, ct), request.ExpectedVersion);
        var project = await ProjectReads.LoadAsync(db, request.Id, ct);
        if (!project.IsPublic) throw new ConflictException("Das Projekt ist nicht veröffentlicht.");

        var now = clock.GetUtcNow();
        var revision = await db.QuerySingleAsync<int>(
            """
            update partners.projects set is_public = false, publication_sites = '{}', publication_revision = publication_revision + 1,
                version = version + 1, updated_at = @now, updated_by = @ActorId
            where id = @Id returning publication_revision
            """, new { request.Id, now, request.ActorId }, ct);
        await outbox.EnqueueAsync(new ProjectUnpublished(request.Id, revision, project.Publication.Sites), ct);
        await PartnersHistory.RecordAsync(db, "project", request.Id, "unpublished", new { sites = project.Publication.Sites, revision }, request.ActorId, now, ct);
        return await ProjectReads.LoadAsync(db, request.Id, ct);
    }
}

internal static class PublishProjectEndpoints
{
    public static void MapPublishProject(this IEndpointRouteBuilder projects)
    {
        projects.MapPost("/{id:guid}/publish", async (Guid id, PublishBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var project = await mediator.Send(new PublishProjectCommand(id, Input.Codes(body.Sites), Versioning.Expected(http, body.Version),
                    CurrentUser.Required(http).Id), ct);
                return Versioning.Ok(http, project, project.Version);
            })
            .RequireCoordinator().WithName("PublishPartnerProject")
            .WithSummary("Projekt veröffentlichen: als Projektsteckbrief auf den genannten Websites (sites) listen")
            .Produces<ProjectView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        projects.MapPost("/{id:guid}/unpublish", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var project = await mediator.Send(new UnpublishProjectCommand(id, Versioning.Expected(http), CurrentUser.Required(http).Id), ct);
                return Versioning.Ok(http, project, project.Version);
            })
            .RequireCoordinator().WithName("UnpublishPartnerProject").WithSummary("Projekt von allen Websites nehmen")
            .Produces<ProjectView>().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }
}
