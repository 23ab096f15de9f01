using Bezirksplattform.BuildingBlocks.Contracts;

namespace Bezirksplattform.Coaching.Contracts;

/// <summary>A founder booked a coaching session (also a confirmed waitlist offer). No personal data beyond ids.</summary>
[IntegrationEventName("coaching.session-booked.v1")]
public sealed record SessionBooked(
    Guid BookingId, Guid SessionId, Guid CoachId, Guid SessionTypeId, DateTimeOffset StartsAt, DateTimeOffset EndsAt,
    Guid FounderId, string Stage) : IntegrationEvent;

/// <summary>A booking was cancelled by the founder, the coach or the system (moved bookings raise this for the old time).</summary>
[IntegrationEventName("coaching.session-cancelled.v1")]
public sealed record SessionCancelled(Guid BookingId, Guid SessionId, Guid FounderId, string CancelledBy, bool Late) : IntegrationEvent;

/// <summary>The coach recorded a session as held, with the founders who attended.</summary>
[IntegrationEventName("coaching.session-held.v1")]
public sealed record SessionHeld(
    Guid SessionId, Guid CoachId, Guid SessionTypeId, DateTimeOffset StartsAt, Guid[] FounderIds) : IntegrationEvent;

/// <summary>A founder's business was founded on the given (Berlin) date.</summary>
[IntegrationEventName("coaching.founder-founded.v1")]
public sealed record FounderFounded(Guid FounderId, DateOnly FoundedOn) : IntegrationEvent;

/// <summary>
/// A founder invited through a referral from employment counselling booked a session with the
/// invitation (<c>ReferralId</c> is Counselling's referral id). No personal data.
/// </summary>
[IntegrationEventName("coaching.referral-invitation-accepted.v1")]
public sealed record ReferralInvitationAccepted(Guid ReferralId, Guid BookingId) : IntegrationEvent;

/// <summary>A session attended by a founder who came through a referral was held: the referral's coaching took place.</summary>
[IntegrationEventName("coaching.referral-coaching-held.v1")]
public sealed record ReferralCoachingHeld(Guid ReferralId, Guid SessionId) : IntegrationEvent;
