using Quartz;

namespace Bezirksplattform.Counselling.Jobs.SendFollowUpDigest;

/// <summary>
/// counselling.follow-up-digest: daily at 06:30 Berlin time, before the counsellors start, on one node
/// of the cluster (a firing missed while every host was down runs once on start-up). The work is in
/// <see cref="FollowUpDigestSender"/>.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class SendFollowUpDigestJob(FollowUpDigestSender sender) : IJob
{
    public const string Key = "counselling.follow-up-digest";

    public const string Cron = "0 30 6 * * ?";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sender.SendDueAsync(cancellationToken);
}
