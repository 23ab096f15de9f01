namespace Bezirksplattform.Coaching.Notifications;

/// <summary>
/// Settings under <c>Coaching</c>: <c>Coaching:Reminders</c> (how long before a session reminders go
/// out, default 24 h and 2 h) and the sending of queued mails and reminders.
/// </summary>
internal sealed class NotificationOptions
{
    public static readonly TimeSpan[] DefaultReminders = [TimeSpan.FromHours(24), TimeSpan.FromHours(2)];

    /// <summary>Null means the defaults; a configured list replaces them (binding would otherwise append).</summary>
    public TimeSpan[]? Reminders { get; set; }

    /// <summary>Attempts before a mail or reminder is left as failed for staff to retry.</summary>
    public int MaxSendAttempts { get; set; } = 8;

    /// <summary>Backoff after the n-th failure: FirstRetryDelay · 2^(n−1), at most MaxRetryDelay.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    public int SendBatchSize { get; set; } = 50;

    /// <summary>A claimed row is not claimed again before this; must exceed SendTimeout.</summary>
    public TimeSpan SendLease { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public IReadOnlyList<TimeSpan> EffectiveReminders => Reminders is { Length: > 0 } r ? r : DefaultReminders;

    public TimeSpan RetryDelay(int attempts) =>
        TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, FirstRetryDelay.Ticks * (1L << Math.Clamp(attempts - 1, 0, 30))));

    /// <summary>The reminder's kind: "24h", "2h", "90m".</summary>
    public static string KindOf(TimeSpan before) =>
        before.Ticks % TimeSpan.TicksPerHour == 0 ? $"{(long)before.TotalHours}h" : $"{(long)before.TotalMinutes}m";
}
