using Bezirksplattform.Content.Files;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bezirksplattform.UnitTests;

/// <summary>Content's local file storage: whole files under a key, or nothing at all.</summary>
public sealed class LocalFolderFileStorageTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "bp-storage-test-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly LocalFolderFileStorage _storage;

    public LocalFolderFileStorageTests() => _storage = new LocalFolderFileStorage(_root, NullLogger<LocalFolderFileStorage>.Instance);

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private List<string> AllFiles() =>
        Directory.Exists(_root) ? Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories).ToList() : [];

    [Fact]
    public async Task A_saved_file_reads_back_and_is_gone_after_delete()
    {
        var bytes = Enumerable.Range(0, 200_000).Select(i => (byte)i).ToArray();
        var key = await _storage.SaveAsync(new MemoryStream(bytes), CancellationToken.None);

        Assert.Matches("^[0-9a-f]{2}/[0-9a-f]{32}$", key);
        await using (var stream = await _storage.OpenReadAsync(key, CancellationToken.None))
        {
            Assert.NotNull(stream);
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy);
            Assert.Equal(bytes, copy.ToArray());
        }

        Assert.Single(AllFiles()); // no temporary file left beside it
        await _storage.DeleteAsync(key, CancellationToken.None);
        Assert.Null(await _storage.OpenReadAsync(key, CancellationToken.None));
        await _storage.DeleteAsync(key, CancellationToken.None); // deleting twice is no error
        Assert.Empty(AllFiles());
    }

    [Fact]
    public async Task An_upload_that_breaks_off_leaves_no_file_behind()
    {
        await Assert.ThrowsAsync<IOException>(() => _storage.SaveAsync(new BreaksAfter(100_000), CancellationToken.None));
        Assert.Empty(AllFiles());
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("ab/../../secret")]
    [InlineData("/etc/passwd")]
    [InlineData("")]
    public async Task Keys_that_are_not_storage_keys_are_refused(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _storage.OpenReadAsync(key, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => _storage.DeleteAsync(key, CancellationToken.None));
    }

    /// <summary>A client whose connection drops: some bytes, then an I/O error.</summary>
    private sealed class BreaksAfter(int bytes) : Stream
    {
        private int _sent;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_sent >= bytes) throw new IOException("Connection reset by peer.");
            var n = Math.Min(count, bytes - _sent);
            Array.Fill(buffer, (byte)'x', offset, n);
            _sent += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _sent; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
