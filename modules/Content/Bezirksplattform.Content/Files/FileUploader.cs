using System.Globalization;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using FluentValidation;
using Microsoft.AspNetCore.Http;

namespace Bezirksplattform.Content.Files;

/// <summary>An uploaded file as the upload commands see it. <see cref="OpenReadStream"/> may be called more than once.</summary>
internal sealed record UploadedFile(string FileName, string? ContentType, long Length, Func<Stream> OpenReadStream)
{
    public static UploadedFile From(IFormFile file) => new(SafeFileName(file.FileName), file.ContentType, file.Length, file.OpenReadStream);

    /// <summary>Only the last path segment and no control characters: the name is shown and sent back in Content-Disposition.</summary>
    public static string SafeFileName(string? name)
    {
        var last = (name ?? "").Replace('\\', '/').Split('/').LastOrDefault() ?? "";
        return new string(last.Where(c => !char.IsControl(c)).ToArray()).Trim();
    }
}

/// <summary>Rules on the <c>file</c> field, shared by both upload slices.</summary>
internal static class UploadedFileRules
{
    public static IRuleBuilderOptions<T, UploadedFile?> ValidUpload<T>(this IRuleBuilderInitial<T, UploadedFile?> rule) =>
        rule.Cascade(CascadeMode.Stop)
            .NotNull().WithMessage("Bitte die Datei im Feld file mitschicken (multipart/form-data).")
            .Must(f => f!.Length > 0).WithMessage("Die Datei ist leer.")
            .Must(f => f!.FileName.Length is > 0 and <= 255).WithMessage("Die Datei braucht einen Namen mit höchstens 255 Zeichen.");
}

/// <summary>
/// What both upload slices do once the request is valid: check the bytes, store them, insert the
/// row. The bytes are stored before the row; <see cref="StoredFileCleanup"/> removes them again if
/// the row does not make it.
/// </summary>
internal sealed class FileUploader(IDbSession db, IFileStorage storage, StoredFileCleanup cleanup, ContentFilesOptions options, TimeProvider clock)
{
    public async Task<FileView> StoreAsync(FileKind kind, UploadedFile file, IFileMetadata metadata, Guid uploadedBy, CancellationToken ct)
    {
        // A transient database error re-runs the handler: the bytes of the failed attempt go first.
        await cleanup.DiscardAsync();

        var maxBytes = options.MaxBytes(kind);
        if (file.Length > maxBytes) throw TooLarge(kind, maxBytes);

        string mediaType;
        await using (var content = file.OpenReadStream())
        {
            var verdict = FileSniffer.Check(kind, content, file.FileName, file.ContentType);
            if (!verdict.Accepted) throw new FieldProblemException("file", verdict.Problem!);
            mediaType = verdict.MediaType!;
        }

        string key;
        long size;
        string sha256;
        await using (var hashing = new HashingReadStream(file.OpenReadStream()))
        {
            key = await storage.SaveAsync(hashing, ct);
            cleanup.Track(key);
            size = hashing.BytesRead;
            sha256 = hashing.Sha256Hex();
        }

        var now = clock.GetUtcNow();
        try
        {
            // The declared length was checked before; the bytes actually read are what count.
            if (size > maxBytes) throw TooLarge(kind, maxBytes);
            return await db.QuerySingleAsync<FileView>(
                $"""
                insert into content.files (id, kind, storage_key, file_name, media_type, size_bytes, sha256, title, language,
                    alt_text, decorative, caption, credit_author, credit_licence, focal_x, focal_y, version,
                    created_at, created_by, updated_at, updated_by)
                values (@Id, @Kind, @Key, @FileName, @MediaType, @Size, @Sha256, @Title, @Language,
                    @AltText, @Decorative, @Caption, @CreditAuthor, @CreditLicence, @FocalX, @FocalY, 1,
                    @Now, @UploadedBy, @Now, @UploadedBy)
                returning {FileView.Columns}
                """,
                new
                {
                    Id = Guid.CreateVersion7(now),
                    Kind = kind.Column(),
                    Key = key,
                    file.FileName,
                    MediaType = mediaType,
                    Size = size,
                    Sha256 = sha256,
                    Title = FileMetadataValidator.Clean(metadata.Title) ?? Path.GetFileNameWithoutExtension(file.FileName),
                    Language = FileMetadataValidator.Clean(metadata.Language) ?? "de",
                    AltText = FileMetadataValidator.Clean(metadata.AltText),
                    metadata.Decorative,
                    Caption = FileMetadataValidator.Clean(metadata.Caption),
                    CreditAuthor = FileMetadataValidator.Clean(metadata.CreditAuthor),
                    CreditLicence = FileMetadataValidator.Clean(metadata.CreditLicence),
                    metadata.FocalX,
                    metadata.FocalY,
                    Now = now,
                    UploadedBy = uploadedBy,
                }, ct);
        }
        catch
        {
            // No row, so no bytes: delete what was just stored before the error travels on.
            await cleanup.DiscardAsync();
            throw;
        }
    }

    private static ProblemException TooLarge(FileKind kind, long maxBytes) =>
        new(StatusCodes.Status413PayloadTooLarge, "Anfrage zu groß",
            $"{(kind == FileKind.Image ? "Ein Bild" : "Ein Download")} darf höchstens {FormatBytes(maxBytes)} groß sein.");

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    public static string FormatBytes(long bytes) => bytes >= 1024 * 1024
        ? string.Format(German, "{0:0.#} MB", bytes / (1024.0 * 1024.0))
        : string.Format(German, "{0:0} KB", Math.Ceiling(bytes / 1024.0));
}
