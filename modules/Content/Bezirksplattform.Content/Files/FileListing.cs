using Bezirksplattform.BuildingBlocks.Data;
using FluentValidation;

namespace Bezirksplattform.Content.Files;

/// <summary>A page request of a file list: <c>?page=1&amp;pageSize=20&amp;q=…</c>.</summary>
internal interface IFileListQuery
{
    int Page { get; }
    int PageSize { get; }
    string? Q { get; }
}

/// <summary>Paging rules both list slices <c>Include</c>.</summary>
internal sealed class FileListQueryValidator : AbstractValidator<IFileListQuery>
{
    public FileListQueryValidator()
    {
        RuleFor(x => x.Page).InclusiveBetween(1, 100_000);
        RuleFor(x => x.PageSize).InclusiveBetween(1, FileListing.MaxPageSize);
        RuleFor(x => x.Q).MaximumLength(200);
    }
}

/// <summary>The list query shared by the image and download lists.</summary>
internal static class FileListing
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Newest first; <c>q</c> matches title or file name, case-insensitively.</summary>
    public static async Task<FilePage> PageAsync(IDbSession db, FileKind kind, IFileListQuery query, CancellationToken ct)
    {
        var pattern = FileMetadataValidator.Clean(query.Q) is { } text ? "%" + EscapeLike(text) + "%" : null;
        var parameters = new { Kind = kind.Column(), Pattern = pattern, query.PageSize, Offset = (long)(query.Page - 1) * query.PageSize };
        const string where = "kind = @Kind and (@Pattern::text is null or title ilike @Pattern or file_name ilike @Pattern)";
        using var grid = await db.QueryMultipleAsync(
            $"""
            select count(*) from content.files where {where};
            select {FileView.Columns} from content.files where {where}
            order by created_at desc, id desc limit @PageSize offset @Offset;
            """, parameters, ct);
        var total = await grid.ReadSingleAsync<long>();
        var items = (await grid.ReadAsync<FileView>()).ToList();
        return new FilePage(items, query.Page, query.PageSize, total);
    }

    /// <summary>A search text is matched literally: % and _ are not wildcards for the editor.</summary>
    private static string EscapeLike(string text) => text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_");
}
