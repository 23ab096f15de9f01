using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bezirksplattform.Content.PublicApi;

internal static class PublicApiRegistration
{
    /// <summary>Output cache store, site directory, rate limiter, preview tokens and the change listener of the public API.</summary>
    public static IServiceCollection AddPublicContentApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(PublicApiOptions.From(configuration));
        services.AddOutputCache();
        services.AddSingleton<PublicCache>();
        services.AddSingleton<PublicSiteDirectory>();
        services.AddSingleton<PublicRateLimiter>();
        services.AddSingleton<PreviewTokens>();
        services.AddSingleton<ContentChangeListener>();
        services.AddHostedService<PreviewKeyCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<ContentChangeListener>());
        return services;
    }

    /// <summary>
    /// A staff action that changes what is live (publish, unpublish, archive) evicts this host's
    /// cached answers at once, so the editor sees the result on the next request; other hosts learn
    /// it from the change notification. Any staff write drops the cached site settings.
    /// </summary>
    public static TBuilder EvictPublicAnswersOnStaffWrites<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            var http = context.HttpContext;
            if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)) return result;
            var services = http.RequestServices;
            services.GetRequiredService<PublicSiteDirectory>().Invalidate();
            var action = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.PathSegments.LastOrDefault()?.Parts.FirstOrDefault()
                as Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart;
            if (action?.Content is "publish" or "unpublish" or "archive")
            {
                var cache = services.GetRequiredService<PublicCache>();
                if (http.GetRouteValue("id") is { } raw && Guid.TryParse(raw.ToString(), out var id)) await cache.EvictItemAsync(id, http.RequestAborted);
                await cache.EvictAllListsAsync(http.RequestAborted);
            }

            return result;
        });

    /// <summary>Fails the start in Production when no preview signing key is configured.</summary>
    private sealed class PreviewKeyCheck(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = services.GetRequiredService<PreviewTokens>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>OpenAPI declarations shared by the public endpoints.</summary>
internal static class PublicOpenApi
{
    public static RouteHandlerBuilder ProducesPublicJson<T>(this RouteHandlerBuilder builder, bool listParameters = true)
    {
        builder.Produces<T>(StatusCodes.Status200OK, "application/json")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        if (listParameters) builder.ProducesProblem(StatusCodes.Status400BadRequest);
        return builder;
    }

    public static RouteHandlerBuilder ProducesPublicXml(this RouteHandlerBuilder builder, string contentType) =>
        builder.Produces<string>(StatusCodes.Status200OK, contentType)
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
