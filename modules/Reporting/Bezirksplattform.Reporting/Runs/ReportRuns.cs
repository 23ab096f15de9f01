using Bezirksplattform.Reporting.Definitions;

namespace Bezirksplattform.Reporting.Runs;

/// <summary>Run states, triggers and the limits the runner works with.</summary>
internal static class ReportRuns
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> Statuses = [Queued, Running, Done, Failed];

    public const string Scheduled = "scheduled";
    public const string OnDemand = "on_demand";

    /// <summary>A run's lease; every progress update renews it, so only a dead host lets it lapse.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);

    /// <summary>Claims per run before it is given up (a host died while running it each time).</summary>
    public const int MaxAttempts = 3;

    public const string Columns =
        """
        r.id, r.definition, r.period_key, r.period_from, r.period_to, r.for_publication, r.trigger, r.requested_by,
        r.status, r.progress::int as progress, r.step, r.failure_reason, r.attempts, r.queued_at, r.started_at, r.finished_at,
        s.content_hash
        """;

    public const string From = "reporting.report_runs r left join reporting.report_snapshots s on s.run_id = r.id";

    /// <summary>One run as <see cref="ReportRunView"/>; parameter <c>@Id</c>.</summary>
    public const string ById = $"select {Columns} from {From} where r.id = @Id";

    public static IReportDefinition? Find(this IEnumerable<IReportDefinition> definitions, string key) =>
        definitions.FirstOrDefault(d => d.Key == key);
}

/// <summary>A run as staff see it: status, progress, the failure reason and, when done, the hash and downloads.</summary>
internal sealed record ReportRunView(
    Guid Id, string Definition, string PeriodKey, DateOnly PeriodFrom, DateOnly PeriodTo, bool ForPublication, string Trigger,
    Guid? RequestedBy, string Status, int Progress, string? Step, string? FailureReason, int Attempts,
    DateTimeOffset QueuedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? ContentHash)
{
    public ReportRunLinks Links => new(
        $"/api/reports/runs/{Id}",
        Status == ReportRuns.Done ? $"/api/reports/runs/{Id}/snapshot.json" : null,
        Status == ReportRuns.Done ? $"/api/reports/runs/{Id}/snapshot.csv" : null,
        Status == ReportRuns.Done ? $"/api/reports/runs/{Id}/snapshot.html" : null);
}

internal sealed record ReportRunLinks(string Self, string? Json, string? Csv, string? Html);
