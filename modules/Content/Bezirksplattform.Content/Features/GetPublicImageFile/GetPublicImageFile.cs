using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Content.Files;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.GetPublicImageFile;

internal sealed record GetPublicImageFileQuery(string Site, Guid Id) : IQuery<StoredFileRef>;

internal sealed class GetPublicImageFileHandler(IDbSession db) : IRequestHandler<GetPublicImageFileQuery, StoredFileRef>
{
    public async Task<StoredFileRef> Handle(GetPublicImageFileQuery request, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<StoredFileRef>(
            $"""
            select f.storage_key, f.file_name, f.media_type, f.sha256
            from content.files f
            where f.id = @Id and {PublishedFiles.ImageIsPublished}
            """, request, ct)
        ?? throw new NotFoundException(PublishedFiles.NotPublished);
}

internal static class GetPublicImageFileEndpoint
{
    public static void MapGetPublicImageFile(this IEndpointRouteBuilder site) =>
        site.MapGet("/images/{id:guid}/file", async (string site, Guid id, HttpContext context, IMediator mediator, FileDelivery delivery, CancellationToken ct) =>
            {
                var file = await mediator.Send(new GetPublicImageFileQuery(site, id), ct);
                return await delivery.StreamAsync(context, file, attachment: false, FileDelivery.PublicCacheControl, ct);
            })
            .WithName("GetPublicImageFile")
            .WithSummary("Die Bilddatei eines veröffentlichten Bildes (ETag: SHA-256)")
            .Produces(StatusCodes.Status200OK, responseType: null, contentType: "image/png", "image/jpeg", "image/webp", "image/gif")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
