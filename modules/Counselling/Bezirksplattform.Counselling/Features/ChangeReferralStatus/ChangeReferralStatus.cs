using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Clients;
using Bezirksplattform.Counselling.Referrals;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.ChangeReferralStatus;

/// <summary>
/// Staff record what the partner answered (accepted, declined, completed) or withdraw a referral.
/// Transitions outside <see cref="ReferralStatuses.IsAllowed"/> are 409. A coaching referral's
/// acceptance and completion come from Coaching's events; staff can only withdraw it.
/// </summary>
internal sealed record ChangeReferralStatusCommand(Guid ReferralId, string Status, string? Note, Viewer Viewer) : ICommand<ReferralView>;

internal sealed class ChangeReferralStatusValidator : AbstractValidator<ChangeReferralStatusCommand>
{
    public ChangeReferralStatusValidator()
    {
        RuleFor(x => x.Status).Must(s => ReferralStatuses.All.Contains(s) && s != ReferralStatuses.Sent)
            .WithMessage("Erlaubt: accepted, completed, declined, withdrawn.");
        RuleFor(x => x.Note).MaximumLength(4000);
    }
}

internal sealed class ChangeReferralStatusHandler(IDbSession db, IIntegrationEventOutbox outbox, TimeProvider clock)
    : IRequestHandler<ChangeReferralStatusCommand, ReferralView>
{
    public async Task<ReferralView> Handle(ChangeReferralStatusCommand request, CancellationToken ct)
    {
        var referral = await ReferralReads.RequireVisibleAsync(db, request.Viewer, request.ReferralId, ct);
        if (referral.Target == ReferralStatuses.StartUpCoaching && request.Status != ReferralStatuses.Withdrawn)
            throw new ConflictException("Bei einer Vermittlung ins Gründungscoaching folgt der Status den Buchungen dort; zurückziehen (withdrawn) geht.");
        // Withdrawing stops processing and stays allowed under a restriction (Art. 18); every other change is processing.
        if (request.Status != ReferralStatuses.Withdrawn)
            await ClientAccess.RequireProcessableAsync(db, request.Viewer, referral.ClientId, ct);
        var now = clock.GetUtcNow();
        await ReferralStatuses.ChangeAsync(db, outbox, referral, request.Status, request.Note, request.Viewer.UserId, now, ct);
        await ClientAccess.LogAsync(db, request.Viewer, "update", referral.ClientId, "referral status", now, ct);
        return await ReferralReads.LoadOneAsync(db, referral.Id, ct);
    }
}

internal sealed record ReferralStatusBody(string? Status, string? Note);

internal static class ChangeReferralStatusEndpoints
{
    public static void MapChangeReferralStatus(this IEndpointRouteBuilder counselling) =>
        counselling.MapPost("/referrals/{id:guid}/status", async (Guid id, ReferralStatusBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ChangeReferralStatusCommand(id, Inputs.Clean(body.Status)?.ToLowerInvariant() ?? "", Inputs.Clean(body.Note),
                    Viewer.From(http)), ct)))
            .WithName("ChangeReferralStatus")
            .WithSummary("Status einer Vermittlung ändern: sent → accepted|declined|withdrawn, accepted → completed|withdrawn (sonst 409)")
            .Produces<ReferralView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
