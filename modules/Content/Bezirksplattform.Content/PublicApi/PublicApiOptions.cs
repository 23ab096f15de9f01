using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

namespace Bezirksplattform.Content.PublicApi;

/// <summary>
/// Settings of the public content API (section <c>Content</c>): the preview signing key and
/// lifetime, and how long answers and site settings are kept in memory.
/// </summary>
internal sealed class PublicApiOptions
{
    /// <summary>HMAC key for preview tokens, base64 or plain text, at least 32 bytes. Required in Production.</summary>
    public string? PreviewSigningKey { get; set; }

    public TimeSpan PreviewTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public PublicApiCacheOptions PublicApi { get; set; } = new();

    public static PublicApiOptions From(IConfiguration configuration) =>
        configuration.GetSection("Content").Get<PublicApiOptions>() ?? new PublicApiOptions();

    /// <summary>The configured key as bytes, or null when none (or one too short) is configured.</summary>
    public byte[]? PreviewKeyBytes()
    {
        if (string.IsNullOrWhiteSpace(PreviewSigningKey)) return null;
        var text = PreviewSigningKey.Trim();
        var buffer = new byte[text.Length];
        var bytes = Convert.TryFromBase64String(text, buffer, out var written) ? buffer[..written] : Encoding.UTF8.GetBytes(text);
        return bytes.Length >= 32 ? bytes : null;
    }

    public static byte[] RandomKey() => RandomNumberGenerator.GetBytes(32);
}

internal sealed class PublicApiCacheOptions
{
    /// <summary>How long a public answer stays in the server-side output cache unless a change evicts it first.</summary>
    public TimeSpan OutputCacheDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long site settings (CORS origins, rate limits) are kept before they are read again.</summary>
    public TimeSpan SiteCacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the change listener waits for a notification before it checks its connection.</summary>
    public TimeSpan ListenerKeepAlive { get; set; } = TimeSpan.FromSeconds(30);
}
