using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Partners.Network;
using Bezirksplattform.Partners.Shared;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.SaveAffiliation;

/// <summary>
/// A person's role at an organisation for a period. Created on the person; changed (e.g. ended by
/// setting validUntil) with the version it was based on. The organisation of an affiliation is
/// fixed: a move to another organisation is a new affiliation, so the old one stays in the record.
/// </summary>
internal sealed record SaveAffiliationCommand(Guid PersonId, Guid? AffiliationId, Guid? OrganisationId, string Role, DateOnly? ValidFrom,
    DateOnly? ValidUntil, int? ExpectedVersion, Guid ActorId) : ICommand<AffiliationView>;

/// <summary>The recorded fields of an affiliation (partners.history).</summary>
internal sealed record AffiliationState(Guid PersonId, Guid OrganisationId, string Role, DateOnly? ValidFrom, DateOnly? ValidUntil);

internal sealed class SaveAffiliationValidator : AbstractValidator<SaveAffiliationCommand>
{
    public SaveAffiliationValidator()
    {
        RuleFor(x => x.OrganisationId).NotNull().When(x => x.AffiliationId is null);
        RuleFor(x => x.Role).NotEmpty().MaximumLength(200);
        RuleFor(x => x.ValidUntil).GreaterThanOrEqualTo(x => x.ValidFrom).When(x => x.ValidFrom is not null && x.ValidUntil is not null)
            .WithMessage("Muss am oder nach 'validFrom' liegen.");
        RuleFor(x => x.ExpectedVersion).NotNull().When(x => x.AffiliationId is not null).OverridePropertyName("version").WithMessage(Versions.Missing);
    }
}

internal sealed class SaveAffiliationHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SaveAffiliationCommand, AffiliationView>
{
    public async Task<AffiliationView> Handle(SaveAffiliationCommand request, CancellationToken ct)
    {
        if (!await db.ExecuteScalarAsync<bool>("select exists (select 1 from partners.people where id = @PersonId)", request, ct))
            throw new NotFoundException("Diese Person gibt es nicht.");
        var now = clock.GetUtcNow();
        var today = clock.Today();

        if (request.AffiliationId is not { } id)
        {
            if (!await db.ExecuteScalarAsync<bool>("select exists (select 1 from partners.organisations where id = @OrganisationId)", request, ct))
                throw new FieldProblemException("organisationId", "Diese Organisation gibt es nicht.");
            id = Guid.CreateVersion7();
            await db.ExecuteAsync(
                """
                insert into partners.affiliations (id, person_id, organisation_id, role, valid_from, valid_until, version, created_at, created_by, updated_at, updated_by)
                values (@id, @PersonId, @OrganisationId, @Role, @ValidFrom, @ValidUntil, 1, @now, @ActorId, @now, @ActorId)
                """, new { id, request.PersonId, request.OrganisationId, request.Role, request.ValidFrom, request.ValidUntil, now, request.ActorId }, ct);
            await PartnersHistory.RecordAsync(db, "affiliation", id, "created",
                new AffiliationState(request.PersonId, request.OrganisationId!.Value, request.Role, request.ValidFrom, request.ValidUntil),
                request.ActorId, now, ct);
            return (await AffiliationReads.FindAsync(db, id, today, ct))!;
        }

        await db.ExecuteAsync("select 1 from partners.affiliations where id = @id for update", new { id }, ct);
        var existing = await AffiliationReads.FindAsync(db, id, today, ct);
        if (existing is null || existing.PersonId != request.PersonId) throw new NotFoundException("Diese Funktion gibt es bei dieser Person nicht.");
        if (request.OrganisationId is { } organisationId && organisationId != existing.OrganisationId)
            throw new FieldProblemException("organisationId", "Die Organisation einer Funktion bleibt fest; für einen Wechsel eine neue Funktion anlegen.");
        Versions.Check(existing.Version, request.ExpectedVersion);

        await db.ExecuteAsync(
            """
            update partners.affiliations set role = @Role, valid_from = @ValidFrom, valid_until = @ValidUntil, version = version + 1,
                updated_at = @now, updated_by = @ActorId
            where id = @id
            """, new { id, request.Role, request.ValidFrom, request.ValidUntil, now, request.ActorId }, ct);
        var before = new AffiliationState(existing.PersonId, existing.OrganisationId, existing.Role, existing.ValidFrom, existing.ValidUntil);
        var after = before with { Role = request.Role, ValidFrom = request.ValidFrom, ValidUntil = request.ValidUntil };
        var ended = existing.ValidUntil is null && request.ValidUntil is not null;
        await PartnersHistory.RecordAsync(db, "affiliation", id, ended ? "ended" : "updated", PartnersHistory.Diff(before, after),
            request.ActorId, now, ct);
        return (await AffiliationReads.FindAsync(db, id, today, ct))!;
    }
}

internal sealed record AffiliationBody(Guid? OrganisationId, string? Role, DateOnly? ValidFrom, DateOnly? ValidUntil, int? Version);

internal static class SaveAffiliationEndpoints
{
    public static void MapSaveAffiliation(this IEndpointRouteBuilder partners)
    {
        partners.MapPost("/people/{id:guid}/affiliations", async (Guid id, AffiliationBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var affiliation = await mediator.Send(ToCommand(id, null, body, http), ct);
                return Versions.Answer(http, affiliation, affiliation.Version, $"/api/partners/people/{id}/affiliations/{affiliation.Id}");
            })
            .RequireCoordinator()
            .WithName("CreatePartnerAffiliation").WithSummary("Funktion einer Person in einer Organisation anlegen (role, validFrom, validUntil)")
            .Produces<AffiliationView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        partners.MapPut("/people/{id:guid}/affiliations/{affiliationId:guid}", async (Guid id, Guid affiliationId, AffiliationBody body, HttpContext http,
                IMediator mediator, CancellationToken ct) =>
            {
                var affiliation = await mediator.Send(ToCommand(id, affiliationId, body, http), ct);
                return Versions.Answer(http, affiliation, affiliation.Version);
            })
            .RequireCoordinator()
            .WithName("UpdatePartnerAffiliation").WithSummary("Funktion ändern oder beenden (validUntil setzen); If-Match oder version")
            .ProducesUpdate<AffiliationView>();
    }

    private static SaveAffiliationCommand ToCommand(Guid personId, Guid? affiliationId, AffiliationBody body, HttpContext http) =>
        new(personId, affiliationId, body.OrganisationId, body.Role?.Trim() ?? "", body.ValidFrom, body.ValidUntil,
            affiliationId is null ? null : Versions.Expected(http, body.Version), CurrentUser.Required(http).Id);
}
