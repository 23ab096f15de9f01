namespace Bezirksplattform.Content.Files;

/// <summary>Configuration of content files, bound from the section <c>Content</c>.</summary>
internal sealed class ContentFilesOptions
{
    public const string Section = "Content";

    public StorageSettings Storage { get; set; } = new();

    public UploadSettings Uploads { get; set; } = new();

    internal sealed class StorageSettings
    {
        /// <summary>Folder of <see cref="LocalFolderFileStorage"/>; relative paths start at the content root. Empty: <c>.local/content-files</c>.</summary>
        public string? Root { get; set; }
    }

    internal sealed class UploadSettings
    {
        public long MaxImageBytes { get; set; } = 10 * 1024 * 1024;

        public long MaxDownloadBytes { get; set; } = 25 * 1024 * 1024;
    }

    /// <summary>
    /// Room for the multipart framing and the metadata fields on top of the file itself, so that a
    /// file of exactly the allowed size is not refused for its envelope.
    /// </summary>
    public const long FormOverheadBytes = 64 * 1024;

    public long MaxBytes(FileKind kind) => kind == FileKind.Image ? Uploads.MaxImageBytes : Uploads.MaxDownloadBytes;

    public string RootFolder(string contentRootPath) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(Storage.Root)
            ? Path.Combine(contentRootPath, ".local", "content-files")
            : Path.Combine(contentRootPath, Storage.Root));

    public void Validate()
    {
        if (Uploads.MaxImageBytes <= 0) throw new InvalidOperationException("Content:Uploads:MaxImageBytes must be greater than 0.");
        if (Uploads.MaxDownloadBytes <= 0) throw new InvalidOperationException("Content:Uploads:MaxDownloadBytes must be greater than 0.");
    }
}

internal enum FileKind
{
    Image,
    Download,
}

internal static class FileKinds
{
    /// <summary>The value of <c>content.files.kind</c>.</summary>
    public static string Column(this FileKind kind) => kind == FileKind.Image ? "image" : "download";
}
