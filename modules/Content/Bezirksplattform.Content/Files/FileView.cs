using Microsoft.AspNetCore.Http;

namespace Bezirksplattform.Content.Files;

/// <summary>A file as the staff API shows it. The storage key stays inside the module.</summary>
internal sealed record FileView(
    Guid Id,
    string Kind,
    string FileName,
    string MediaType,
    long SizeBytes,
    string Sha256,
    string Title,
    string Language,
    string? AltText,
    bool Decorative,
    string? Caption,
    string? CreditAuthor,
    string? CreditLicence,
    decimal? FocalX,
    decimal? FocalY,
    int Version,
    DateTimeOffset CreatedAt,
    Guid? CreatedBy,
    DateTimeOffset UpdatedAt,
    Guid? UpdatedBy)
{
    /// <summary>The columns of <see cref="FileView"/>, in constructor order (Dapper matches them by position and name).</summary>
    public const string Columns =
        "id, kind, file_name, media_type, size_bytes, sha256, title, language, alt_text, decorative, caption, "
        + "credit_author, credit_licence, focal_x, focal_y, version, created_at, created_by, updated_at, updated_by";
}

/// <summary>One page of a file list.</summary>
internal sealed record FilePage(IReadOnlyList<FileView> Items, int Page, int PageSize, long Total);

/// <summary>The staff API's version ETags: <c>"3"</c> for version 3.</summary>
internal static class FileVersionTag
{
    public static string Of(int version) => $"\"{version}\"";

    public static void Set(HttpContext context, int version) => context.Response.Headers.ETag = Of(version);
}
