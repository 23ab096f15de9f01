using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Content.Files;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.GetPublicDownload;

internal sealed record GetPublicDownloadQuery(string Site, Guid Id) : IQuery<PublicDownload>;

/// <summary>A download as websites see it; <c>url</c> is where its bytes are.</summary>
internal sealed record PublicDownload(Guid Id, string Title, string FileName, string MediaType, long SizeBytes, string Language, string Sha256, string? Url);

internal sealed class GetPublicDownloadHandler(IDbSession db) : IRequestHandler<GetPublicDownloadQuery, PublicDownload>
{
    public async Task<PublicDownload> Handle(GetPublicDownloadQuery request, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<PublicDownload>(
            $"""
            select f.id, f.title, f.file_name, f.media_type, f.size_bytes, f.language, f.sha256, null::text as url
            from content.files f
            where f.id = @Id and {PublishedFiles.DownloadIsPublished}
            """, request, ct)
        ?? throw new NotFoundException(PublishedFiles.NotPublished);
}

internal static class GetPublicDownloadEndpoint
{
    public static void MapGetPublicDownload(this IEndpointRouteBuilder site) =>
        site.MapGet("/downloads/{id:guid}", async (string site, Guid id, HttpContext context, LinkGenerator links, IMediator mediator, CancellationToken ct) =>
            {
                var download = await mediator.Send(new GetPublicDownloadQuery(site, id), ct);
                var url = links.GetUriByName(context, "GetPublicDownloadFile", new { site, id })
                          ?? $"/api/public/v1/sites/{site}/downloads/{id}/file";
                return Results.Ok(download with { Url = url });
            })
            .WithName("GetPublicDownload")
            .WithSummary("Ein veröffentlichter Download einer Website")
            .Produces<PublicDownload>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
