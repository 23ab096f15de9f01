using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Clients;
using Bezirksplattform.Counselling.Referrals;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.WithdrawConsent;

/// <summary>
/// The client withdraws a consent (DSGVO Art. 7(3)); a second withdrawal is 409. What follows from
/// it (docs/counselling/cases-and-referrals.md): 'email_contact' withdraws a coaching referral still
/// 'sent' (Coaching voids the invitation, which would otherwise be mailed); 'partner_referral' stops
/// new partner referrals; the others stop nothing here by themselves.
/// </summary>
internal sealed record WithdrawConsentCommand(Guid ClientId, Guid ConsentId, Viewer Viewer) : ICommand<WithdrawConsentResult>;

/// <summary>The withdrawn consent and the referrals withdrawn with it.</summary>
internal sealed record WithdrawConsentResult(ConsentView Consent, IReadOnlyList<Guid> WithdrawnReferrals);

internal sealed class WithdrawConsentHandler(IDbSession db, IIntegrationEventOutbox outbox, TimeProvider clock)
    : IRequestHandler<WithdrawConsentCommand, WithdrawConsentResult>
{
    public async Task<WithdrawConsentResult> Handle(WithdrawConsentCommand request, CancellationToken ct)
    {
        await ClientAccess.RequireVisibleAsync(db, request.Viewer, request.ClientId, forUpdate: true, ct);
        var consent = await db.QuerySingleOrDefaultAsync<ConsentView>(
            "select id, purpose, given_at, withdrawn_at from counselling.consents where id = @ConsentId and client_id = @ClientId for update",
            new { request.ConsentId, request.ClientId }, ct) ?? throw new NotFoundException("Diese Einwilligung gibt es bei diesem Klienten nicht.");
        if (consent.WithdrawnAt is { } earlier)
            throw new ConflictException($"Die Einwilligung wurde schon am {earlier.BerlinDate():yyyy-MM-dd} widerrufen.");

        var now = clock.GetUtcNow();
        await db.ExecuteAsync("update counselling.consents set withdrawn_at = @now where id = @ConsentId", new { now, request.ConsentId }, ct);

        var withdrawn = new List<Guid>();
        if (consent.Purpose == "email_contact")
        {
            // The invitation goes out by e-mail: without the consent it must not (and the link must not work).
            var pending = await db.QueryAsync<ReferralState>(
                """
                select id, client_id, target, status, version from counselling.referrals
                where client_id = @ClientId and target = 'start_up_coaching' and status = 'sent' for update
                """, new { request.ClientId }, ct);
            foreach (var referral in pending)
            {
                await ReferralStatuses.ChangeAsync(db, outbox, referral, ReferralStatuses.Withdrawn,
                    "Einwilligung in E-Mail-Kontakt widerrufen.", request.Viewer.UserId, now, ct);
                withdrawn.Add(referral.Id);
            }
        }

        await ClientAccess.LogAsync(db, request.Viewer, "update", request.ClientId, "consent withdrawn: " + consent.Purpose, now, ct);
        return new WithdrawConsentResult(consent with { WithdrawnAt = now }, withdrawn);
    }
}

internal static class WithdrawConsentEndpoints
{
    public static void MapWithdrawConsent(this IEndpointRouteBuilder counselling) =>
        counselling.MapPost("/clients/{id:guid}/consents/{consentId:guid}/withdrawal", async (Guid id, Guid consentId, HttpContext http, IMediator mediator,
                CancellationToken ct) => Results.Ok(await mediator.Send(new WithdrawConsentCommand(id, consentId, Viewer.From(http)), ct)))
            .WithName("WithdrawConsent")
            .WithSummary("Einwilligung widerrufen (409 wenn schon widerrufen); email_contact zieht eine noch offene Vermittlung ins Gründungscoaching zurück")
            .Produces<WithdrawConsentResult>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
