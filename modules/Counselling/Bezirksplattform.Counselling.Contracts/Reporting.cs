using Bezirksplattform.BuildingBlocks.Contracts;

namespace Bezirksplattform.Counselling.Contracts;

/// <summary>
/// One reported figure. <c>Value</c> is null when <c>Suppressed</c>: in figures meant for
/// publication a count from 1 to 4 is withheld (and, where a total would reveal it, a second
/// cell of the same breakdown too), so that no person can be singled out. Internal figures
/// (<c>ForPublication = false</c>) are never suppressed.
/// </summary>
public sealed record ReportedCount(string Key, int? Value, bool Suppressed);

/// <summary>A breakdown of one measure by one dimension, e.g. consultations by topic.</summary>
public sealed record CountBreakdown(string Measure, string Dimension, IReadOnlyList<ReportedCount> Counts);

/// <summary>
/// Counselling activity between two Berlin dates (both inclusive). Measures:
/// <c>consultations</c>, <c>clients</c> (distinct clients counselled), <c>new_clients</c> (intakes),
/// <c>short_contacts</c> (anonymous tally). Dimensions: <c>total</c> (key "total"),
/// <c>target_group</c>, <c>topic</c>, <c>district</c> (region code, "unknown" when none), <c>gender</c>
/// (from ESF entry data, "unknown" when none; only for clients and new_clients).
/// A quarter and the year to date are two calls with different ranges.
/// </summary>
public sealed record GetCounsellingFiguresQuery(DateOnly From, DateOnly To, bool ForPublication) : IQuery<CounsellingFigures>;

public sealed record CounsellingFigures(DateOnly From, DateOnly To, bool ForPublication, IReadOnlyList<CountBreakdown> Breakdowns);

/// <summary>
/// ESF Plus common indicators (Regulation (EU) 2021/1057, Annex I) for participants whose first
/// entry (output indicators EECO01–EECO17) or whose leaving (result indicators EECR01–EECR04)
/// falls between two Berlin dates, optionally for one ESF project. A participant counts once
/// per project. Each indicator is broken down by gender as ESF reporting requires.
/// </summary>
public sealed record GetEsfIndicatorsQuery(DateOnly From, DateOnly To, string? ProjectCode, bool ForPublication) : IQuery<EsfIndicators>;

/// <summary>Code e.g. "EECO01"; Name in German; Total and the gender cells (keys female, male, non_binary, not_stated).</summary>
public sealed record EsfIndicator(string Code, string Name, ReportedCount Total, IReadOnlyList<ReportedCount> ByGender);

public sealed record EsfIndicators(DateOnly From, DateOnly To, string? ProjectCode, bool ForPublication, IReadOnlyList<EsfIndicator> Indicators);
