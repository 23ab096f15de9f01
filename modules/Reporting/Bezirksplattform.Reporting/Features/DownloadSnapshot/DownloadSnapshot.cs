using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Reporting.Documents;
using Bezirksplattform.Reporting.Rendering;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Reporting.Features.DownloadSnapshot;

/// <summary>The stored snapshot of a done run: its canonical JSON bytes and content hash.</summary>
internal sealed record GetSnapshotQuery(Guid RunId) : IQuery<StoredSnapshot>;

internal sealed record StoredSnapshot(Guid RunId, string Definition, string PeriodKey, byte[] Document, string ContentHash);

internal sealed record SnapshotState(string Status, string Definition, string PeriodKey, byte[]? Document, string? ContentHash);

internal sealed class GetSnapshotHandler(IDbSession db) : IRequestHandler<GetSnapshotQuery, StoredSnapshot>
{
    public async Task<StoredSnapshot> Handle(GetSnapshotQuery request, CancellationToken ct)
    {
        var row = await db.QuerySingleOrDefaultAsync<SnapshotState>(
            """
            select r.status, r.definition, r.period_key, s.document, s.content_hash
            from reporting.report_runs r left join reporting.report_snapshots s on s.run_id = r.id
            where r.id = @RunId
            """, request, ct) ?? throw new NotFoundException("Diesen Berichtslauf gibt es nicht.");
        if (row is not { Document: { } document, ContentHash: { } hash })
            throw new ConflictException(row.Status == "failed"
                ? "Dieser Berichtslauf ist fehlgeschlagen und hat keinen Bericht."
                : "Der Bericht ist noch nicht fertig. Bitte später erneut versuchen.");
        return new StoredSnapshot(request.RunId, row.Definition, row.PeriodKey, document, hash);
    }
}

internal static class DownloadSnapshotEndpoint
{
    /// <summary>
    /// JSON is the stored bytes themselves; other formats come from the renderer registered for the
    /// extension, always from the stored document, never from live data. The ETag is the content hash.
    /// </summary>
    public static void MapDownloadSnapshot(this IEndpointRouteBuilder reports) =>
        reports.MapGet("/runs/{id:guid}/snapshot.{format}", async (Guid id, string format, IEnumerable<IReportRenderer> renderers, IMediator mediator, HttpContext http, CancellationToken ct) =>
            {
                var extension = format.ToLowerInvariant();
                var renderer = renderers.FirstOrDefault(r => string.Equals(r.Extension.TrimStart('.'), extension, StringComparison.OrdinalIgnoreCase));
                if (extension != "json" && renderer is null)
                    throw new NotFoundException($"Das Format „{format}“ gibt es für Berichte nicht.");

                var snapshot = await mediator.Send(new GetSnapshotQuery(id), ct);
                http.Response.Headers.ETag = $"\"{snapshot.ContentHash}\"";
                var fileName = $"{snapshot.Definition}-{snapshot.PeriodKey}-{id.ToString("N")[..8]}.{extension}";
                return extension == "json"
                    ? Results.File(snapshot.Document, "application/json", fileName)
                    : Results.File(renderer!.Render(ReportJson.Deserialize(snapshot.Document)), renderer.ContentType, fileName);
            })
            .WithName("DownloadReportSnapshot")
            .WithSummary("Eingefrorenen Bericht herunterladen (json, csv, html)")
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
