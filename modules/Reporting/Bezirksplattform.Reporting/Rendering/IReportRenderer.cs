using Bezirksplattform.Reporting.Documents;

namespace Bezirksplattform.Reporting.Rendering;

/// <summary>
/// Turns a snapshot's document into one download format (CSV, HTML). Renderers see only the frozen
/// document, never live data, so a download of a snapshot is the same every time.
/// </summary>
internal interface IReportRenderer
{
    /// <summary>e.g. <c>text/csv; charset=utf-8</c>.</summary>
    string ContentType { get; }

    /// <summary>File extension without the dot, e.g. <c>csv</c>, <c>html</c>.</summary>
    string Extension { get; }

    byte[] Render(ReportDocument doc);
}
