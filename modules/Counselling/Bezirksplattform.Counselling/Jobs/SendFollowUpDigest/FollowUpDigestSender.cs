using System.Net.Mail;
using Bezirksplattform.BuildingBlocks.Mail;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Identity.Contracts;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bezirksplattform.Counselling.Jobs.SendFollowUpDigest;

/// <summary>What one run did: items claimed, mails sent, items skipped (no address) and failed (mailed next run).</summary>
internal sealed record DigestRun(int Items, int Mails, int Skipped, int Failed);

/// <summary>
/// The follow-up digest: claim (committed lease), then per counsellor one mail with all their claimed
/// items, then record the outcome. Everything due is claimed, so a missed day is caught up by the next
/// run; a failed send leaves the items failed and the next run mails them (with whatever is new) again.
/// A crash between sending and recording sends them again once the lease ends: at least once, never lost.
/// The job calls this; tests call it directly.
/// </summary>
internal sealed class FollowUpDigestSender(IServiceScopeFactory scopes, IMailSender mail, TimeProvider clock, ILogger<FollowUpDigestSender> logger)
{
    public async Task<DigestRun> SendDueAsync(CancellationToken ct)
    {
        var lease = Guid.CreateVersion7();
        var claimed = await SendAsync(new ClaimDigestItemsCommand(lease), ct);
        var today = clock.Today();
        int mails = 0, skipped = 0, failed = 0;
        foreach (var items in claimed.GroupBy(i => i.RecipientId))
        {
            var ids = items.Select(i => i.Id).ToArray();
            var user = await SendAsync(new GetStaffUserQuery(items.Key), ct);
            var reason = user switch
            {
                null => "Die Beraterin oder der Berater hat kein Konto mehr.",
                { IsActive: false } => $"Das Konto {user.UserName} ist deaktiviert.",
                { Email: null or "" } => $"Das Konto {user.UserName} hat keine E-Mail-Adresse.",
                _ => null,
            };
            if (reason is not null)
            {
                logger.LogWarning("Follow-up digest for staff user {UserId} skipped: {Reason}", items.Key, reason);
                skipped += await SendAsync(new RecordDigestItemsCommand(lease, ids, "skipped", reason), ct);
                continue;
            }

            string? error = null;
            try
            {
                await mail.SendAsync(DigestMail.Compose(user!, [.. items], today), ct);
                mails++;
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                error = e is SmtpException smtp ? $"SMTP {(int)smtp.StatusCode}: {e.Message}" : e.Message;
                logger.LogWarning(e, "Follow-up digest for {UserName} could not be mailed; the next run tries again", user!.UserName);
            }

            var recorded = await SendAsync(new RecordDigestItemsCommand(lease, ids, error is null ? "sent" : "failed", error), ct);
            if (error is not null) failed += recorded;
            if (recorded < ids.Length)
                logger.LogWarning("{Count} follow-up digest items for {UserName} were taken over by another run before their outcome was recorded",
                    ids.Length - recorded, user!.UserName);
        }

        return new DigestRun(claimed.Count, mails, skipped, failed);
    }

    private async Task<T> SendAsync<T>(IRequest<T> request, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, ct);
    }
}
