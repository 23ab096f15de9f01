using System.Globalization;
using System.Threading.RateLimiting;

namespace Bezirksplattform.Content.PublicApi;

/// <summary>
/// Fixed one-minute windows per API key (the site's api_key_rate_limit) and per anonymous client
/// and site (anonymous_rate_limit, partitioned by remote IP). The limit is part of the partition
/// key, so a changed site setting starts a fresh window with the new limit.
/// </summary>
internal sealed class PublicRateLimiter : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetFixedWindowLimiter(key, k => new FixedWindowRateLimiterOptions
        {
            PermitLimit = int.Parse(k[..k.IndexOf('|')], CultureInfo.InvariantCulture),
            Window = Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Null when the request may proceed; otherwise how long the client should wait.</summary>
    public TimeSpan? TryAcquire(PublicSite site, Guid? apiKeyId, string? remoteIp) =>
        Acquire(apiKeyId is { } id ? $"{site.ApiKeyRateLimit}|key|{id:N}" : $"{site.AnonymousRateLimit}|anon|{site.Id:N}|{remoteIp ?? "unknown"}");

    /// <summary>
    /// Refused API keys have a budget of their own per client and site (the anonymous limit), so
    /// that guessing keys is throttled without touching the budget of valid keys or anonymous reads.
    /// </summary>
    public TimeSpan? TryAcquireRefusedKey(PublicSite site, string? remoteIp) => Acquire(RefusedKeyPartition(site, remoteIp));

    /// <summary>Whether this client used up its refused-key budget; then a key is not even looked up.</summary>
    public bool RefusedKeysExhausted(PublicSite site, string? remoteIp) =>
        _limiter.GetStatistics(RefusedKeyPartition(site, remoteIp))?.CurrentAvailablePermits <= 0;

    private static string RefusedKeyPartition(PublicSite site, string? remoteIp) =>
        $"{site.AnonymousRateLimit}|refused-key|{site.Id:N}|{remoteIp ?? "unknown"}";

    private TimeSpan? Acquire(string partition)
    {
        using var lease = _limiter.AttemptAcquire(partition);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Window;
    }

    public void Dispose() => _limiter.Dispose();
}
