using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Content.Items;
using Bezirksplattform.Content.Text;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.SaveItem;

/// <summary>The body of a create or update: common fields plus the type's own (see <see cref="ItemFields"/>).</summary>
internal sealed record SaveItemBody(string Title, string? Slug, string[] Sites, ItemFields? Fields, int? Version);

/// <summary>Creates (Id null) or updates a draft. An update must name the version it was based on.</summary>
internal sealed record SaveItemCommand(Guid? Id, string Type, int? ExpectedVersion, bool VersionFromHeader, string Title, string? Slug,
    string[] Sites, ItemFields Fields, Guid ActorId) : ICommand<ItemView>;

internal sealed class SaveItemValidator : AbstractValidator<SaveItemCommand>
{
    public SaveItemValidator()
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(300);
        RuleFor(x => x.Sites).NotEmpty().WithMessage("Mindestens eine Website angeben.");
        RuleFor(x => x.Slug!).Must(GermanSlug.IsValidSegment).When(x => x.Slug is not null && x.Type != ItemTypes.Page)
            .WithMessage("Kleinbuchstaben, Ziffern und Bindestriche, z. B. kooperationsvereinbarung-unterzeichnet.");
        RuleFor(x => x.Slug!).Must(GermanSlug.IsValidPath).When(x => x.Slug is not null && x.Type == ItemTypes.Page)
            .WithMessage("Pfad aus Abschnitten mit Kleinbuchstaben, Ziffern und Bindestrichen, z. B. bezirkskoordination/aufgaben.");
        RuleFor(x => x.ExpectedVersion).NotNull().When(x => x.Id is not null)
            .WithMessage("Beim Ändern die Version angeben (Feld version oder Kopfzeile If-Match).");
        RuleFor(x => x.Fields.Body).MaximumLength(200_000).OverridePropertyName("fields.body");
        RuleFor(x => x.Fields.Teaser).MaximumLength(600).OverridePropertyName("fields.teaser");
        RuleFor(x => x.Fields.Summary).MaximumLength(1200).OverridePropertyName("fields.summary");
        RuleFor(x => x.Fields.Tags).Must(t => t.Length <= 30 && t.All(n => !string.IsNullOrWhiteSpace(n) && n.Length <= 60))
            .OverridePropertyName("fields.tags").WithMessage("Höchstens 30 Schlagworte mit je bis zu 60 Zeichen.");

        When(x => x.Type == ItemTypes.Project, () =>
        {
            RuleFor(x => x.Fields.Summary).NotEmpty().OverridePropertyName("fields.summary");
            RuleFor(x => x.Fields.ProjectStatus).Must(s => ProjectStatuses.All.Contains(s)).OverridePropertyName("fields.projectStatus")
                .WithMessage($"Erlaubt: {string.Join(", ", ProjectStatuses.All)}.");
            RuleFor(x => x.Fields.PeriodEnd).GreaterThanOrEqualTo(x => x.Fields.PeriodStart)
                .When(x => x.Fields.PeriodStart is not null && x.Fields.PeriodEnd is not null)
                .OverridePropertyName("fields.periodEnd").WithMessage("Das Ende liegt vor dem Beginn.");
            RuleFor(x => x.Fields.BudgetCents).GreaterThanOrEqualTo(0).OverridePropertyName("fields.budgetCents");
            RuleFor(x => x.Fields.LeadOrganisation!.Name).NotEmpty().When(x => x.Fields.LeadOrganisation is not null)
                .OverridePropertyName("fields.leadOrganisation.name");
            RuleForEach(x => x.Fields.PartnerOrganisations).Must(o => !string.IsNullOrWhiteSpace(o.Name))
                .OverridePropertyName("fields.partnerOrganisations").WithMessage("Jede Partnerorganisation braucht einen Namen.");
            RuleFor(x => x.Fields.Contact!.Email).EmailAddress().When(x => x.Fields.Contact?.Email is not null)
                .OverridePropertyName("fields.contact.email");
        });
        When(x => x.Type != ItemTypes.Project, () =>
        {
            RuleFor(x => x.Fields.ProjectStatus).Null().OverridePropertyName("fields.projectStatus").WithMessage("Nur für Projekte.");
            RuleFor(x => x.Fields.BudgetCents).Null().OverridePropertyName("fields.budgetCents").WithMessage("Nur für Projekte.");
        });
        RuleFor(x => x.Fields.PublishedOn).Null().When(x => x.Type != ItemTypes.Article)
            .OverridePropertyName("fields.publishedOn").WithMessage("Nur für Meldungen.");
    }
}

internal sealed class SaveItemHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SaveItemCommand, ItemView>
{
    public async Task<ItemView> Handle(SaveItemCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var sites = await db.QueryAsync<SiteRow>("select id, slug from content.sites where slug = any(@Sites)", request, ct);
        var unknownSites = request.Sites.Except(sites.Select(s => s.Slug)).ToList();
        if (unknownSites.Count > 0) throw new FieldProblemException("sites", $"Unbekannte Website: {string.Join(", ", unknownSites)}.");
        var fields = await NormaliseAsync(request.Fields, ct);

        ItemRow? existing = null;
        if (request.Id is { } id)
        {
            existing = await ItemReads.LoadAsync(db, id, ct, forUpdate: true);
            if (existing.Type != request.Type) throw new NotFoundException("Diesen Inhalt gibt es hier nicht.");
            if (existing.Version != request.ExpectedVersion)
            {
                var detail = $"Der Inhalt wurde inzwischen geändert (Version {existing.Version}, Ihre Vorlage: {request.ExpectedVersion}). Bitte neu laden.";
                throw request.VersionFromHeader ? new PreconditionFailedException(detail) : new ConflictException(detail);
            }

            if (existing.Status == ItemStatuses.Archived) throw new ConflictException("Archivierte Inhalte können nicht bearbeitet werden. Stellen Sie eine Version wieder her.");
        }

        var siteIds = sites.Select(s => s.Id).Order().ToArray();
        var slug = request.Slug ?? existing?.Slug ?? await ItemSlugs.FreeAsync(db, GermanSlug.From(request.Title), request.Type, siteIds, null, ct);
        await EnsureSlugFreeAsync(slug, request.Type, siteIds, request.Id, ct);

        var itemId = request.Id ?? Guid.CreateVersion7();
        if (existing is null)
        {
            await db.ExecuteAsync(
                """
                insert into content.items (id, type, status, version, title, slug, site_ids, fields, created_at, created_by, updated_at, updated_by)
                values (@itemId, @Type, 'draft', 1, @Title, @slug, @siteIds, @fields::jsonb, @now, @ActorId, @now, @ActorId)
                """, new { itemId, request.Type, request.Title, slug, siteIds, fields = fields.ToJson(), now, request.ActorId }, ct);
        }
        else
        {
            await db.ExecuteAsync(
                """
                update content.items set version = version + 1, title = @Title, slug = @slug, site_ids = @siteIds, fields = @fields::jsonb,
                    updated_at = @now, updated_by = @ActorId
                where id = @itemId
                """, new { itemId, request.Title, slug, siteIds, fields = fields.ToJson(), now, request.ActorId }, ct);
        }

        return await ItemReads.ViewAsync(db, await ItemReads.LoadAsync(db, itemId, ct), ct);
    }

    /// <summary>Trims, checks references against stored reference data, and registers new tags.</summary>
    private async Task<ItemFields> NormaliseAsync(ItemFields fields, CancellationToken ct)
    {
        var regionCodes = fields.RegionCodes.Select(c => c.Trim()).Distinct().ToArray();
        var knownRegions = await db.QueryAsync<string>("select code from content.regions where code = any(@regionCodes)", new { regionCodes }, ct);
        var unknownRegions = regionCodes.Except(knownRegions).ToList();
        if (unknownRegions.Count > 0)
            throw new FieldProblemException("fields.regionCodes", $"Unbekannte Bezirksregion: {string.Join(", ", unknownRegions)}.");

        var districtCodes = fields.DistrictCodes.Select(c => c.Trim()).Distinct().ToArray();
        var knownDistricts = await db.QueryAsync<string>("select distinct district_code from content.regions where district_code = any(@districtCodes)", new { districtCodes }, ct);
        var unknownDistricts = districtCodes.Except(knownDistricts).ToList();
        if (unknownDistricts.Count > 0)
            throw new FieldProblemException("fields.districtCodes", $"Unbekannter Bezirk: {string.Join(", ", unknownDistricts)}.");

        var tags = await ItemTags.RegisterAsync(db, fields.Tags, ct);

        return fields with { RegionCodes = regionCodes, DistrictCodes = districtCodes, Tags = tags };
    }

    private async Task EnsureSlugFreeAsync(string slug, string type, Guid[] siteIds, Guid? itemId, CancellationToken ct)
    {
        if (await ItemSlugs.TakenAsync(db, slug, type, siteIds, itemId, ct))
            throw new ProblemException(StatusCodes.Status409Conflict, "Konflikt", $"Die Adresse '{slug}' ist auf einer der Websites schon vergeben.",
                new Dictionary<string, string[]> { ["slug"] = ["Schon vergeben."] });
    }

    private sealed record SiteRow(Guid Id, string Slug);
}

internal static class SaveItemEndpoints
{
    public static void MapSaveItem(this IEndpointRouteBuilder content)
    {
        foreach (var (route, type) in ItemTypes.ByRoute)
        {
            content.MapPost($"/{route}", async (SaveItemBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                {
                    var item = await mediator.Send(ToCommand(null, type, body, http), ct);
                    http.Response.Headers.ETag = ItemReads.ETagOf(item.Version);
                    return Results.Created($"/api/content/{route}/{item.Id}", item);
                })
                .WithName($"Create{Capitalise(type)}").WithSummary($"Entwurf anlegen ({route})")
                .Produces<ItemView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

            content.MapPut($"/{route}/{{id:guid}}", async (Guid id, SaveItemBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                {
                    var item = await mediator.Send(ToCommand(id, type, body, http), ct);
                    http.Response.Headers.ETag = ItemReads.ETagOf(item.Version);
                    return Results.Ok(item);
                })
                .WithName($"Update{Capitalise(type)}").WithSummary($"Entwurf ändern ({route}); If-Match oder version verhindert das Überschreiben fremder Änderungen")
                .Produces<ItemView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        }
    }

    private static SaveItemCommand ToCommand(Guid? id, string type, SaveItemBody body, HttpContext http)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        int? headerVersion = int.TryParse(ifMatch.Replace("W/", "").Trim('"', ' '), out var v) ? v : null;
        if (id is not null && ifMatch.Length > 0 && headerVersion is null)
            throw new FieldProblemException("If-Match", "Erwartet wird die Version als ETag, z. B. \"3\".");
        return new SaveItemCommand(id, type, headerVersion ?? body.Version, headerVersion is not null, body.Title?.Trim() ?? "",
            string.IsNullOrWhiteSpace(body.Slug) ? null : body.Slug.Trim(), body.Sites ?? [], body.Fields ?? new ItemFields(),
            CurrentUser.Required(http).Id);
    }

    private static string Capitalise(string type) => char.ToUpperInvariant(type[0]) + type[1..];
}
