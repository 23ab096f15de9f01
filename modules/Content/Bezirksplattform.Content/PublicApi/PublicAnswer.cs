using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Bezirksplattform.Content.PublicApi;

/// <summary>
/// What a public endpoint answers: the exact bytes plus what HTTP caching needs. The public
/// endpoint filter turns it into a <see cref="CachedAnswer"/> (strong ETag = hash of the bytes),
/// stores it in the output cache under the item and site tags, and writes it (or a 304).
/// </summary>
internal sealed class PublicAnswer : IResult
{
    public const string JsonType = "application/json; charset=utf-8";

    public int Status { get; init; } = StatusCodes.Status200OK;
    public required string ContentType { get; init; }
    public required byte[] Body { get; init; }
    public DateTimeOffset? LastModified { get; init; }
    public string? Location { get; init; }

    /// <summary>Items and files the answer shows or refers to: a change of any of them evicts it.</summary>
    public IReadOnlyCollection<Guid> DependsOn { get; init; } = [];

    /// <summary>Further tags, e.g. the address a detail answer was asked for.</summary>
    public IReadOnlyCollection<string> ExtraTags { get; init; } = [];

    /// <summary>Lists, feeds, search, sitemap, change feed: any publication on the site may change them.</summary>
    public bool IsList { get; init; }

    /// <summary>Kept in the server-side output cache (not for previews).</summary>
    public bool Cacheable { get; init; } = true;

    /// <summary>Cache-Control: private, no-store (previews of drafts).</summary>
    public bool Private { get; init; }

    public static PublicAnswer Json(byte[] body, DateTimeOffset? lastModified, IEnumerable<Guid> dependsOn, bool isList, params string[] extraTags) =>
        new() { ContentType = JsonType, Body = body, LastModified = lastModified, DependsOn = [.. dependsOn.Distinct()], IsList = isList, ExtraTags = extraTags };

    public CachedAnswer ToCached() => new(Status, ContentType, PublicHttp.StrongETag(Body), LastModified, Location, Body);

    public IEnumerable<string> CacheTags(string site)
    {
        yield return PublicCache.SiteTag(site);
        if (IsList)
        {
            yield return PublicCache.ListsTag(site);
            yield return PublicCache.AllListsTag;
        }

        foreach (var id in DependsOn) yield return PublicCache.ItemTag(id);
        foreach (var tag in ExtraTags) yield return tag;
    }

    public Task ExecuteAsync(HttpContext httpContext) => PublicHttp.WriteAsync(httpContext, ToCached(), Private);
}

/// <summary>Writes a (possibly cached) answer: validators, caching headers, and 304 for a matching conditional request.</summary>
internal sealed class CachedAnswerResult(CachedAnswer answer, bool isPrivate) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => PublicHttp.WriteAsync(httpContext, answer, isPrivate);
}

internal static class PublicHttp
{
    public const string PublicCacheControl = "public, max-age=60, stale-while-revalidate=300";
    public const string PrivateCacheControl = "private, no-store";
    public const string VaryHeaders = "X-Api-Key, Accept-Language, Accept-Encoding";

    public static string StrongETag(byte[] body) => "\"" + Base64Url.EncodeToString(SHA256.HashData(body).AsSpan(0, 18)) + "\"";

    public static async Task WriteAsync(HttpContext http, CachedAnswer answer, bool isPrivate)
    {
        var response = http.Response;
        response.Headers.ETag = answer.ETag;
        if (answer.LastModified is { } lastModified)
            response.Headers.LastModified = lastModified.ToString("R", CultureInfo.InvariantCulture);
        response.Headers.CacheControl = isPrivate ? PrivateCacheControl : PublicCacheControl;
        AppendVary(response, VaryHeaders);
        if (answer.Location is not null) response.Headers.Location = answer.Location;

        if (answer.Status == StatusCodes.Status200OK && NotModified(http.Request, answer.ETag, answer.LastModified))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = answer.Status;
        response.ContentType = answer.ContentType;
        response.ContentLength = answer.Body.Length;
        if (HttpMethods.IsHead(http.Request.Method)) return;
        await response.Body.WriteAsync(answer.Body, http.RequestAborted);
    }

    public static void AppendVary(HttpResponse response, string names)
    {
        var present = response.Headers.Vary.ToString();
        var all = present.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Concat(names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        response.Headers.Vary = string.Join(", ", all);
    }

    /// <summary>
    /// RFC 9110 §13.2.2: If-None-Match (weak comparison) takes precedence; If-Modified-Since is
    /// considered only without it, at one-second resolution.
    /// </summary>
    public static bool NotModified(HttpRequest request, string etag, DateTimeOffset? lastModified)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0)
        {
            foreach (var value in ifNoneMatch)
            {
                foreach (var candidate in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (candidate == "*") return true;
                    var tag = candidate.StartsWith("W/", StringComparison.Ordinal) ? candidate[2..] : candidate;
                    if (tag == etag) return true;
                }
            }

            return false;
        }

        if (lastModified is null || request.Headers.IfModifiedSince.Count == 0) return false;
        if (!HeaderUtilities.TryParseDate(request.Headers.IfModifiedSince.ToString(), out var since)) return false;
        var modified = lastModified.Value.ToUniversalTime();
        var modifiedSeconds = new DateTimeOffset(modified.Ticks - modified.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return modifiedSeconds <= since;
    }
}
