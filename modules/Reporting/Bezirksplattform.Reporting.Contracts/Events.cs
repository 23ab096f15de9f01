using Bezirksplattform.BuildingBlocks.Contracts;

namespace Bezirksplattform.Reporting.Contracts;

/// <summary>A report run finished and its frozen snapshot can be downloaded. No figures, only ids and the hash.</summary>
[IntegrationEventName("reporting.report-ready.v1")]
public sealed record ReportReady(Guid RunId, string Definition, DateOnly PeriodFrom, DateOnly PeriodTo, string ContentHash) : IntegrationEvent;
