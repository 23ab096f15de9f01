using System.Threading.RateLimiting;
using Bezirksplattform.BuildingBlocks.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.BuildingBlocks.Http;

public sealed class HttpOptions
{
    /// <summary>Largest request body accepted unless an endpoint declares its own limit.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;
    public int LoginPermitLimit { get; set; } = 10;

    /// <summary>
    /// Addresses of reverse proxies whose X-Forwarded-For/-Proto are believed (e.g. 127.0.0.1 for
    /// a local nginx). Empty: the connection's own address counts, e.g. for the login rate limit.
    /// </summary>
    public string[] TrustedProxies { get; set; } = [];
    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(1);
}

public static class RateLimitPolicies
{
    public const string Login = "login";
}

public static class HttpSetup
{
    public static IServiceCollection AddPlatformHttp(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Http").Get<HttpOptions>() ?? new HttpOptions();
        services.AddSingleton(options);
        services.ConfigureHttpJsonOptions(json => PlatformJson.Configure(json.SerializerOptions));
        // Binding failures throw so that the exception handler answers them as problem details naming the field.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddPlatformProblemDetails();

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.LoginWindow;
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = 429,
                        Title = "Zu viele Anfragen",
                        Detail = $"Bitte in {(int)Math.Ceiling(retryAfter.TotalSeconds)} Sekunden erneut versuchen.",
                    },
                });
            };
            limiter.AddPolicy(RateLimitPolicies.Login, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = options.LoginPermitLimit, Window = options.LoginWindow, QueueLimit = 0 }));
        });
        return services;
    }

    public static IApplicationBuilder UseForwardedHeadersIfConfigured(this IApplicationBuilder app)
    {
        var options = app.ApplicationServices.GetRequiredService<HttpOptions>();
        if (options.TrustedProxies.Length == 0) return app;
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var proxy in options.TrustedProxies) forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
        return app.UseForwardedHeaders(forwarded);
    }

    /// <summary>
    /// HEAD on the public API is answered like GET with the same headers (ETag, Content-Length,
    /// caching) and no body: caches and link checkers use it. Must run before routing, which only
    /// knows the GET endpoints. Nothing is sent before the method is restored, so the server
    /// treats the response as the answer to a HEAD.
    /// </summary>
    public static IApplicationBuilder UseHeadAsGetForPublicApi(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsHead(context.Request.Method) || !context.Request.Path.StartsWithSegments("/api/public"))
            {
                await next(context);
                return;
            }

            var body = context.Response.Body;
            context.Request.Method = HttpMethods.Get;
            context.Response.Body = Stream.Null;
            try
            {
                await next(context);
            }
            finally
            {
                context.Request.Method = HttpMethods.Head;
                context.Response.Body = body;
            }
        });

    /// <summary>
    /// Refuses bodies over the limit before anything reads them (413), using the endpoint's own
    /// [RequestSizeLimit] where it declares one. Kestrel also enforces it for chunked bodies.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var options = context.RequestServices.GetRequiredService<HttpOptions>();
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? options.MaxRequestBodyBytes;
            if (context.Request.ContentLength > limit)
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
            if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = limit;
            await next(context);
        });

    /// <summary>
    /// An unknown route answers 404 before authentication, so that a typo is not reported as
    /// "please log in". Routes that exist stay protected by the fallback policy.
    /// </summary>
    public static IApplicationBuilder UseUnknownRouteNotFound(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var endpoint = context.GetEndpoint();
            var problem = endpoint switch
            {
                null when context.Request.Path.StartsWithSegments("/api") =>
                    new ProblemDetails { Status = 404, Title = "Nicht gefunden", Detail = $"Die Adresse {context.Request.Path} gibt es nicht." },
                // Routing's own rejection endpoints carry no authorization metadata; answer them
                // before the fallback policy would turn them into a misleading 401.
                { DisplayName: { } name } when name.StartsWith("405 ", StringComparison.Ordinal) =>
                    new ProblemDetails { Status = 405, Title = "Methode nicht erlaubt", Detail = $"{context.Request.Method} ist für {context.Request.Path} nicht erlaubt." },
                { DisplayName: { } name } when name.StartsWith("415 ", StringComparison.Ordinal) =>
                    new ProblemDetails { Status = 415, Title = "Nicht unterstützter Inhaltstyp", Detail = "Erwartet wird Content-Type: application/json." },
                _ => null,
            };
            if (problem is null)
            {
                await next(context);
                return;
            }

            if (problem.Status == 405 && endpoint?.Metadata.GetMetadata<HttpMethodMetadata>() is { } allowed)
                context.Response.Headers.Allow = string.Join(", ", allowed.HttpMethods);
            context.Response.StatusCode = problem.Status!.Value;
            await context.RequestServices.GetRequiredService<IProblemDetailsService>()
                .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
        });

    /// <summary>The staff API of a module: <c>/api/&lt;module&gt;</c>, signed-in staff only.</summary>
    public static RouteGroupBuilder MapStaffApi(this IEndpointRouteBuilder endpoints, string module, string tag) =>
        endpoints.MapGroup($"/api/{module}").RequireAuthorization().WithTags(tag);

    /// <summary>The public API (<c>/api/public/v1</c>), answered anonymously.</summary>
    public static RouteGroupBuilder MapPublicApi(this IEndpointRouteBuilder endpoints, string tag) =>
        endpoints.MapGroup("/api/public/v1").AllowAnonymous().WithTags(tag);
}
