using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.Files;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.ListDownloads;

internal sealed record ListDownloadsQuery(int Page, int PageSize, string? Q) : IQuery<FilePage>, IFileListQuery;

internal sealed class ListDownloadsValidator : AbstractValidator<ListDownloadsQuery>
{
    public ListDownloadsValidator() => Include(new FileListQueryValidator());
}

internal sealed class ListDownloadsHandler(IDbSession db) : IRequestHandler<ListDownloadsQuery, FilePage>
{
    public Task<FilePage> Handle(ListDownloadsQuery request, CancellationToken ct) => FileListing.PageAsync(db, FileKind.Download, request, ct);
}

internal static class ListDownloadsEndpoint
{
    public static void MapListDownloads(this IEndpointRouteBuilder content) =>
        content.MapGet("/downloads", async (int? page, int? pageSize, string? q, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListDownloadsQuery(page ?? 1, pageSize ?? FileListing.DefaultPageSize, q), ct)))
            .RequireAuthorization(policy => policy.RequireRole(Roles.Editor, Roles.Admin))
            .WithName("ListDownloads")
            .WithSummary("Downloads auflisten (neueste zuerst; q sucht in Titel und Dateiname)")
            .Produces<FilePage>()
            .ProducesValidationProblem();
}
