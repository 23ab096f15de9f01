using Bezirksplattform.BuildingBlocks.Contracts;

namespace Bezirksplattform.Counselling.Contracts;

/// <summary>
/// A counsellor referred a client to start-up coaching. Carries only what Coaching needs to invite
/// the person (name and e-mail, given with the client's consent to e-mail contact) and the ids to
/// report back. Coaching reports back with its own events; Counselling updates the referral.
/// </summary>
[IntegrationEventName("counselling.coaching-referral-made.v1")]
public sealed record ClientReferredToCoaching(
    Guid ReferralId, string ClientNumber, string Name, string Email, string? Note, string Locale) : IntegrationEvent;

/// <summary>A referral to start-up coaching was withdrawn (e.g. the client changed their mind): Coaching voids the invitation.</summary>
[IntegrationEventName("counselling.coaching-referral-withdrawn.v1")]
public sealed record CoachingReferralWithdrawn(Guid ReferralId) : IntegrationEvent;
