using Bezirksplattform.BuildingBlocks.Data;
using MediatR;
using Microsoft.Extensions.Logging;

namespace Bezirksplattform.Content.Files;

/// <summary>
/// The files an upload request has put into storage but whose row is not yet committed (scoped:
/// one per request). If the request fails, they are deleted again: a rolled-back insert, a
/// failed commit, or an attempt the retry policy throws away must not leave orphaned bytes.
/// </summary>
internal sealed class StoredFileCleanup(IFileStorage storage, ILogger<StoredFileCleanup> logger)
{
    private readonly List<string> _keys = [];

    public void Track(string key) => _keys.Add(key);

    /// <summary>Deletes every tracked file. Never cancelled: cleaning up must not stop halfway because the client left.</summary>
    public async Task DiscardAsync()
    {
        foreach (var key in _keys.ToArray())
        {
            try
            {
                await storage.DeleteAsync(key, CancellationToken.None);
                _keys.Remove(key);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogError(e, "Could not delete the stored file {StorageKey} of a failed upload", key);
            }
        }
    }

    /// <summary>
    /// Sends the upload command; on failure removes what it stored. When the commit's outcome is
    /// unknown the row may exist, so its bytes are kept (an orphan file beats a row without bytes).
    /// </summary>
    public async Task<T> SendAsync<T>(IMediator mediator, IRequest<T> command, CancellationToken ct)
    {
        try
        {
            var result = await mediator.Send(command, ct);
            _keys.Clear();
            return result;
        }
        catch (Exception e) when (e is not CommitOutcomeUnknownException)
        {
            await DiscardAsync();
            throw;
        }
    }
}
