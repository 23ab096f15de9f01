using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Content.Files;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.GetPublicImage;

internal sealed record GetPublicImageQuery(string Site, Guid Id) : IQuery<PublicImageRow>;

internal sealed record PublicImageRow(
    Guid Id, string? AltText, bool Decorative, string? Caption, string? CreditAuthor, string? CreditLicence, decimal? FocalX, decimal? FocalY);

internal sealed record ImageCredit(string? Author, string? Licence);

internal sealed record FocalPoint(decimal X, decimal Y);

/// <summary>
/// An image as websites see it. <c>altText</c> is ready for the alt attribute: empty for a
/// decorative image. <c>focalPoint</c> (0..1 from the top left) tells where to crop around.
/// </summary>
internal sealed record PublicImage(Guid Id, string AltText, bool Decorative, string? Caption, ImageCredit Credit, FocalPoint? FocalPoint, string Url);

internal sealed class GetPublicImageHandler(IDbSession db) : IRequestHandler<GetPublicImageQuery, PublicImageRow>
{
    public async Task<PublicImageRow> Handle(GetPublicImageQuery request, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<PublicImageRow>(
            $"""
            select f.id, f.alt_text, f.decorative, f.caption, f.credit_author, f.credit_licence, f.focal_x, f.focal_y
            from content.files f
            where f.id = @Id and {PublishedFiles.ImageIsPublished}
            """, request, ct)
        ?? throw new NotFoundException(PublishedFiles.NotPublished);
}

internal static class GetPublicImageEndpoint
{
    public static void MapGetPublicImage(this IEndpointRouteBuilder site) =>
        site.MapGet("/images/{id:guid}", async (string site, Guid id, HttpContext context, LinkGenerator links, IMediator mediator, CancellationToken ct) =>
            {
                var row = await mediator.Send(new GetPublicImageQuery(site, id), ct);
                var url = links.GetUriByName(context, "GetPublicImageFile", new { site, id })
                          ?? $"/api/public/v1/sites/{site}/images/{id}/file";
                return Results.Ok(new PublicImage(
                    row.Id,
                    row.Decorative ? "" : row.AltText ?? "",
                    row.Decorative,
                    row.Caption,
                    new ImageCredit(row.CreditAuthor, row.CreditLicence),
                    row is { FocalX: { } x, FocalY: { } y } ? new FocalPoint(x, y) : null,
                    url));
            })
            .WithName("GetPublicImage")
            .WithSummary("Ein veröffentlichtes Bild einer Website")
            .Produces<PublicImage>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
