using Quartz;

namespace Bezirksplattform.Coaching.Jobs.SendNotifications;

/// <summary>coaching.send-mails: the queued confirmation, change, cancellation and offer mails, on one node at a time.</summary>
[DisallowConcurrentExecution]
internal sealed class SendMailsJob(NotificationSender sender) : IJob
{
    public const string Key = "coaching.send-mails";

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(20);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sender.SendDueMailsAsync(cancellationToken);
}

/// <summary>coaching.send-reminders: reminders before sessions, every minute, on one node at a time.</summary>
[DisallowConcurrentExecution]
internal sealed class SendRemindersJob(NotificationSender sender) : IJob
{
    public const string Key = "coaching.send-reminders";

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sender.SendDueRemindersAsync(cancellationToken);
}
