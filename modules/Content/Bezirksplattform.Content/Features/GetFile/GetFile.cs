using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Content.Files;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.GetFile;

internal sealed record GetFileQuery(Guid Id) : IQuery<FileView>;

internal sealed class GetFileHandler(IDbSession db) : IRequestHandler<GetFileQuery, FileView>
{
    public async Task<FileView> Handle(GetFileQuery request, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<FileView>($"select {FileView.Columns} from content.files where id = @Id", request, ct)
        ?? throw new NotFoundException("Diese Datei gibt es nicht.");
}

internal static class GetFileEndpoint
{
    public static void MapGetFile(this IEndpointRouteBuilder content) =>
        content.MapGet("/files/{id:guid}", async (Guid id, HttpContext context, IMediator mediator, CancellationToken ct) =>
            {
                var file = await mediator.Send(new GetFileQuery(id), ct);
                FileVersionTag.Set(context, file.Version);
                return Results.Ok(file);
            })
            .RequireAuthorization(policy => policy.RequireRole(Roles.Editor, Roles.Admin))
            .WithName("GetFile")
            .WithSummary("Metadaten einer Datei (ETag: Version für If-Match)")
            .Produces<FileView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
