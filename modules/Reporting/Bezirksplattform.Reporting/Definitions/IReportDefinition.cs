using Bezirksplattform.Reporting.Documents;
using MediatR;

namespace Bezirksplattform.Reporting.Definitions;

/// <summary>
/// A kind of report: its period rules, its schedule and how it gathers figures. A definition reads
/// other modules only through their Contracts queries (MediatR), never their tables.
/// </summary>
internal interface IReportDefinition
{
    /// <summary>Stable key: <c>quarterly-funder</c>, <c>annual-alliance</c>, <c>monthly-activity</c>.</summary>
    string Key { get; }

    string Title { get; }

    /// <summary>Quartz cron in Europe/Berlin, e.g. quarterly on the 5th at 06:00: <c>0 0 6 5 1,4,7,10 ?</c>.</summary>
    string ScheduleCron { get; }

    /// <summary>The period a scheduled run on this Berlin date covers (the last complete quarter, year or month).</summary>
    ReportPeriod PeriodForScheduledRun(DateOnly firedOn);

    /// <summary>Parses a requested period key ("2026-Q3", "2026", "2026-10"); null when it is not one for this definition.</summary>
    ReportPeriod? ParsePeriod(string key);

    /// <summary>Gathers the sections; reports progress (0–100) with a short German step name.</summary>
    Task<IReadOnlyList<ReportSection>> GatherAsync(ReportPeriod period, bool forPublication, ReportGathering gathering, CancellationToken ct);
}

/// <summary>What a definition may use while gathering: the mediator for Contracts queries and a progress callback.</summary>
internal sealed record ReportGathering(IMediator Mediator, Func<int, string, CancellationToken, Task> ReportProgress);
