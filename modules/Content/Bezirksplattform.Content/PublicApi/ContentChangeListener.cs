using System.Threading.Channels;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.Publishing;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bezirksplattform.Content.PublicApi;

/// <summary>Cached answers a change of one item or file may have altered, beyond those tagged with its id.</summary>
internal sealed record AffectedAnswers(IReadOnlyList<string> Sites, IReadOnlyList<string> SlugTags);

internal sealed record FindAffectedAnswersQuery(Guid Id) : IQuery<AffectedAnswers>;

internal sealed class FindAffectedAnswersHandler(IDbSession db) : IRequestHandler<FindAffectedAnswersQuery, AffectedAnswers>
{
    public async Task<AffectedAnswers> Handle(FindAffectedAnswersQuery request, CancellationToken ct)
    {
        // Every address the item ever had on a site (current and former slugs: a former slug's 301
        // may now belong to another item), and the sites whose live items refer to it as a file.
        await using var grid = await db.QueryMultipleAsync(
            """
            select s.slug as site, sl.type, sl.slug from content.slugs sl join content.sites s on s.id = sl.site_id where sl.item_id = @Id;
            select distinct s.slug from content.published p join content.sites s on s.id = p.site_id
            where @Id = any(p.image_ids) or @Id = any(p.download_ids);
            """, request, ct);
        var slugs = (await grid.ReadAsync<SlugRow>()).ToList();
        var referencing = (await grid.ReadAsync<string>()).ToList();
        return new AffectedAnswers(
            [.. slugs.Select(s => s.Site).Concat(referencing).Distinct()],
            [.. slugs.Select(s => PublicCache.SlugTag(s.Site, s.Type, s.Slug))]);
    }

    private sealed record SlugRow(string Site, string Type, string Slug);
}

/// <summary>
/// Keeps this host's output cache honest: LISTENs on <c>content_changes</c> (the Publisher
/// notifies in its transaction, so delivery means committed) and evicts the item's answers, the
/// answers showing any of its addresses, and the lists of the sites concerned. A publication in
/// any host therefore reaches every host. After a (re)connect everything is evicted, because
/// notifications sent while no one listened are lost.
/// </summary>
internal sealed class ContentChangeListener(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    PublicCache cache,
    PublicSiteDirectory sites,
    PublicApiOptions options,
    ILogger<ContentChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(30);
    private readonly Channel<string> _payloads = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first LISTEN is in place (tests wait for it).</summary>
    public Task Listening => _listening.Task;

    /// <summary>The payload of the notification handled last (tests wait for a marker of their own).</summary>
    public string? LastHandled { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var processing = ProcessAsync(stoppingToken);
        try
        {
            await ListenAsync(stoppingToken);
        }
        finally
        {
            _payloads.Writer.TryComplete();
            await processing;
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(ct);
                connection.Notification += (_, e) => _payloads.Writer.TryWrite(e.Payload);
                await using (var listen = new NpgsqlCommand($"listen {Publisher.ChangeChannel}", connection))
                    await listen.ExecuteNonQueryAsync(ct);
                sites.Invalidate();
                await cache.EvictAllAsync(ct);
                _listening.TrySetResult();
                delay = TimeSpan.FromSeconds(1);

                while (!ct.IsCancellationRequested)
                {
                    // No notification for a while: make sure the connection is still there.
                    if (!await connection.WaitAsync(options.PublicApi.ListenerKeepAlive, ct))
                    {
                        await using var ping = new NpgsqlCommand("select 1", connection);
                        await ping.ExecuteScalarAsync(ct);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Listening on {Channel} failed; reconnecting in {Delay}", Publisher.ChangeChannel, delay);
                try
                {
                    await Task.Delay(delay, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
            }
        }
    }

    private async Task ProcessAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var payload in _payloads.Reader.ReadAllAsync(ct))
            {
                try
                {
                    await EvictAsync(payload, ct);
                    LastHandled = payload;
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    logger.LogWarning(e, "Could not work out what change {Payload} affects; evicting all public answers", payload);
                    await cache.EvictAllAsync(CancellationToken.None);
                    LastHandled = payload;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task EvictAsync(string payload, CancellationToken ct)
    {
        sites.Invalidate();
        if (!Guid.TryParse(payload, out var id))
        {
            await cache.EvictAllAsync(ct);
            return;
        }

        await cache.EvictItemAsync(id, ct);
        await using var scope = scopes.CreateAsyncScope();
        var affected = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new FindAffectedAnswersQuery(id), ct);
        foreach (var site in affected.Sites) await cache.EvictListsAsync(site, ct);
        foreach (var tag in affected.SlugTags) await cache.EvictTagAsync(tag, ct);
    }
}
