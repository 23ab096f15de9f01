using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Content.Files;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.GetFileContent;

internal sealed record GetFileContentQuery(Guid Id) : IQuery<StoredFileRef>;

internal sealed class GetFileContentHandler(IDbSession db) : IRequestHandler<GetFileContentQuery, StoredFileRef>
{
    public async Task<StoredFileRef> Handle(GetFileContentQuery request, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<StoredFileRef>(
            "select storage_key, file_name, media_type, sha256 from content.files where id = @Id", request, ct)
        ?? throw new NotFoundException("Diese Datei gibt es nicht.");
}

internal static class GetFileContentEndpoint
{
    public static void MapGetFileContent(this IEndpointRouteBuilder content) =>
        content.MapGet("/files/{id:guid}/content", async (Guid id, HttpContext context, IMediator mediator, FileDelivery delivery, CancellationToken ct) =>
            {
                // Drafts may use the file: staff get it whether or not anything published refers to it.
                var file = await mediator.Send(new GetFileContentQuery(id), ct);
                return await delivery.StreamAsync(context, file, attachment: true, FileDelivery.StaffCacheControl, ct);
            })
            .RequireAuthorization(policy => policy.RequireRole(Roles.Editor, Roles.Admin))
            .WithName("GetFileContent")
            .WithSummary("Inhalt einer Datei herunterladen")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
