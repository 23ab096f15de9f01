using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Reporting.Definitions;
using Bezirksplattform.Reporting.Documents;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bezirksplattform.Reporting.Runs;

/// <summary>
/// Works off queued runs one by one: claim (committed lease), gather through the definition with each
/// progress step committed on its own, then snapshot and "done" in one transaction, or "failed" with a
/// German reason. Mails are queued with the outcome and sent afterwards by <see cref="ReportMailer"/>.
/// </summary>
internal sealed class ReportRunner(IServiceScopeFactory scopes, ReportRecipients recipients, ReportMailer mailer, TimeProvider clock, ILogger<ReportRunner> logger)
{
    public const string InternalError = "Der Bericht konnte wegen eines internen Fehlers nicht erstellt werden. Die Technik findet die Einzelheiten im Protokoll.";

    /// <summary>Runs queued work until none is left (at most <paramref name="limit"/> runs); returns the number of runs finished (done or failed).</summary>
    public async Task<int> RunDueAsync(CancellationToken ct, int limit = 20)
    {
        var finished = 0;
        for (var i = 0; i < limit; i++)
        {
            var run = await SendAsync(new ClaimReportRunCommand(), ct);
            if (run is null) break;
            if (await RunAsync(run, ct)) finished++;
        }

        await mailer.SendDueAsync(ct);
        return finished;
    }

    private async Task<bool> RunAsync(ClaimedRun run, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var definition = scope.ServiceProvider.GetServices<IReportDefinition>().Find(run.Definition);
        var period = definition?.ParsePeriod(run.PeriodKey);
        if (definition is null || period is null)
            return await FailAsync(run, definition, null, $"Die Berichtsart „{run.Definition}“ mit dem Zeitraum „{run.PeriodKey}“ ist nicht (mehr) bekannt.", ct);

        byte[] bytes;
        try
        {
            var gathering = new ReportGathering(mediator, async (progress, step, token) =>
            {
                if (!await SendAsync(new ReportProgressCommand(run.Id, run.LeaseId, progress, step), token))
                    throw new LeaseLostException();
            });
            var sections = await definition.GatherAsync(period, run.ForPublication, gathering, ct);
            var document = new ReportDocument(definition.Key, definition.Title, period, run.ForPublication, clock.GetUtcNow(), sections);
            bytes = ReportJson.Serialize(document);
        }
        catch (LeaseLostException)
        {
            logger.LogWarning("Report run {RunId} was taken over by another host; this host stops working on it", run.Id);
            return false;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw; // shutting down: the lease lapses and another host takes the run again
        }
        catch (ProblemException e)
        {
            return await FailAsync(run, definition, period, e.Detail ?? e.Title, ct);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Report run {RunId} ({Definition} {Period}) failed", run.Id, run.Definition, run.PeriodKey);
            return await FailAsync(run, definition, period, InternalError, ct);
        }

        var hash = ReportJson.Hash(bytes);
        var mails = await recipients.MailsAsync(run, definition, period, failureReason: null, ct);
        if (await SendAsync(new CompleteReportRunCommand(run.Id, run.LeaseId, bytes, hash, mails), ct)) return true;
        logger.LogWarning("Report run {RunId} lost its lease before its snapshot was stored; the other host's result counts", run.Id);
        return false;
    }

    private async Task<bool> FailAsync(ClaimedRun run, IReportDefinition? definition, ReportPeriod? period, string reason, CancellationToken ct)
    {
        var mails = await recipients.MailsAsync(run, definition, period, reason, ct);
        return await SendAsync(new FailReportRunCommand(run.Id, run.LeaseId, reason, mails), ct);
    }

    private async Task<T> SendAsync<T>(IRequest<T> request, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, ct);
    }

    private sealed class LeaseLostException : Exception;
}
