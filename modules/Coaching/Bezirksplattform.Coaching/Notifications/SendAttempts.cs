using Bezirksplattform.BuildingBlocks.Data;

namespace Bezirksplattform.Coaching.Notifications;

/// <summary>
/// The outcome of one claimed send, the same for coaching.outgoing_mails and coaching.reminders: sent;
/// or, after a failure, pending again after the backoff, and failed (left for staff) once
/// <see cref="NotificationOptions.MaxSendAttempts"/> attempts are used up. Ignored when the row is no
/// longer the claim it was (cancelled meanwhile, or its lease ran out and another run took it).
/// </summary>
internal static class SendAttempts
{
    public const string Mails = "outgoing_mails";
    public const string Reminders = "reminders";

    public static async Task<bool> RecordAsync(
        IDbSession db, string table, Guid id, int attempts, string? error, NotificationOptions options, DateTimeOffset now, CancellationToken ct)
    {
        if (table is not (Mails or Reminders)) throw new ArgumentOutOfRangeException(nameof(table));
        var failed = error is not null && attempts >= options.MaxSendAttempts;
        return await db.ExecuteAsync(
            $"""
            update coaching.{table}
            set status = case when @error::text is null then 'sent' when @failed then 'failed' else 'pending' end,
                sent_at = case when @error::text is null then @now end,
                last_error = @error,
                next_attempt_at = case when @error::text is null or @failed then @now else @retryAt end
            where id = @id and attempts = @attempts and status = 'pending'
            """,
            new { id, attempts, error = error?[..Math.Min(error.Length, 2000)], failed, now, retryAt = now + options.RetryDelay(attempts) }, ct) == 1;
    }
}
