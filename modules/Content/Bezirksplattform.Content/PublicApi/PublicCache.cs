using System.Text;
using Microsoft.AspNetCore.OutputCaching;

namespace Bezirksplattform.Content.PublicApi;

/// <summary>A public answer as it is kept in the output cache and served from it.</summary>
internal sealed record CachedAnswer(int Status, string ContentType, string ETag, DateTimeOffset? LastModified, string? Location, byte[] Body)
{
    public byte[] Serialise()
    {
        using var stream = new MemoryStream(Body.Length + 256);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write((byte)1);
            writer.Write(Status);
            writer.Write(ContentType);
            writer.Write(ETag);
            writer.Write(LastModified?.UtcTicks ?? -1L);
            writer.Write(Location ?? "");
            writer.Write(Body.Length);
            writer.Write(Body);
        }

        return stream.ToArray();
    }

    public static CachedAnswer? Deserialise(byte[] bytes)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        if (reader.ReadByte() != 1) return null;
        var status = reader.ReadInt32();
        var contentType = reader.ReadString();
        var etag = reader.ReadString();
        var ticks = reader.ReadInt64();
        var location = reader.ReadString();
        var body = reader.ReadBytes(reader.ReadInt32());
        return new CachedAnswer(status, contentType, etag, ticks < 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero),
            location.Length == 0 ? null : location, body);
    }
}

/// <summary>
/// The server-side cache of public answers: ASP.NET Core's in-memory output cache store, used
/// behind the public endpoint filter (so that site, API key, rate limit and CORS are checked before
/// a cached answer is served). Entries are tagged by site, by every item and file in the answer,
/// and list-like answers also by the site's lists; a change evicts by tag.
/// </summary>
internal sealed class PublicCache(IOutputCacheStore store, PublicApiOptions options)
{
    public const string AllTag = "content:public";
    public const string AllListsTag = "content:lists";

    private long _generation;

    /// <summary>Grows with every eviction. An answer computed while it grew may be stale and is not stored.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public static string SiteTag(string site) => "content:site:" + site;

    public static string ListsTag(string site) => "content:lists:" + site;

    public static string ItemTag(Guid id) => "content:item:" + id.ToString("D");

    public static string SlugTag(string site, string type, string slug) => $"content:slug:{site}:{type}:{slug}";

    private static string EntryTag(string key) => "content:entry:" + key;

    public async Task<CachedAnswer?> GetAsync(string key, CancellationToken ct)
    {
        var bytes = await store.GetAsync(key, ct);
        return bytes is null ? null : CachedAnswer.Deserialise(bytes);
    }

    public async Task StoreAsync(string key, CachedAnswer answer, IEnumerable<string> tags, long generationAtStart, CancellationToken ct)
    {
        if (Generation != generationAtStart) return;
        string[] allTags = [.. tags.Append(AllTag).Append(EntryTag(key)).Distinct()];
        await store.SetAsync(key, answer.Serialise(), allTags, options.PublicApi.OutputCacheDuration, ct);
        // An eviction between the check above and the store: drop what we just stored.
        if (Generation != generationAtStart) await store.EvictByTagAsync(EntryTag(key), ct);
    }

    public Task EvictItemAsync(Guid id, CancellationToken ct) => EvictAsync(ItemTag(id), ct);

    public Task EvictListsAsync(string site, CancellationToken ct) => EvictAsync(ListsTag(site), ct);

    public Task EvictAllListsAsync(CancellationToken ct) => EvictAsync(AllListsTag, ct);

    public Task EvictAllAsync(CancellationToken ct) => EvictAsync(AllTag, ct);

    public Task EvictTagAsync(string tag, CancellationToken ct) => EvictAsync(tag, ct);

    private async Task EvictAsync(string tag, CancellationToken ct)
    {
        Interlocked.Increment(ref _generation);
        await store.EvictByTagAsync(tag, ct);
    }
}
