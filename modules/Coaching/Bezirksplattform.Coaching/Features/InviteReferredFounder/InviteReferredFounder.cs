using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Coaching.Booking;
using Bezirksplattform.Coaching.Invitations;
using Bezirksplattform.Counselling.Contracts;

namespace Bezirksplattform.Coaching.Features.InviteReferredFounder;

// Employment counselling referred a client to start-up coaching: invite them by mail with a link to
// the booking page. The inbox absorbs a redelivered event, the unique referral id a re-sent one, so
// a person is invited once. A withdrawn referral voids the invitation (and drops its mail if it is
// still queued); booking with a voided invitation is refused.

internal sealed class InviteOnClientReferred(InboxProcessor inbox, BookingOptions options, TimeProvider clock)
    : IntegrationEventHandler<ClientReferredToCoaching>(inbox)
{
    protected override Task HandleAsync(ClientReferredToCoaching @event, IDbSession session, CancellationToken ct) =>
        ReferralInvitations.CreateAsync(session, options, @event.ReferralId, @event.ClientNumber, @event.Name.Trim(), @event.Email.Trim(), @event.Note,
            clock.GetUtcNow(), ct);
}

internal sealed class VoidInvitationOnReferralWithdrawn(InboxProcessor inbox, TimeProvider clock) : IntegrationEventHandler<CoachingReferralWithdrawn>(inbox)
{
    protected override Task HandleAsync(CoachingReferralWithdrawn @event, IDbSession session, CancellationToken ct) =>
        ReferralInvitations.VoidAsync(session, @event.ReferralId, clock.GetUtcNow(), ct);
}
