using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Bezirksplattform.Content.Files;

/// <summary>Where the bytes of content files live. Keys are chosen by the storage and kept in content.files.</summary>
internal interface IFileStorage
{
    /// <summary>Stores the whole stream and returns its key. Either the file is complete under that key or nothing is stored.</summary>
    Task<string> SaveAsync(Stream content, CancellationToken ct);

    /// <summary>The stored bytes, or null when nothing is stored under the key.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken ct);

    /// <summary>Removes the file; a key with nothing stored under it is no error.</summary>
    Task DeleteAsync(string key, CancellationToken ct);
}

/// <summary>
/// Files in a local folder: <c>&lt;root&gt;/ab/ab12….bin</c>. A file is written under <c>.tmp/</c> in
/// the same folder and then renamed into place, so a broken upload never leaves half a file
/// under a key.
/// </summary>
internal sealed partial class LocalFolderFileStorage(string root, ILogger<LocalFolderFileStorage> logger) : IFileStorage
{
    public string Root { get; } = Path.GetFullPath(root);

    private string TempFolder => Path.Combine(Root, ".tmp");

    public async Task<string> SaveAsync(Stream content, CancellationToken ct)
    {
        var key = NewKey();
        var target = PathOf(key);
        Directory.CreateDirectory(TempFolder);
        var temp = Path.Combine(TempFolder, Guid.NewGuid().ToString("N") + ".part");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, ct);
                // On disk before the rename: after a crash the key holds the whole file or nothing.
                file.Flush(flushToDisk: true);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(temp, target, overwrite: false);
            return key;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        try
        {
            Stream stream = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, 81920,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
            return Task.FromResult<Stream?>(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        File.Delete(PathOf(key)); // no error if the file is missing
        return Task.CompletedTask;
    }

    private static string NewKey()
    {
        var name = Guid.NewGuid().ToString("N");
        return $"{name[..2]}/{name}";
    }

    /// <summary>Keys come from the database, but a key that could leave the root is refused all the same.</summary>
    private string PathOf(string key) =>
        KeyPattern().IsMatch(key)
            ? Path.Combine(Root, key[..2], key[3..] + ".bin")
            : throw new ArgumentException($"Not a storage key of this storage: '{key}'.", nameof(key));

    private void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not remove the temporary upload file {Path}", path);
        }
    }

    [GeneratedRegex("^[0-9a-f]{2}/[0-9a-f]{32}$")]
    private static partial Regex KeyPattern();
}
