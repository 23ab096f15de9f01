using Bezirksplattform.Content.Jobs.DeliverWebhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bezirksplattform.Content.Webhooks;

internal static class WebhookRegistration
{
    public static IServiceCollection AddContentWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ContentWebhookOptions>()
            .Bind(configuration.GetSection(ContentWebhookOptions.Section))
            .Validate(o => o.DisableAfterConsecutiveFailures >= 1 && o.DisableAfterFailingFor > TimeSpan.Zero && o.Timeout > TimeSpan.Zero
                           && o.BatchSize >= 1 && o.PreviousSecretValidity >= TimeSpan.Zero && o.EffectiveRetryDelays.All(d => d > TimeSpan.Zero),
                $"{ContentWebhookOptions.Section}: DisableAfterConsecutiveFailures and BatchSize must be at least 1; DisableAfterFailingFor, Timeout and every RetryDelays entry must be positive.")
            .ValidateOnStart();
        services.AddSingleton<WebhookSender>();

        services.AddHttpClient(WebhookSender.HttpClientName, (sp, client) =>
                client.Timeout = sp.GetRequiredService<IOptions<ContentWebhookOptions>>().Value.Timeout)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var options = sp.GetRequiredService<IOptions<ContentWebhookOptions>>().Value;
                return new SocketsHttpHandler
                {
                    // A redirect would lead around the address check and turn the POST into a GET: receivers give their final URL.
                    AllowAutoRedirect = false,
                    // Through a proxy the guard would vet the proxy's address instead of the receiver's.
                    UseProxy = false,
                    UseCookies = false,
                    ConnectTimeout = options.Timeout,
                    // Receivers' DNS changes; pooled connections must not outlive it for long.
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    ConnectCallback = (context, ct) => WebhookAddressGuard.ConnectAsync(context, options.AllowPrivateAddresses, ct),
                };
            })
            // The factory's loggers write every URL at Information level, and receivers often put
            // a token in the query string; the sender logs failures by delivery id instead.
            .RemoveAllLoggers();
        return services;
    }
}
