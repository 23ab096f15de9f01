using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.Files;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.ListImages;

internal sealed record ListImagesQuery(int Page, int PageSize, string? Q) : IQuery<FilePage>, IFileListQuery;

internal sealed class ListImagesValidator : AbstractValidator<ListImagesQuery>
{
    public ListImagesValidator() => Include(new FileListQueryValidator());
}

internal sealed class ListImagesHandler(IDbSession db) : IRequestHandler<ListImagesQuery, FilePage>
{
    public Task<FilePage> Handle(ListImagesQuery request, CancellationToken ct) => FileListing.PageAsync(db, FileKind.Image, request, ct);
}

internal static class ListImagesEndpoint
{
    public static void MapListImages(this IEndpointRouteBuilder content) =>
        content.MapGet("/images", async (int? page, int? pageSize, string? q, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListImagesQuery(page ?? 1, pageSize ?? FileListing.DefaultPageSize, q), ct)))
            .RequireAuthorization(policy => policy.RequireRole(Roles.Editor, Roles.Admin))
            .WithName("ListImages")
            .WithSummary("Bilder auflisten (neueste zuerst; q sucht in Titel und Dateiname)")
            .Produces<FilePage>()
            .ProducesValidationProblem();
}
