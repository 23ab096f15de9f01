using Bezirksplattform.BuildingBlocks.Contracts;

namespace Bezirksplattform.Coaching.Contracts;

/// <summary>
/// Coaching activity between two Berlin dates (both inclusive), for reports. Counts only, no
/// personal data, never suppressed (the caller withholds small counts of people for publication).
/// <c>SessionsHeld</c>: sessions whose outcome is held and whose start falls in the range (Berlin date);
/// <c>Attendances</c>: bookings of those sessions marked attended; <c>FoundersCoached</c>: distinct
/// founders among those attendances; <c>FoundersFounded</c>: founders whose founding date
/// (founded_on, as announced by FounderFounded) falls in the range.
/// </summary>
public sealed record GetCoachingFiguresQuery(DateOnly From, DateOnly To) : IQuery<CoachingFigures>;

public sealed record CoachingFigures(
    DateOnly From, DateOnly To, int SessionsHeld, int Attendances, int FoundersCoached, int FoundersFounded,
    IReadOnlyList<CoachingSessionTypeFigures> BySessionType);

/// <summary>The held sessions of one session type (only types with a held session in the range), ordered by slug.</summary>
public sealed record CoachingSessionTypeFigures(string Slug, string Name, int SessionsHeld, int Attendances, int FoundersCoached);
