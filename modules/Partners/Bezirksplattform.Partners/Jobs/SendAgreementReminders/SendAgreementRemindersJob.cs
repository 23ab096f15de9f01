using Quartz;

namespace Bezirksplattform.Partners.Jobs.SendAgreementReminders;

/// <summary>
/// partners.agreement-reminders: daily at 07:00 Berlin time, on one node of the cluster. The work is in
/// <see cref="AgreementReminderSender"/>, which tests call directly.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class SendAgreementRemindersJob(AgreementReminderSender sender) : IJob
{
    public const string Key = "partners.agreement-reminders";

    public const string Cron = "0 0 7 * * ?";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sender.SendDueAsync(cancellationToken);
}
