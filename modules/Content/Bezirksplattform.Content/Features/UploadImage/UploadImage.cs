using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.Content.Files;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.UploadImage;

internal sealed record UploadImageCommand(
    UploadedFile? File,
    string? Title,
    string? Language,
    string? AltText,
    bool Decorative,
    string? Caption,
    string? CreditAuthor,
    string? CreditLicence,
    decimal? FocalX,
    decimal? FocalY,
    Guid UploadedBy) : ICommand<FileView>, IFileMetadata;

internal sealed class UploadImageValidator : AbstractValidator<UploadImageCommand>
{
    public UploadImageValidator()
    {
        RuleFor(x => x.File).ValidUpload();
        Include(new FileMetadataValidator());
        RuleFor(x => x.AltText).NotEmpty().When(x => !x.Decorative).WithMessage(FileMetadataValidator.AltTextRequired);
    }
}

internal sealed class UploadImageHandler(FileUploader uploader) : IRequestHandler<UploadImageCommand, FileView>
{
    public Task<FileView> Handle(UploadImageCommand request, CancellationToken ct) =>
        uploader.StoreAsync(FileKind.Image, request.File!, request, request.UploadedBy, ct);
}

internal static class UploadImageEndpoint
{
    public static void MapUploadImage(this IEndpointRouteBuilder content, ContentFilesOptions options) =>
        content.MapPost("/images", async (HttpContext context, IMediator mediator, StoredFileCleanup cleanup, CancellationToken ct) =>
            {
                var form = await UploadForm.ReadAsync(context.Request, ct);
                var command = new UploadImageCommand(
                    form.File, form.Text("title"), form.Text("language"), form.Text("altText"), form.Flag("decorative"),
                    form.Text("caption"), form.Text("creditAuthor"), form.Text("creditLicence"), form.Number("focalX"), form.Number("focalY"),
                    CurrentUser.Required(context).Id);
                form.ThrowIfInvalid();
                var file = await cleanup.SendAsync(mediator, command, ct);
                FileVersionTag.Set(context, file.Version);
                return Results.Created($"/api/content/files/{file.Id}", file);
            })
            .RequireAuthorization(policy => policy.RequireRole(Roles.Editor, Roles.Admin))
            // Bearer tokens are not sent by browsers on their own, so there is no cross-site form to forge.
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(options.Uploads.MaxImageBytes + ContentFilesOptions.FormOverheadBytes))
            .WithName("UploadImage")
            .WithSummary("Bild hochladen")
            .WithDescription("multipart/form-data: file (JPEG, PNG, WebP oder GIF), altText (Pflicht, außer decorative=true), "
                             + "decorative, title, language, caption, creditAuthor, creditLicence, focalX und focalY (0 bis 1).")
            .Produces<FileView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
