using Bezirksplattform.Reporting.Documents;

namespace Bezirksplattform.Reporting.Rendering;

/// <summary>The canonical JSON of the document: exactly the bytes the content hash is taken over.</summary>
internal sealed class JsonReportRenderer : IReportRenderer
{
    public string Extension => "json";

    public string ContentType => "application/json; charset=utf-8";

    public byte[] Render(ReportDocument document) => ReportJson.Serialize(document);
}
