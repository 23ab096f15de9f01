using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Coaching.Contracts;
using Bezirksplattform.Counselling.Referrals;

namespace Bezirksplattform.Counselling.Features.TrackCoachingReferrals;

// Coaching tells how a referral to start-up coaching went: the founder booked with the invitation
// (accepted) and a session they attended was held (completed). These are system changes
// (changed_by null). The inbox makes a redelivery change nothing; an event that no longer fits the
// referral (withdrawn meanwhile, or the client erased) is ignored rather than failed, because
// retrying could never make it fit. Delivery order is not guaranteed: "held" before "accepted"
// records both steps.

internal sealed class AcceptReferralOnInvitationAccepted(InboxProcessor inbox, IIntegrationEventOutbox outbox, TimeProvider clock)
    : IntegrationEventHandler<ReferralInvitationAccepted>(inbox)
{
    protected override async Task HandleAsync(ReferralInvitationAccepted @event, IDbSession session, CancellationToken ct)
    {
        var referral = await ReferralReads.FindForUpdateAsync(session, @event.ReferralId, ct);
        if (referral is not { Status: ReferralStatuses.Sent, Target: ReferralStatuses.StartUpCoaching }) return;
        await ReferralStatuses.ChangeAsync(session, outbox, referral, ReferralStatuses.Accepted, "Termin im Gründungscoaching gebucht.", null,
            clock.GetUtcNow(), ct);
    }
}

internal sealed class CompleteReferralOnCoachingHeld(InboxProcessor inbox, IIntegrationEventOutbox outbox, TimeProvider clock)
    : IntegrationEventHandler<ReferralCoachingHeld>(inbox)
{
    protected override async Task HandleAsync(ReferralCoachingHeld @event, IDbSession session, CancellationToken ct)
    {
        var referral = await ReferralReads.FindForUpdateAsync(session, @event.ReferralId, ct);
        if (referral is not { Target: ReferralStatuses.StartUpCoaching }) return;
        var now = clock.GetUtcNow();
        if (referral.Status == ReferralStatuses.Sent)
        {
            await ReferralStatuses.ChangeAsync(session, outbox, referral, ReferralStatuses.Accepted, "Termin im Gründungscoaching gebucht.", null, now, ct);
            referral = referral with { Status = ReferralStatuses.Accepted };
        }

        if (referral.Status != ReferralStatuses.Accepted) return;
        await ReferralStatuses.ChangeAsync(session, outbox, referral, ReferralStatuses.Completed, "Coaching-Termin hat stattgefunden.", null, now, ct);
    }
}
