using Quartz;

namespace Bezirksplattform.Content.Jobs.DeliverWebhooks;

/// <summary>
/// content.deliver-webhooks: every few seconds, on one node of the cluster at a time. The work is
/// in <see cref="WebhookSender"/>, which tests call directly.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class DeliverWebhooksJob(WebhookSender sender) : IJob
{
    public const string Key = "content.deliver-webhooks";

    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sender.DeliverDueAsync(cancellationToken);
}
