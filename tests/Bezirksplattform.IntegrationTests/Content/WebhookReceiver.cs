using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bezirksplattform.IntegrationTests.Content;

/// <summary>
/// A real HTTP receiver on 127.0.0.1 with a free port (Kestrel), standing in for a website that
/// subscribed to webhooks: it records every request and answers 204, or fails as told.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedWebhook> _requests = new();
    private WebApplication _app = null!;
    private int _failuresLeft;

    private WebhookReceiver()
    {
    }

    /// <summary>The address to subscribe, e.g. http://127.0.0.1:41234/hooks.</summary>
    public string Url { get; private set; } = "";

    public IReadOnlyList<ReceivedWebhook> Requests => _requests.ToArray();

    /// <summary>Answers 500 to this many of the next requests.</summary>
    public void FailNext(int requests) => Interlocked.Exchange(ref _failuresLeft, requests);

    public void FailAlways() => FailNext(int.MaxValue);

    /// <summary>Answers 307 to another path instead of accepting.</summary>
    public bool Redirect { get; set; }

    /// <summary>Waits this long before answering (the request is recorded first).</summary>
    public TimeSpan Delay { get; set; }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/hooks", receiver.HandleAsync);
        app.MapPost("/elsewhere", receiver.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver._app = app;
        receiver.Url = address.TrimEnd('/') + "/hooks";
        return receiver;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        int status;
        if (Redirect)
        {
            status = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = "/elsewhere";
        }
        else
        {
            var left = Interlocked.Decrement(ref _failuresLeft);
            status = left >= 0 ? StatusCodes.Status500InternalServerError : StatusCodes.Status204NoContent;
            if (left < 0) Interlocked.Exchange(ref _failuresLeft, 0);
        }

        var headers = context.Request.Headers;
        _requests.Enqueue(new ReceivedWebhook(
            context.Request.Path, headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(),
            headers["webhook-signature"].ToString(), headers.ContentType.ToString(), headers.UserAgent.ToString(), body, status));
        if (Delay > TimeSpan.Zero)
        {
            try { await Task.Delay(Delay, context.RequestAborted); }
            catch (OperationCanceledException) { return; } // the sender gave up
        }

        context.Response.StatusCode = status;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceivedWebhook(
    string Path, string WebhookId, string Timestamp, string Signature, string ContentType, string UserAgent, string Body, int AnsweredWith);
