using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Partners.Agreements;
using Bezirksplattform.Partners.Shared;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.ManageAgreementParties;

internal sealed record AddPartyBody(Guid? OrganisationId, string? Role, int? Version);

internal sealed record AddAgreementPartyCommand(Guid AgreementId, Guid? OrganisationId, string Role, ExpectedVersion Expected, Guid ActorId)
    : ICommand<AgreementView>;

internal sealed record RemoveAgreementPartyCommand(Guid AgreementId, Guid OrganisationId, ExpectedVersion Expected, Guid ActorId)
    : ICommand<AgreementView>;

internal sealed class AddAgreementPartyValidator : AbstractValidator<AddAgreementPartyCommand>
{
    public AddAgreementPartyValidator()
    {
        RuleFor(x => x.OrganisationId).NotEmpty();
        RuleFor(x => x.Role).Must(r => PartyRoles.All.Contains(r)).WithMessage($"Erlaubt: {string.Join(", ", PartyRoles.All)}.");
    }
}

internal sealed class AddAgreementPartyHandler(IDbSession db, TimeProvider clock) : IRequestHandler<AddAgreementPartyCommand, AgreementView>
{
    public async Task<AgreementView> Handle(AddAgreementPartyCommand request, CancellationToken ct)
    {
        var (now, today) = (clock.GetUtcNow(), clock.Today());
        var agreement = await AgreementReads.LockAsync(db, request.AgreementId, today, request.Expected, ct);
        AgreementRules.EnsureNotTerminated(agreement);
        var organisation = await db.QuerySingleOrDefaultAsync<string>(
            "select name from partners.organisations where id = @OrganisationId", request, ct)
            ?? throw new FieldProblemException("organisationId", "Diese Organisation gibt es nicht.");

        var added = await db.ExecuteAsync(
            """
            insert into partners.agreement_parties (agreement_id, organisation_id, role, added_at, added_by)
            values (@AgreementId, @OrganisationId, @Role, @now, @ActorId) on conflict do nothing
            """, new { request.AgreementId, request.OrganisationId, request.Role, now, request.ActorId }, ct);
        if (added == 0) throw new ConflictException($"{organisation} ist schon Partei dieser Vereinbarung.");
        await AgreementReads.TouchAsync(db, request.AgreementId, "party_added",
            new { request.OrganisationId, organisationName = organisation, request.Role }, request.ActorId, now, ct);
        return await AgreementReads.ViewAsync(db, request.AgreementId, today, ct);
    }
}

internal sealed class RemoveAgreementPartyHandler(IDbSession db, TimeProvider clock) : IRequestHandler<RemoveAgreementPartyCommand, AgreementView>
{
    public async Task<AgreementView> Handle(RemoveAgreementPartyCommand request, CancellationToken ct)
    {
        var (now, today) = (clock.GetUtcNow(), clock.Today());
        var agreement = await AgreementReads.LockAsync(db, request.AgreementId, today, request.Expected, ct);
        AgreementRules.EnsureNotTerminated(agreement);
        if (await db.ExecuteScalarAsync<bool>(
                "select exists (select 1 from partners.agreement_signatories where agreement_id = @AgreementId and organisation_id = @OrganisationId)", request, ct))
            throw new ConflictException("Für diese Partei liegt eine Unterzeichnung vor. Entfernen Sie zuerst die Unterzeichnung.");
        var removed = await db.QuerySingleOrDefaultAsync<string>(
            "delete from partners.agreement_parties where agreement_id = @AgreementId and organisation_id = @OrganisationId returning role", request, ct)
            ?? throw new NotFoundException("Diese Organisation ist keine Partei der Vereinbarung.");
        await AgreementReads.TouchAsync(db, request.AgreementId, "party_removed", new { request.OrganisationId, role = removed }, request.ActorId, now, ct);
        return await AgreementReads.ViewAsync(db, request.AgreementId, today, ct);
    }
}

internal static class ManageAgreementPartiesEndpoints
{
    public static void MapManageAgreementParties(this IEndpointRouteBuilder agreements)
    {
        agreements.MapPost("/{id:guid}/parties", async (Guid id, AddPartyBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                await AgreementReads.RespondAsync(mediator, new AddAgreementPartyCommand(id, body.OrganisationId, body.Role?.Trim() ?? "",
                    ExpectedVersion.From(http, body.Version), CurrentUser.Required(http).Id), http, ct))
            .RequireCoordinator()
            .WithName("AddAgreementParty").WithSummary("Organisation als Partei hinzufügen (role: district_office, senate_department, provider, federation, other)")
            .Produces<AgreementView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        agreements.MapDelete("/{id:guid}/parties/{organisationId:guid}", async (Guid id, Guid organisationId, HttpContext http, IMediator mediator, CancellationToken ct) =>
                await AgreementReads.RespondAsync(mediator, new RemoveAgreementPartyCommand(id, organisationId, ExpectedVersion.From(http, null),
                    CurrentUser.Required(http).Id), http, ct))
            .RequireCoordinator()
            .WithName("RemoveAgreementParty").WithSummary("Partei entfernen (nur ohne Unterzeichnung)")
            .Produces<AgreementView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }
}
