using Bezirksplattform.BuildingBlocks.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Bezirksplattform.Content.Files;

/// <summary>Where a stored file's bytes are: key, name, detected media type and SHA-256.</summary>
internal sealed record StoredFileRef(string StorageKey, string FileName, string MediaType, string Sha256);

/// <summary>The bytes of a stored file as an HTTP answer, shared by the staff and the public file routes.</summary>
internal sealed class FileDelivery(IFileStorage storage, ILogger<FileDelivery> logger)
{
    public const string PublicCacheControl = "public, max-age=3600";
    public const string StaffCacheControl = "private, no-cache";

    /// <summary>
    /// Streams the file with its SHA-256 as strong ETag; Results.File answers If-None-Match with
    /// 304 and serves ranges. nosniff keeps browsers from reading the bytes as anything but the
    /// media type detected at upload.
    /// </summary>
    public async Task<IResult> StreamAsync(HttpContext context, StoredFileRef file, bool attachment, string cacheControl, CancellationToken ct)
    {
        var content = await storage.OpenReadAsync(file.StorageKey, ct);
        if (content is null)
        {
            // The row exists but the bytes are gone: an operations problem, not the client's.
            logger.LogError("The bytes of content file {FileName} are missing from storage (key {StorageKey})", file.FileName, file.StorageKey);
            throw new NotFoundException("Die Datei ist nicht mehr vorhanden.");
        }

        var headers = context.Response.Headers;
        headers.CacheControl = cacheControl;
        headers.XContentTypeOptions = "nosniff";
        var etag = new EntityTagHeaderValue($"\"{file.Sha256}\"");
        if (attachment)
            return Results.File(content, file.MediaType, file.FileName, entityTag: etag, enableRangeProcessing: true);

        // Images are shown in pages, not saved: inline, but with their name for "save as".
        var disposition = new ContentDispositionHeaderValue("inline");
        disposition.SetHttpFileName(file.FileName);
        headers.ContentDisposition = disposition.ToString();
        return Results.File(content, file.MediaType, entityTag: etag, enableRangeProcessing: true);
    }
}
