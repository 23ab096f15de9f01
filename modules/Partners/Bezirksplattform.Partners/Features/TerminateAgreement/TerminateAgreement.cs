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

namespace Bezirksplattform.Partners.Features.TerminateAgreement;

/// <summary>
/// Records a termination (Kündigung): notice given on <c>noticeGivenOn</c> (default: today), taking effect on
/// <c>terminatedOn</c> (from that day the agreement is no longer in force). The notice period must be respected.
/// </summary>
internal sealed record TerminateBody(DateOnly? TerminatedOn, DateOnly? NoticeGivenOn, string? Reason, int? Version);

internal sealed record TerminateAgreementCommand(Guid Id, DateOnly? TerminatedOn, DateOnly? NoticeGivenOn, string Reason, ExpectedVersion Expected, Guid ActorId)
    : ICommand<AgreementView>;

internal sealed class TerminateAgreementValidator : AbstractValidator<TerminateAgreementCommand>
{
    public TerminateAgreementValidator()
    {
        RuleFor(x => x.TerminatedOn).NotNull();
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(2000);
    }
}

internal sealed class TerminateAgreementHandler(IDbSession db, TimeProvider clock) : IRequestHandler<TerminateAgreementCommand, AgreementView>
{
    public async Task<AgreementView> Handle(TerminateAgreementCommand request, CancellationToken ct)
    {
        var (now, today) = (clock.GetUtcNow(), clock.Today());
        var agreement = await AgreementReads.LockAsync(db, request.Id, today, request.Expected, ct);
        if (agreement.TerminatedOn is not null)
            throw new ConflictException($"Die Vereinbarung ist schon zum {agreement.TerminatedOn:dd.MM.yyyy} gekündigt.");
        if (!AgreementStatuses.Running.Contains(agreement.Status))
            throw new ConflictException($"Im Status '{agreement.Status}' nicht möglich: kündigen lassen sich nur unterzeichnete Vereinbarungen, die noch laufen.");

        var terminatedOn = request.TerminatedOn!.Value;
        var noticeGivenOn = request.NoticeGivenOn ?? today;
        if (noticeGivenOn > today)
            throw new FieldProblemException("noticeGivenOn", $"Darf nicht in der Zukunft liegen (heute ist der {today:dd.MM.yyyy}).");
        if (terminatedOn < noticeGivenOn)
            throw new FieldProblemException("terminatedOn", "Muss am oder nach 'noticeGivenOn' liegen.");
        var earliest = noticeGivenOn.AddMonths(agreement.NoticePeriodMonths ?? 0);
        if (terminatedOn < earliest)
            throw new FieldProblemException("terminatedOn",
                $"Die Kündigungsfrist von {agreement.NoticePeriodMonths} Monat(en) ist nicht eingehalten: frühestens zum {earliest:dd.MM.yyyy}.");
        if (agreement.ValidUntil is { } until && terminatedOn > until)
            throw new FieldProblemException("terminatedOn", $"Die Vereinbarung endet ohnehin am {until:dd.MM.yyyy}.");

        await db.ExecuteAsync(
            """
            update partners.agreements set terminated_on = @terminatedOn, termination_notice_given_on = @noticeGivenOn, termination_reason = @Reason,
                version = version + 1, updated_at = @now, updated_by = @ActorId
            where id = @Id
            """, new { request.Id, terminatedOn, noticeGivenOn, request.Reason, now, request.ActorId }, ct);
        // Nobody needs an expiry reminder for an agreement they have terminated.
        await db.ExecuteAsync(
            "update partners.agreement_reminders set status = 'cancelled', last_error = 'Vereinbarung gekündigt.' where agreement_id = @Id and status in ('pending', 'failed')",
            request, ct);
        await PartnersHistory.RecordAsync(db, AgreementHistoryTypes.Agreement, request.Id, "terminated",
            new { terminatedOn, noticeGivenOn, request.Reason, noticePeriodMonths = agreement.NoticePeriodMonths }, request.ActorId, now, ct);
        return await AgreementReads.ViewAsync(db, request.Id, today, ct);
    }
}

internal static class TerminateAgreementEndpoint
{
    public static void MapTerminateAgreement(this IEndpointRouteBuilder agreements) =>
        agreements.MapPost("/{id:guid}/terminate", async (Guid id, TerminateBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                await AgreementReads.RespondAsync(mediator, new TerminateAgreementCommand(id, body.TerminatedOn, body.NoticeGivenOn, body.Reason?.Trim() ?? "",
                    ExpectedVersion.From(http, body.Version), CurrentUser.Required(http).Id), http, ct))
            .RequireCoordinator()
            .WithName("TerminateAgreement").WithSummary("Kündigung erfassen; die Kündigungsfrist (noticePeriodMonths) muss eingehalten sein")
            .Produces<AgreementView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
