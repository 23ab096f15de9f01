using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Bezirksplattform.Content.Webhooks;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bezirksplattform.Content.Jobs.DeliverWebhooks;

/// <summary>
/// Sends due webhook deliveries: claim a batch (leased, committed), POST each concurrently with
/// Standard Webhooks headers, record each outcome in its own transaction. Database work goes
/// through mediator commands, because <c>IDbSession</c> exists only inside one; the HTTP calls
/// happen between them, outside any transaction.
/// </summary>
internal sealed class WebhookSender(
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    TimeProvider clock,
    IOptions<ContentWebhookOptions> options,
    ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "content-webhooks";
    public const string UserAgent = "Bezirksplattform-Webhooks/1";

    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    private readonly ContentWebhookOptions _options = options.Value;

    /// <summary>Sends everything due now; returns the number of attempts made.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var total = 0;
        while (!ct.IsCancellationRequested)
        {
            var batch = await SendAsync(new ClaimDueWebhookDeliveriesCommand(), ct);
            if (batch.Count == 0) break;
            await Task.WhenAll(batch.Select(delivery => DeliverAsync(delivery, ct)));
            total += batch.Count;
            // Claimed rows are leased and failed ones wait for their backoff: a short batch means nothing more is due.
            if (batch.Count < _options.BatchSize) break;
        }

        return total;
    }

    private async Task DeliverAsync(DueWebhookDelivery delivery, CancellationToken ct)
    {
        var attemptNo = delivery.Attempts + 1;
        var attemptedAt = clock.GetUtcNow();
        var started = clock.GetTimestamp();
        var (statusCode, error) = await PostAsync(delivery, attemptedAt, ct);
        if (ct.IsCancellationRequested) return; // shutting down: not an attempt; the lease expires and it is sent again

        var succeeded = error is null;
        var duration = (int)Math.Min(int.MaxValue, clock.GetElapsedTime(started).TotalMilliseconds);
        if (!succeeded)
            logger.LogInformation("Webhook delivery {DeliveryId} attempt {AttemptNo} failed: {Error}", delivery.Id, attemptNo, error);
        try
        {
            await SendAsync(new RecordWebhookAttemptCommand(delivery.Id, attemptNo, attemptedAt, statusCode, error, duration, succeeded), ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // Unrecorded, the delivery is sent again after its lease: at least once, never lost.
            logger.LogError(e, "Could not record attempt {AttemptNo} of webhook delivery {DeliveryId}", attemptNo, delivery.Id);
        }
    }

    /// <summary>One POST. Returns the status code (if an answer came) and an error (null for 2xx), in German for the log editors see.</summary>
    private async Task<(int? StatusCode, string? Error)> PostAsync(DueWebhookDelivery delivery, DateTimeOffset attemptedAt, CancellationToken ct)
    {
        var webhookId = delivery.Id.ToString();
        var timestamp = attemptedAt.ToUnixTimeSeconds();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url);
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(delivery.Payload));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation("webhook-id", webhookId);
            request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSignature.Header(delivery.Secrets, webhookId, timestamp, delivery.Payload));
            request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);

            var client = httpClients.CreateClient(HttpClientName);
            // Only the status matters; the body is not read, so a receiver cannot make us download anything.
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var status = (int)response.StatusCode;
            return status switch
            {
                >= 200 and < 300 => (status, null),
                >= 300 and < 400 => (status, $"Antwort HTTP {status}: Weiterleitungen{(response.Headers.Location is { } to ? $" (nach {to})" : "")} werden nicht verfolgt. Bitte die endgültige Adresse eintragen."),
                _ => (status, $"Antwort HTTP {status}."),
            };
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return (null, "Abgebrochen.");
        }
        catch (TaskCanceledException)
        {
            return (null, string.Create(German, $"Keine Antwort innerhalb von {_options.Timeout.TotalSeconds:0.#} s."));
        }
        catch (HttpRequestException e) when (Find<WebhookAddressRefusedException>(e) is { } refused)
        {
            return (null, refused.Message);
        }
        catch (HttpRequestException e)
        {
            return (null, "Verbindung fehlgeschlagen: " + (e.InnerException?.Message ?? e.Message));
        }
        catch (Exception e) when (e is InvalidOperationException or UriFormatException or NotSupportedException)
        {
            return (null, "Die Adresse kann nicht aufgerufen werden: " + e.Message);
        }
    }

    private static T? Find<T>(Exception e) where T : Exception
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
            if (current is T found) return found;
        return null;
    }

    private async Task<T> SendAsync<T>(IRequest<T> request, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, ct);
    }
}
