using Bezirksplattform.Reporting.Documents;

namespace Bezirksplattform.Reporting.Rendering;

/// <summary>
/// Turns a frozen <see cref="ReportDocument"/> into one download format. Renderers read nothing but
/// the document and are deterministic: the same document always gives the same bytes.
/// </summary>
internal interface IReportRenderer
{
    /// <summary>File extension without dot, also the format's name in the API: <c>csv</c>, <c>json</c>, <c>html</c>.</summary>
    string Extension { get; }

    string ContentType { get; }

    byte[] Render(ReportDocument document);
}
