using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using MediatR;

namespace Bezirksplattform.Content.PublicApi;

/// <summary>A consuming website as the public API needs it.</summary>
internal sealed record PublicSite(
    Guid Id, string Slug, string Name, string? BaseUrl, string[] CorsOrigins, int AnonymousRateLimit, int ApiKeyRateLimit, DateTimeOffset CreatedAt);

internal sealed record LoadPublicSitesQuery : IQuery<IReadOnlyList<PublicSite>>;

internal sealed class LoadPublicSitesHandler(IDbSession db) : IRequestHandler<LoadPublicSitesQuery, IReadOnlyList<PublicSite>>
{
    public Task<IReadOnlyList<PublicSite>> Handle(LoadPublicSitesQuery request, CancellationToken ct) =>
        db.QueryAsync<PublicSite>(
            "select id, slug, name, base_url, cors_origins, anonymous_rate_limit, api_key_rate_limit, created_at from content.sites order by slug",
            ct: ct);
}

internal sealed record ApiKeyOwner(Guid Id, Guid SiteId, DateTimeOffset? RevokedAt);

/// <summary>The site an API key belongs to; keys are looked up by their SHA-256 on every request, so a revocation counts at once.</summary>
internal sealed record FindApiKeyQuery(byte[] KeyHash) : IQuery<ApiKeyOwner?>;

internal sealed class FindApiKeyHandler(IDbSession db) : IRequestHandler<FindApiKeyQuery, ApiKeyOwner?>
{
    public Task<ApiKeyOwner?> Handle(FindApiKeyQuery request, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<ApiKeyOwner>("select id, site_id, revoked_at from content.site_api_keys where key_hash = @KeyHash", request, ct);
}

/// <summary>
/// The sites, kept in memory for <see cref="PublicApiCacheOptions.SiteCacheDuration"/> so that an
/// answer from the output cache needs no database round trip. Every content change notification
/// and every staff write drops the copy; an unknown slug reloads it (at most once a second).
/// </summary>
internal sealed class PublicSiteDirectory(TimeProvider clock, PublicApiOptions options)
{
    private static readonly TimeSpan MissReloadInterval = TimeSpan.FromSeconds(1);
    private Snapshot? _snapshot;
    private long _version;

    private sealed record Snapshot(IReadOnlyDictionary<string, PublicSite> Sites, long LoadedAt);

    public async Task<PublicSite?> FindAsync(string slug, IMediator mediator, CancellationToken ct)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is null || clock.GetElapsedTime(snapshot.LoadedAt) > options.PublicApi.SiteCacheDuration)
            snapshot = await ReloadAsync(mediator, ct);
        if (snapshot.Sites.TryGetValue(slug, out var site)) return site;
        if (clock.GetElapsedTime(snapshot.LoadedAt) < MissReloadInterval) return null;
        return (await ReloadAsync(mediator, ct)).Sites.GetValueOrDefault(slug);
    }

    public async Task<IReadOnlyCollection<PublicSite>> AllAsync(IMediator mediator, CancellationToken ct)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (snapshot is null || clock.GetElapsedTime(snapshot.LoadedAt) > options.PublicApi.SiteCacheDuration)
            snapshot = await ReloadAsync(mediator, ct);
        return [.. snapshot.Sites.Values.OrderBy(s => s.Slug, StringComparer.Ordinal)];
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref _version);
        Volatile.Write(ref _snapshot, null);
    }

    private async Task<Snapshot> ReloadAsync(IMediator mediator, CancellationToken ct)
    {
        var version = Interlocked.Read(ref _version);
        var startedAt = clock.GetTimestamp();
        var sites = await mediator.Send(new LoadPublicSitesQuery(), ct);
        var snapshot = new Snapshot(sites.ToDictionary(s => s.Slug, StringComparer.Ordinal), startedAt);
        // An invalidation while we read may have missed our rows: use them, but do not keep them.
        if (Interlocked.Read(ref _version) == version) Volatile.Write(ref _snapshot, snapshot);
        return snapshot;
    }
}
