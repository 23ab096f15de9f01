using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.Content.Files;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.UploadDownload;

internal sealed record UploadDownloadCommand(
    UploadedFile? File,
    string? Title,
    string? Language,
    string? Caption,
    string? CreditAuthor,
    string? CreditLicence,
    Guid UploadedBy) : ICommand<FileView>, IFileMetadata
{
    // Alt text, decoration and focal point describe images only.
    string? IFileMetadata.AltText => null;
    bool IFileMetadata.Decorative => false;
    decimal? IFileMetadata.FocalX => null;
    decimal? IFileMetadata.FocalY => null;
}

internal sealed class UploadDownloadValidator : AbstractValidator<UploadDownloadCommand>
{
    public UploadDownloadValidator()
    {
        RuleFor(x => x.File).ValidUpload();
        Include(new FileMetadataValidator());
    }
}

internal sealed class UploadDownloadHandler(FileUploader uploader) : IRequestHandler<UploadDownloadCommand, FileView>
{
    public Task<FileView> Handle(UploadDownloadCommand request, CancellationToken ct) =>
        uploader.StoreAsync(FileKind.Download, request.File!, request, request.UploadedBy, ct);
}

internal static class UploadDownloadEndpoint
{
    public static void MapUploadDownload(this IEndpointRouteBuilder content, ContentFilesOptions options) =>
        content.MapPost("/downloads", async (HttpContext context, IMediator mediator, StoredFileCleanup cleanup, CancellationToken ct) =>
            {
                var form = await UploadForm.ReadAsync(context.Request, ct);
                var command = new UploadDownloadCommand(
                    form.File, form.Text("title"), form.Text("language"), form.Text("caption"), form.Text("creditAuthor"),
                    form.Text("creditLicence"), CurrentUser.Required(context).Id);
                form.ThrowIfInvalid();
                var file = await cleanup.SendAsync(mediator, command, ct);
                FileVersionTag.Set(context, file.Version);
                return Results.Created($"/api/content/files/{file.Id}", file);
            })
            .RequireAuthorization(policy => policy.RequireRole(Roles.Editor, Roles.Admin))
            // Bearer tokens are not sent by browsers on their own, so there is no cross-site form to forge.
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(options.Uploads.MaxDownloadBytes + ContentFilesOptions.FormOverheadBytes))
            .WithName("UploadDownload")
            .WithSummary("Download hochladen")
            .WithDescription("multipart/form-data: file (PDF, DOCX, XLSX, PPTX, ODT, ODS, CSV oder TXT), title, language, "
                             + "caption, creditAuthor, creditLicence.")
            .Produces<FileView>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
}
