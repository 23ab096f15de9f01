using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Content.Files;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.GetPublicDownloadFile;

internal sealed record GetPublicDownloadFileQuery(string Site, Guid Id) : IQuery<StoredFileRef>;

internal sealed class GetPublicDownloadFileHandler(IDbSession db) : IRequestHandler<GetPublicDownloadFileQuery, StoredFileRef>
{
    public async Task<StoredFileRef> Handle(GetPublicDownloadFileQuery request, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<StoredFileRef>(
            $"""
            select f.storage_key, f.file_name, f.media_type, f.sha256
            from content.files f
            where f.id = @Id and {PublishedFiles.DownloadIsPublished}
            """, request, ct)
        ?? throw new NotFoundException(PublishedFiles.NotPublished);
}

internal static class GetPublicDownloadFileEndpoint
{
    public static void MapGetPublicDownloadFile(this IEndpointRouteBuilder site) =>
        site.MapGet("/downloads/{id:guid}/file", async (string site, Guid id, HttpContext context, IMediator mediator, FileDelivery delivery, CancellationToken ct) =>
            {
                var file = await mediator.Send(new GetPublicDownloadFileQuery(site, id), ct);
                return await delivery.StreamAsync(context, file, attachment: true, FileDelivery.PublicCacheControl, ct);
            })
            .WithName("GetPublicDownloadFile")
            .WithSummary("Die Datei eines veröffentlichten Downloads (ETag: SHA-256)")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
