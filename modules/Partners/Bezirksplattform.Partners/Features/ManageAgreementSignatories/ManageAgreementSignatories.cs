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

namespace Bezirksplattform.Partners.Features.ManageAgreementSignatories;

/// <summary>Who signed for a party. <c>personId</c> is optional: sources often name only "the representatives of" an association.</summary>
internal sealed record AddSignatoryBody(Guid? OrganisationId, Guid? PersonId, string? Function, DateOnly? SignedOn, int? Version);

internal sealed record AddAgreementSignatoryCommand(
    Guid AgreementId, Guid? OrganisationId, Guid? PersonId, string? Function, DateOnly? SignedOn, ExpectedVersion Expected, Guid ActorId)
    : ICommand<AgreementView>;

internal sealed record RemoveAgreementSignatoryCommand(Guid AgreementId, Guid SignatoryId, ExpectedVersion Expected, Guid ActorId) : ICommand<AgreementView>;

internal sealed class AddAgreementSignatoryValidator : AbstractValidator<AddAgreementSignatoryCommand>
{
    public AddAgreementSignatoryValidator()
    {
        RuleFor(x => x.OrganisationId).NotEmpty();
        RuleFor(x => x.PersonId).NotEqual(Guid.Empty);
        RuleFor(x => x.SignedOn).NotNull();
        RuleFor(x => x.Function).MaximumLength(200);
    }
}

internal sealed class AddAgreementSignatoryHandler(IDbSession db, TimeProvider clock) : IRequestHandler<AddAgreementSignatoryCommand, AgreementView>
{
    public async Task<AgreementView> Handle(AddAgreementSignatoryCommand request, CancellationToken ct)
    {
        var (now, today) = (clock.GetUtcNow(), clock.Today());
        if (request.SignedOn > today)
            throw new FieldProblemException("signedOn", $"Darf nicht in der Zukunft liegen (heute ist der {today:dd.MM.yyyy}).");
        var agreement = await AgreementReads.LockAsync(db, request.AgreementId, today, request.Expected, ct);
        AgreementRules.EnsureNotTerminated(agreement);

        if (!await db.ExecuteScalarAsync<bool>("select exists (select 1 from partners.organisations where id = @OrganisationId)", request, ct))
            throw new FieldProblemException("organisationId", "Diese Organisation gibt es nicht.");
        if (!await db.ExecuteScalarAsync<bool>(
                "select exists (select 1 from partners.agreement_parties where agreement_id = @AgreementId and organisation_id = @OrganisationId)", request, ct))
            throw new FieldProblemException("organisationId", "Die Organisation ist keine Partei der Vereinbarung. Fügen Sie sie zuerst als Partei hinzu.");
        if (request.PersonId is not null
            && !await db.ExecuteScalarAsync<bool>("select exists (select 1 from partners.people where id = @PersonId)", request, ct))
            throw new FieldProblemException("personId", "Diese Person gibt es nicht.");

        var id = Guid.CreateVersion7();
        await db.ExecuteAsync(
            """
            insert into partners.agreement_signatories (id, agreement_id, organisation_id, person_id, function, signed_on, added_at, added_by)
            values (@id, @AgreementId, @OrganisationId, @PersonId, @Function, @SignedOn, @now, @ActorId)
            """, new { id, request.AgreementId, request.OrganisationId, request.PersonId, request.Function, request.SignedOn, now, request.ActorId }, ct);
        await AgreementReads.TouchAsync(db, request.AgreementId, "signatory_added",
            new { signatoryId = id, request.OrganisationId, request.PersonId, request.Function, request.SignedOn }, request.ActorId, now, ct);
        return await AgreementReads.ViewAsync(db, request.AgreementId, today, ct);
    }
}

internal sealed class RemoveAgreementSignatoryHandler(IDbSession db, TimeProvider clock) : IRequestHandler<RemoveAgreementSignatoryCommand, AgreementView>
{
    public async Task<AgreementView> Handle(RemoveAgreementSignatoryCommand request, CancellationToken ct)
    {
        var (now, today) = (clock.GetUtcNow(), clock.Today());
        var agreement = await AgreementReads.LockAsync(db, request.AgreementId, today, request.Expected, ct);
        AgreementRules.EnsureNotTerminated(agreement);
        var removed = await db.QuerySingleOrDefaultAsync<Removed>(
            """
            delete from partners.agreement_signatories where id = @SignatoryId and agreement_id = @AgreementId
            returning organisation_id, person_id, function, signed_on
            """, request, ct) ?? throw new NotFoundException("Diese Unterzeichnung gibt es bei der Vereinbarung nicht.");
        await AgreementReads.TouchAsync(db, request.AgreementId, "signatory_removed",
            new { request.SignatoryId, removed.OrganisationId, removed.PersonId, removed.Function, removed.SignedOn }, request.ActorId, now, ct);
        return await AgreementReads.ViewAsync(db, request.AgreementId, today, ct);
    }

    private sealed record Removed(Guid OrganisationId, Guid? PersonId, string? Function, DateOnly SignedOn);
}

internal static class ManageAgreementSignatoriesEndpoints
{
    public static void MapManageAgreementSignatories(this IEndpointRouteBuilder agreements)
    {
        agreements.MapPost("/{id:guid}/signatories", async (Guid id, AddSignatoryBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                await AgreementReads.RespondAsync(mediator, new AddAgreementSignatoryCommand(id, body.OrganisationId, body.PersonId,
                    string.IsNullOrWhiteSpace(body.Function) ? null : body.Function.Trim(), body.SignedOn,
                    ExpectedVersion.From(http, body.Version), CurrentUser.Required(http).Id), http, ct))
            .RequireCoordinator()
            .WithName("AddAgreementSignatory").WithSummary("Unterzeichnung für eine Partei erfassen (signedOn nicht in der Zukunft)")
            .Produces<AgreementView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        agreements.MapDelete("/{id:guid}/signatories/{signatoryId:guid}", async (Guid id, Guid signatoryId, HttpContext http, IMediator mediator, CancellationToken ct) =>
                await AgreementReads.RespondAsync(mediator, new RemoveAgreementSignatoryCommand(id, signatoryId, ExpectedVersion.From(http, null),
                    CurrentUser.Required(http).Id), http, ct))
            .RequireCoordinator()
            .WithName("RemoveAgreementSignatory").WithSummary("Irrtümlich erfasste Unterzeichnung entfernen")
            .Produces<AgreementView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }
}
