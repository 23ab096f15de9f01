using System.Net.Mail;
using System.Text;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Mail;
using Bezirksplattform.Coaching.Notifications;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bezirksplattform.Coaching.Jobs.SendNotifications;

/// <summary>
/// Sends queued mails and due reminders: claim (a committed lease), send through <see cref="IMailSender"/>
/// with no transaction open, record the outcome. Two hosts never send the same row at once, and a row is
/// marked sent only after the mail server took it. A crash between sending and recording leaves the
/// row pending; it is sent again when its lease ends: at least once, never silently lost.
/// The jobs call this; tests call it directly.
/// </summary>
internal sealed class NotificationSender(
    IServiceScopeFactory scopes, IMailSender mail, IOptions<NotificationOptions> options, ILogger<NotificationSender> logger)
{
    /// <summary>Sends every due queued mail; returns how many were claimed.</summary>
    public Task<int> SendDueMailsAsync(CancellationToken ct) =>
        RunAsync(new ClaimDueMailsCommand(), SendAttempts.Mails, m => m.Id, m => m.Attempts, m => new OutgoingMail(m.Recipient, m.Subject, m.Body,
            m.Ics is null ? null : [new MailAttachment(m.IcsMethod == "CANCEL" ? "cancel.ics" : "invite.ics",
                $"text/calendar; method={m.IcsMethod}; charset=utf-8", Encoding.UTF8.GetBytes(m.Ics))]) { ToName = m.RecipientName }, ct);

    /// <summary>Sends every due reminder of a still-confirmed booking; returns how many were claimed.</summary>
    public Task<int> SendDueRemindersAsync(CancellationToken ct) =>
        RunAsync(new ClaimDueRemindersCommand(), SendAttempts.Reminders, r => r.Id, r => r.Attempts, r =>
        {
            var (subject, body) = MailTexts.Reminder(r.StartsAt, r.EndsAt, r.LocationKind, r.RoomAddress);
            return new OutgoingMail(r.Email, subject, body);
        }, ct);

    private async Task<int> RunAsync<T>(
        ICommand<IReadOnlyList<T>> claim, string table, Func<T, Guid> id, Func<T, int> attempts, Func<T, OutgoingMail> compose, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            var claimed = await SendAsync(claim, ct);
            total += claimed.Count;
            foreach (var item in claimed)
            {
                string? error = null;
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    timeout.CancelAfter(options.Value.SendTimeout);
                    await mail.SendAsync(compose(item), timeout.Token);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    error = Describe(e);
                    logger.LogWarning(e, "Coaching {Table} {Id} could not be sent (attempt {Attempts})", table, id(item), attempts(item));
                }

                if (!await SendAsync(new RecordSendAttemptCommand(table, id(item), attempts(item), error), ct))
                    logger.LogWarning("Coaching {Table} {Id} changed while it was being sent (cancelled or lease ended); its outcome was not recorded", table, id(item));
            }

            if (claimed.Count < options.Value.SendBatchSize) return total;
        }
    }

    /// <summary>What staff read as last_error: the SMTP status code when there is one, and the inner cause.</summary>
    private static string Describe(Exception e)
    {
        var text = e is SmtpException smtp ? $"SMTP {(int)smtp.StatusCode}: {e.Message}" : e.Message;
        return e.InnerException is { } inner && !text.Contains(inner.Message, StringComparison.Ordinal) ? $"{text} ({inner.Message})" : text;
    }

    private async Task<T> SendAsync<T>(IRequest<T> request, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, ct);
    }
}
