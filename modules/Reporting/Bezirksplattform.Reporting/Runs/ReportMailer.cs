using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Mail;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bezirksplattform.Reporting.Runs;

/// <summary>
/// Sends the queued run mails: claim (committed lease, SKIP LOCKED), send, record. A failed mail is
/// tried again on later runner ticks, up to <see cref="MaxAttempts"/> times. A mail sent but not
/// recorded (crash in between) is sent again: at least once.
/// </summary>
internal sealed class ReportMailer(IServiceScopeFactory scopes, IMailSender mail, ILogger<ReportMailer> logger)
{
    public const int MaxAttempts = 5;

    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var due = await SendAsync(new ClaimRunMailsCommand(), ct);
        foreach (var item in due)
        {
            string? error = null;
            try
            {
                await mail.SendAsync(new OutgoingMail(item.Email, item.Subject, item.Body), ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                error = $"Versand an {item.Email} fehlgeschlagen: {e.Message}";
                logger.LogWarning(e, "Report mail {MailId} for run {RunId} could not be sent", item.Id, item.RunId);
            }

            await SendAsync(new RecordRunMailCommand(item.Id, item.Attempts, error), ct);
        }

        return due.Count;
    }

    private async Task<T> SendAsync<T>(IRequest<T> request, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, ct);
    }
}

internal sealed record ClaimRunMailsCommand : ICommand<IReadOnlyList<DueRunMail>>;

internal sealed record DueRunMail(Guid Id, Guid RunId, string Email, string Subject, string Body, int Attempts);

internal sealed class ClaimRunMailsHandler(IDbSession db, TimeProvider clock) : IRequestHandler<ClaimRunMailsCommand, IReadOnlyList<DueRunMail>>
{
    public async Task<IReadOnlyList<DueRunMail>> Handle(ClaimRunMailsCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await db.QueryAsync<DueRunMail>(
            """
            with due as (
                select id from reporting.report_notifications
                where status in ('pending', 'failed') and attempts < @max and (locked_until is null or locked_until < @now)
                order by created_at, id
                limit 50
                for update skip locked
            )
            update reporting.report_notifications n set locked_until = @lockedUntil, attempts = n.attempts + 1
            from due where n.id = due.id
            returning n.id, n.run_id, n.email, n.subject, n.body, n.attempts
            """, new { now, lockedUntil = now + TimeSpan.FromMinutes(5), max = ReportMailer.MaxAttempts }, ct);
    }
}

internal sealed record RecordRunMailCommand(Guid Id, int Attempts, string? Error) : ICommand<bool>;

internal sealed class RecordRunMailHandler(IDbSession db, TimeProvider clock) : IRequestHandler<RecordRunMailCommand, bool>
{
    public async Task<bool> Handle(RecordRunMailCommand request, CancellationToken ct) =>
        await db.ExecuteAsync(
            """
            update reporting.report_notifications
            set status = case when @Error::text is null then 'sent' else 'failed' end, last_error = @Error,
                sent_at = case when @Error::text is null then @now end, locked_until = null
            where id = @Id and attempts = @Attempts and status in ('pending', 'failed')
            """, new { request.Id, request.Attempts, request.Error, now = clock.GetUtcNow() }, ct) == 1;
}
