using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Partners.Network;
using Bezirksplattform.Partners.Shared;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.SaveOrganisation;

/// <summary>
/// Creates (Id null) or replaces an organisation's fields; an update names the version it was
/// based on. Organisations are never deleted (agreements, committees and affiliations point at
/// them): <c>isActive: false</c> deactivates one (left out: unchanged, or active for a new one).
/// </summary>
internal sealed record SaveOrganisationCommand(
    Guid? Id, string Name, string? ShortName, string Kind, string? SizeClass, Guid? ParentId, string? DistrictCode, string[] RegionCodes,
    string? Email, string? Phone, string? Website, string? Street, string? PostalCode, string? City, bool AcceptsReferrals, string? Notes,
    bool? IsActive, int? ExpectedVersion, bool ConfirmNotDuplicate, Guid ActorId) : ICommand<SaveOrganisationResult>
{
    public OrganisationState StateWith(bool isActive) => new(Name, ShortName, Kind, SizeClass, ParentId, DistrictCode,
        [.. RegionCodes.Distinct().Order()], Email, Phone, Website, Street, PostalCode, City, AcceptsReferrals, Notes, isActive);
}

/// <summary>The recorded fields of an organisation (partners.history snapshots and diffs).</summary>
internal sealed record OrganisationState(
    string Name, string? ShortName, string Kind, string? SizeClass, Guid? ParentId, string? DistrictCode, string[] RegionCodes,
    string? Email, string? Phone, string? Website, string? Street, string? PostalCode, string? City, bool AcceptsReferrals, string? Notes,
    bool IsActive)
{
    public static OrganisationState Of(OrganisationView o) => new(o.Name, o.ShortName, o.Kind, o.SizeClass, o.ParentId, o.DistrictCode,
        o.RegionCodes, o.Email, o.Phone, o.Website, o.Street, o.PostalCode, o.City, o.AcceptsReferrals, o.Notes, o.IsActive);
}

/// <summary>An organisation that may be the one being created (same district, similar or equal name).</summary>
internal sealed record DuplicateCandidate(Guid Id, string Name, double Similarity);

/// <summary>Either the saved organisation or, for a create, the likely duplicates that stopped it.</summary>
internal sealed record SaveOrganisationResult(OrganisationView? Organisation, IReadOnlyList<DuplicateCandidate> PossibleDuplicates);

internal sealed class SaveOrganisationValidator : AbstractValidator<SaveOrganisationCommand>
{
    public SaveOrganisationValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(300);
        RuleFor(x => x.ShortName).MaximumLength(50);
        RuleFor(x => x.Kind).Must(k => OrganisationKinds.All.Contains(k)).WithMessage($"Erlaubt: {string.Join(", ", OrganisationKinds.All)}.");
        RuleFor(x => x.SizeClass).Must(s => s is null || OrganisationKinds.SizeClasses.Contains(s))
            .WithMessage($"Erlaubt: {string.Join(", ", OrganisationKinds.SizeClasses)}.");
        RuleForEach(x => x.RegionCodes).NotEmpty();
        RuleFor(x => x.Email).EmailAddressIfGiven();
        RuleFor(x => x.Website).Must(ContactRules.IsHttpUrl).MaximumLength(500).When(x => x.Website is not null)
            .WithMessage("Eine absolute http(s)-Adresse wie https://www.example.org.");
        RuleFor(x => x.Phone).PhoneIfGiven();
        RuleFor(x => x.Street).MaximumLength(200);
        RuleFor(x => x.PostalCode).MaximumLength(10);
        RuleFor(x => x.City).MaximumLength(100);
        RuleFor(x => x.Notes).MaximumLength(4000);
        RuleFor(x => x.ParentId).NotEqual(x => x.Id).When(x => x.Id is not null && x.ParentId is not null)
            .WithMessage("Eine Organisation kann nicht ihre eigene übergeordnete Organisation sein.");
        RuleFor(x => x.ExpectedVersion).NotNull().When(x => x.Id is not null).OverridePropertyName("version").WithMessage(Versions.Missing);
    }
}

internal sealed class SaveOrganisationHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SaveOrganisationCommand, SaveOrganisationResult>
{
    public async Task<SaveOrganisationResult> Handle(SaveOrganisationCommand request, CancellationToken ct)
    {
        OrganisationView? existing = null;
        if (request.Id is { } id)
        {
            await db.ExecuteAsync("select 1 from partners.organisations where id = @id for update", new { id }, ct);
            existing = await OrganisationReads.RequireAsync(db, id, clock, ct);
            Versions.Check(existing.Version, request.ExpectedVersion);
        }

        await CheckReferencesAsync(request, ct);
        var now = clock.GetUtcNow();
        if (existing is null)
        {
            // One create at a time per district, so two similar names sent at once cannot both slip past the check.
            await db.ExecuteAsync("select pg_advisory_xact_lock(hashtextextended('partners.organisations:' || coalesce(@DistrictCode, ''), 0))", request, ct);
            if (!request.ConfirmNotDuplicate)
            {
                var candidates = await PossibleDuplicatesAsync(request, ct);
                if (candidates.Count > 0) return new SaveOrganisationResult(null, candidates);
            }
        }

        var organisationId = request.Id ?? Guid.CreateVersion7();
        var after = request.StateWith(request.IsActive ?? existing?.IsActive ?? true);
        var args = new
        {
            Id = organisationId, request.Name, request.ShortName, request.Kind, request.SizeClass, request.ParentId, request.DistrictCode,
            request.Email, request.Phone, request.Website, request.Street, request.PostalCode, request.City, request.AcceptsReferrals,
            request.Notes, after.IsActive, request.ActorId, now,
        };
        if (existing is null)
            await db.ExecuteAsync(
                """
                insert into partners.organisations (id, name, short_name, kind, size_class, parent_id, district_code, email, phone, website,
                    street, postal_code, city, accepts_referrals, notes, is_active, version, created_at, created_by, updated_at, updated_by)
                values (@Id, @Name, @ShortName, @Kind, @SizeClass, @ParentId, @DistrictCode, @Email, @Phone, @Website,
                    @Street, @PostalCode, @City, @AcceptsReferrals, @Notes, @IsActive, 1, @now, @ActorId, @now, @ActorId)
                """, args, ct);
        else
            await db.ExecuteAsync(
                """
                update partners.organisations set name = @Name, short_name = @ShortName, kind = @Kind, size_class = @SizeClass,
                    parent_id = @ParentId, district_code = @DistrictCode, email = @Email, phone = @Phone, website = @Website,
                    street = @Street, postal_code = @PostalCode, city = @City, accepts_referrals = @AcceptsReferrals, notes = @Notes,
                    is_active = @IsActive, version = version + 1, updated_at = @now, updated_by = @ActorId
                where id = @Id
                """, args, ct);

        await db.ExecuteAsync(
            """
            delete from partners.organisation_regions where organisation_id = @organisationId and region_code <> all(@RegionCodes);
            insert into partners.organisation_regions (organisation_id, region_code)
            select @organisationId, unnest(@RegionCodes::text[]) on conflict do nothing;
            """, new { organisationId, request.RegionCodes }, ct);

        if (existing is null)
            await PartnersHistory.RecordAsync(db, "organisation", organisationId, "created", after, request.ActorId, now, ct);
        else
            await PartnersHistory.RecordAsync(db, "organisation", organisationId, ActionOf(existing.IsActive, after.IsActive),
                PartnersHistory.Diff(OrganisationState.Of(existing), after), request.ActorId, now, ct);

        return new SaveOrganisationResult(await OrganisationReads.RequireAsync(db, organisationId, clock, ct), []);
    }

    private static string ActionOf(bool wasActive, bool isActive) =>
        wasActive == isActive ? "updated" : isActive ? "reactivated" : "deactivated";

    /// <summary>Referenced records must exist (a 400 naming the field, never a foreign-key 500); the parent chain must stay a tree.</summary>
    private async Task CheckReferencesAsync(SaveOrganisationCommand request, CancellationToken ct)
    {
        if (request.DistrictCode is not null
            && !await db.ExecuteScalarAsync<bool>("select exists (select 1 from partners.districts where code = @DistrictCode)", request, ct))
            throw new FieldProblemException("districtCode", $"Unbekannter Bezirk: {request.DistrictCode}.");

        var known = await db.QueryAsync<string>("select code from partners.regions where code = any(@RegionCodes)", request, ct);
        var unknown = request.RegionCodes.Select((code, i) => (code, i)).Where(r => !known.Contains(r.code))
            .ToDictionary(r => $"regionCodes[{r.i}]", r => new[] { $"Unbekannte Bezirksregion: {r.code}." });
        if (unknown.Count > 0)
            throw new ProblemException(StatusCodes.Status400BadRequest, "Die Anfrage ist ungültig.",
                "Mindestens ein Feld ist ungültig: " + string.Join(", ", unknown.Keys) + ".", unknown);

        if (request.ParentId is not { } parentId) return;
        if (!await db.ExecuteScalarAsync<bool>("select exists (select 1 from partners.organisations where id = @parentId)", new { parentId }, ct))
            throw new FieldProblemException("parentId", "Diese übergeordnete Organisation gibt es nicht.");
        if (request.Id is { } id && await db.ExecuteScalarAsync<bool>(
                """
                with recursive ancestors as (
                    select id, parent_id from partners.organisations where id = @parentId
                    union
                    select o.id, o.parent_id from partners.organisations o join ancestors a on o.id = a.parent_id
                )
                select exists (select 1 from ancestors where id = @id)
                """, new { parentId, id }, ct))
            throw new FieldProblemException("parentId", "Diese Zuordnung ergäbe einen Kreis: die Organisation stünde über sich selbst.");
    }

    /// <summary>
    /// Active organisations of the same district whose name is similar (trigram similarity of at
    /// least 0.5) or the same once case, punctuation and legal forms (e. V., gGmbH, GmbH, …) are ignored.
    /// </summary>
    private Task<IReadOnlyList<DuplicateCandidate>> PossibleDuplicatesAsync(SaveOrganisationCommand request, CancellationToken ct) =>
        db.QueryAsync<DuplicateCandidate>(
            """
            select id, name, similarity from (
                select o.id, o.name,
                       case when partners.organisation_name_key(o.name) = partners.organisation_name_key(@Name) then 1.0
                            else round(similarity(lower(o.name), lower(@Name))::numeric, 2) end::float8 as similarity
                from partners.organisations o
                where o.is_active and o.district_code is not distinct from @DistrictCode
            ) c
            where similarity >= 0.5
            order by similarity desc, name
            limit 10
            """, request, ct);
}

internal sealed record OrganisationBody(
    string? Name, string? ShortName, string? Kind, string? SizeClass, Guid? ParentId, string? DistrictCode, string[]? RegionCodes,
    string? Email, string? Phone, string? Website, string? Street, string? PostalCode, string? City, bool? AcceptsReferrals, string? Notes,
    bool? IsActive, int? Version, bool? ConfirmNotDuplicate);

internal static class SaveOrganisationEndpoints
{
    public static void MapSaveOrganisation(this IEndpointRouteBuilder partners)
    {
        partners.MapPost("/organisations", async (OrganisationBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var result = await mediator.Send(ToCommand(null, body, http), ct);
                if (result.Organisation is not { } organisation)
                    return Results.Problem(new ProblemDetails
                    {
                        Status = StatusCodes.Status409Conflict,
                        Title = "Mögliche Dublette",
                        Detail = "Im selben Bezirk gibt es schon eine Organisation mit ähnlichem Namen. Bitte prüfen; "
                            + "wenn es eine andere Organisation ist, mit \"confirmNotDuplicate\": true erneut senden.",
                        Extensions = { ["possibleDuplicates"] = result.PossibleDuplicates },
                    });
                return Versions.Answer(http, organisation, organisation.Version, $"/api/partners/organisations/{organisation.Id}");
            })
            .RequireCoordinator()
            .WithName("CreatePartnerOrganisation")
            .WithSummary("Organisation anlegen; bei ähnlichem Namen im selben Bezirk 409 mit possibleDuplicates (confirmNotDuplicate: true legt trotzdem an)")
            .Produces<OrganisationView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        partners.MapPut("/organisations/{id:guid}", async (Guid id, OrganisationBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var organisation = (await mediator.Send(ToCommand(id, body, http), ct)).Organisation!;
                return Versions.Answer(http, organisation, organisation.Version);
            })
            .RequireCoordinator()
            .WithName("UpdatePartnerOrganisation").WithSummary("Organisation ändern oder deaktivieren (isActive: false); If-Match oder version")
            .ProducesUpdate<OrganisationView>();
    }

    private static SaveOrganisationCommand ToCommand(Guid? id, OrganisationBody body, HttpContext http) =>
        new(id, body.Name?.Trim() ?? "", ContactRules.Clean(body.ShortName), body.Kind?.Trim() ?? "", ContactRules.Clean(body.SizeClass),
            body.ParentId, ContactRules.Clean(body.DistrictCode), [.. (body.RegionCodes ?? []).Select(c => c?.Trim() ?? "")],
            ContactRules.Clean(body.Email), ContactRules.Clean(body.Phone), ContactRules.Clean(body.Website), ContactRules.Clean(body.Street),
            ContactRules.Clean(body.PostalCode), ContactRules.Clean(body.City), body.AcceptsReferrals ?? false, ContactRules.Clean(body.Notes),
            body.IsActive, id is null ? null : Versions.Expected(http, body.Version), body.ConfirmNotDuplicate ?? false,
            CurrentUser.Required(http).Id);
}
