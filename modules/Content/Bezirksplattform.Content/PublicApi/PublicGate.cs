using System.Globalization;
using System.Text.Json.Nodes;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Content.Features.ManageSites;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Bezirksplattform.Content.PublicApi;

/// <summary>Marks a public GET whose answers the server keeps in its output cache.</summary>
internal sealed class ServerCachedMetadata;

/// <summary>A 400 about query parameters that also lists what is allowed.</summary>
internal sealed class PublicQueryProblem(string detail, IDictionary<string, string[]> errors, IReadOnlyList<string> allowed)
    : ProblemException(StatusCodes.Status400BadRequest, "Die Anfrage ist ungültig.", detail, errors)
{
    public IReadOnlyList<string> Allowed { get; } = allowed;

    public static PublicQueryProblem For(string parameter, string message, IReadOnlyList<string> allowed) =>
        new($"Ungültiger Wert für {parameter}: {message}", new Dictionary<string, string[]> { [parameter] = [message] }, allowed);
}

/// <summary>The site a public request is about, set by the gate.</summary>
internal sealed record PublicSiteFeature(PublicSite Site)
{
    public static PublicSite Of(HttpContext http) =>
        http.Features.Get<PublicSiteFeature>()?.Site ?? throw new InvalidOperationException("The public site gate did not run for this endpoint.");
}

/// <summary>
/// The gate every request under <c>/api/public/v1/sites/{site}</c> passes, in this order: the site
/// (404), CORS for the site's own origins (preflight answered here), the API key (401), the rate
/// limit (429), then the output cache; a fresh answer gets its strong ETag, is stored under its tags
/// and written, or answered with 304. Problems keep the CORS headers, so browsers can read them.
/// </summary>
internal static class PublicGate
{
    public const string ApiKeyHeader = "X-Api-Key";
    private const string AllowedRequestHeaders = "X-Api-Key, If-None-Match, If-Modified-Since, Accept-Language";
    private const string ExposedHeaders = "ETag, Last-Modified, Location, Retry-After";

    public static RouteHandlerBuilder CachedOnServer(this RouteHandlerBuilder builder) => builder.WithMetadata(new ServerCachedMetadata());

    /// <summary>The group <c>/sites/{site}</c> below the public API, with the gate and the CORS preflight endpoint.</summary>
    public static RouteGroupBuilder MapPublicSite(this IEndpointRouteBuilder publicApi)
    {
        var site = publicApi.MapGroup("/sites/{site}");
        site.AddEndpointFilter((context, next) => SiteGateAsync(context, next));
        // The gate reads {site} and X-Api-Key itself, so the handlers do not bind them: declare both here.
        site.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            if (!operation.Parameters.Any(p => p.Name == "site"))
                operation.Parameters.Insert(0, new OpenApiParameter
                {
                    Name = "site", In = ParameterLocation.Path, Required = true, Description = "Slug der Website, z. B. pankow.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String }, Example = JsonValue.Create("pankow"),
                });
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = ApiKeyHeader, In = ParameterLocation.Header, Required = false,
                Description = "API-Schlüssel der Website (optional): eigene, höhere Abrufgrenze. Unbekannt, widerrufen oder fremd: 401.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
            return Task.CompletedTask;
        });
        site.MapMethods("/{**path}", [HttpMethods.Options], () => Results.NoContent())
            .WithName("PublicCorsPreflight").WithSummary("CORS-Preflight für die freigegebenen Origins der Website")
            .ExcludeFromDescription();
        return site;
    }

    /// <summary>For public endpoints outside a site (the list of sites): validators, 304 and problems, no site checks.</summary>
    public static TBuilder WithPublicAnswers<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                var result = await next(context);
                return result is PublicAnswer answer ? new CachedAnswerResult(answer.ToCached(), answer.Private) : result;
            }
            catch (ProblemException problem)
            {
                return Problem(context.HttpContext, problem);
            }
        });

    private static async ValueTask<object?> SiteGateAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var ct = http.RequestAborted;
        try
        {
            var slug = http.GetRouteValue("site") as string ?? "";
            var mediator = services.GetRequiredService<IMediator>();
            var site = await services.GetRequiredService<PublicSiteDirectory>().FindAsync(slug, mediator, ct)
                ?? throw new NotFoundException($"Die Website '{slug}' gibt es nicht.");
            http.Features.Set(new PublicSiteFeature(site));

            var corsAllowed = ApplyCors(http, site);
            if (HttpMethods.IsOptions(http.Request.Method))
                return Preflight(http, corsAllowed);

            var limiter = services.GetRequiredService<PublicRateLimiter>();
            var remoteIp = http.Connection.RemoteIpAddress?.ToString();
            var apiKeyId = await CheckApiKeyAsync(http, site, limiter, remoteIp, mediator, ct);
            if (limiter.TryAcquire(site, apiKeyId, remoteIp) is { } wait)
                throw TooManyRequests(http, wait, apiKeyId is null ? "anonyme Abrufe" : "diesen API-Schlüssel");

            var cache = services.GetRequiredService<PublicCache>();
            var cacheable = http.GetEndpoint()?.Metadata.GetMetadata<ServerCachedMetadata>() is not null;
            var key = cacheable ? CacheKey(http) : null;
            var generation = cache.Generation;
            if (key is not null && await cache.GetAsync(key, ct) is { } hit)
            {
                http.Response.Headers["X-Cache"] = "HIT";
                return new CachedAnswerResult(hit, isPrivate: false);
            }

            var result = await next(context);
            if (result is not PublicAnswer answer) return result;
            var fresh = answer.ToCached();
            if (key is not null && answer.Cacheable && !answer.Private && fresh.Status is StatusCodes.Status200OK or StatusCodes.Status301MovedPermanently)
            {
                http.Response.Headers["X-Cache"] = "MISS";
                await cache.StoreAsync(key, fresh, answer.CacheTags(site.Slug), generation, ct);
            }

            return new CachedAnswerResult(fresh, answer.Private);
        }
        catch (ProblemException problem)
        {
            return Problem(http, problem);
        }
    }

    private static bool ApplyCors(HttpContext http, PublicSite site)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0) return false;
        PublicHttp.AppendVary(http.Response, "Origin");
        if (!site.CorsOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase)) return false;
        http.Response.Headers.AccessControlAllowOrigin = origin;
        http.Response.Headers.AccessControlExposeHeaders = ExposedHeaders;
        return true;
    }

    private static IResult Preflight(HttpContext http, bool corsAllowed)
    {
        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !corsAllowed)
            throw new ProblemException(StatusCodes.Status403Forbidden, "Keine Berechtigung",
                $"Der Origin {origin} ist für diese Website nicht freigegeben.");
        var method = http.Request.Headers.AccessControlRequestMethod.ToString();
        if (method.Length > 0 && !HttpMethods.IsGet(method))
            throw new ProblemException(StatusCodes.Status405MethodNotAllowed, "Methode nicht erlaubt", "Die öffentliche API erlaubt nur GET.");
        http.Response.Headers.Allow = "GET, OPTIONS";
        if (corsAllowed)
        {
            http.Response.Headers.AccessControlAllowMethods = "GET";
            http.Response.Headers.AccessControlAllowHeaders = AllowedRequestHeaders;
            http.Response.Headers.AccessControlMaxAge = "600";
        }

        http.Response.Headers.CacheControl = PublicHttp.PublicCacheControl;
        return Results.NoContent();
    }

    private static ProblemException TooManyRequests(HttpContext http, TimeSpan wait, string what)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return new ProblemException(StatusCodes.Status429TooManyRequests, "Zu viele Anfragen",
            $"Das Limit für {what} ist erreicht. Bitte in {seconds} Sekunden erneut versuchen.");
    }

    /// <summary>
    /// The key's id when a valid key for this site was sent; null when none was sent. Anything else
    /// is a 401 and counts against the client's budget for refused keys (then 429, without a lookup).
    /// </summary>
    private static async Task<Guid?> CheckApiKeyAsync(
        HttpContext http, PublicSite site, PublicRateLimiter limiter, string? remoteIp, IMediator mediator, CancellationToken ct)
    {
        if (!http.Request.Headers.TryGetValue(ApiKeyHeader, out var values)) return null;
        const string Refused = "abgelehnte API-Schlüssel";
        if (limiter.RefusedKeysExhausted(site, remoteIp) && limiter.TryAcquireRefusedKey(site, remoteIp) is { } exhausted)
            throw TooManyRequests(http, exhausted, Refused);

        var key = values.ToString().Trim();
        var owner = key.Length is > 0 and <= 200 ? await mediator.Send(new FindApiKeyQuery(ApiKeys.Hash(key)), ct) : null;
        var problem = owner switch
        {
            null => "Der API-Schlüssel ist unbekannt.",
            { RevokedAt: not null } => "Der API-Schlüssel wurde widerrufen.",
            _ when owner.SiteId != site.Id => "Der API-Schlüssel gehört zu einer anderen Website.",
            _ => null,
        };
        if (problem is null) return owner!.Id;
        if (limiter.TryAcquireRefusedKey(site, remoteIp) is { } wait) throw TooManyRequests(http, wait, Refused);
        http.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiKeyHeader}\"";
        throw new ProblemException(StatusCodes.Status401Unauthorized, "Anmeldung erforderlich", problem + " Ohne Schlüssel gelten die Grenzen für anonyme Abrufe.");
    }

    /// <summary>Host, path and the query with its parameters in a fixed order: equal requests share an entry.</summary>
    private static string CacheKey(HttpContext http)
    {
        var query = http.Request.Query
            .SelectMany(kv => kv.Value.Select(v => (Key: kv.Key.ToLowerInvariant(), Value: v ?? "")))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value));
        return $"{http.Request.Host}{http.Request.PathBase}{http.Request.Path}?{string.Join('&', query)}";
    }

    public static IResult Problem(HttpContext http, ProblemException exception)
    {
        var problem = exception.Errors is { Count: > 0 } ? new HttpValidationProblemDetails(exception.Errors) : new ProblemDetails();
        problem.Status = exception.Status;
        problem.Title = exception.Title;
        problem.Detail = exception.Detail;
        if (exception is PublicQueryProblem query) problem.Extensions["allowed"] = query.Allowed;
        http.Response.Headers.CacheControl = PublicHttp.PrivateCacheControl;
        return TypedResults.Problem(problem);
    }
}
