using Bezirksplattform.BuildingBlocks.Contracts;

namespace Bezirksplattform.Partners.Contracts;

// Figures of the partner network for reports (Reporting module). Counts of projects, agreements and
// seats and sums in euro cents; never suppressed (they describe organisations, not people).
// A project "runs" in a range when it is not cancelled, has a start date on or before the range's end
// and no end date or one on or after the range's start.

/// <summary>
/// Funding between two Berlin dates: per programme (and per programme and funding period) the
/// projects with a funding line of it that run in the range, and the approved and spent cents of
/// those lines' budgets for the calendar years the range touches.
/// </summary>
public sealed record GetFundingFiguresQuery(DateOnly From, DateOnly To) : IQuery<FundingFigures>;

public sealed record FundingFigures(
    DateOnly From, DateOnly To, IReadOnlyList<FundingFigure> ByProgramme, IReadOnlyList<FundingPeriodFigure> ByProgrammeAndPeriod);

/// <summary>One programme (only programmes with a running project or a budget in the years), ordered by code.</summary>
public sealed record FundingFigure(string ProgrammeCode, string ProgrammeName, int ProjectsRunning, long ApprovedCents, long SpentCents);

/// <summary>One programme in one funding period, ordered by programme code and period start.</summary>
public sealed record FundingPeriodFigure(
    string ProgrammeCode, string ProgrammeName, string PeriodCode, string PeriodName, int ProjectsRunning, long ApprovedCents, long SpentCents);

/// <summary>
/// Projects running between two Berlin dates: per field of action (key null = without one) and per
/// district region (a project in several regions counts in each; key null = without a region).
/// </summary>
public sealed record GetProjectFiguresQuery(DateOnly From, DateOnly To) : IQuery<ProjectFigures>;

public sealed record ProjectFigures(DateOnly From, DateOnly To, int ProjectsRunning, IReadOnlyList<ProjectCount> ByFieldOfAction, IReadOnlyList<ProjectCount> ByRegion);

/// <summary>Key: the field of action's id or the region code; Label its German name.</summary>
public sealed record ProjectCount(string? Key, string Label, int Projects);

/// <summary>
/// Agreements on a Berlin date: <c>InForce</c> = concluded (all parties signed), valid_from on or before
/// the date, not expired and not terminated by then; <c>ExpiringWithin90Days</c> = of those, the ones
/// whose last day in force (valid_until, or the day before terminated_on) is within the 90 days after the date.
/// </summary>
public sealed record GetAgreementFiguresQuery(DateOnly On) : IQuery<AgreementFigures>;

public sealed record AgreementFigures(DateOnly On, int InForce, int ExpiringWithin90Days, IReadOnlyList<AgreementFigure> Agreements);

/// <summary>An agreement in force on the date; LastDay null = open-ended.</summary>
public sealed record AgreementFigure(Guid Id, string Title, DateOnly ValidFrom, DateOnly? LastDay, bool Expiring);

/// <summary>
/// Committee memberships on a Berlin date: per committee that exists then (founded, not dissolved),
/// the memberships whose term contains the date, by role (chair, deputy, member, guest). Ordered by name.
/// </summary>
public sealed record GetCommitteeFiguresQuery(DateOnly On) : IQuery<IReadOnlyList<CommitteeFigure>>;

public sealed record CommitteeFigure(Guid Id, string Name, string Kind, int Members, int Chairs, int Deputies, int RegularMembers, int Guests);
