using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Coaching.PublicApi;

/// <summary>
/// The anonymous coaching reads (session types, slots, feeds) need no key, so each client address
/// gets a fixed budget per minute (Coaching:PublicReadsPerMinute, default 240); beyond it a 429
/// with Retry-After, written by the platform's limiter.
/// </summary>
internal static class PublicCoachingAccess
{
    public const string ReadPolicy = "coaching-public-read";

    public static IServiceCollection AddPublicCoachingReadLimit(this IServiceCollection services, IConfiguration configuration)
    {
        var perMinute = configuration.GetValue("Coaching:PublicReadsPerMinute", 240);
        services.Configure<RateLimiterOptions>(limiter => limiter.AddPolicy(ReadPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        return services;
    }

    public static TBuilder WithPublicCoachingReadLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(ReadPolicy);
}
