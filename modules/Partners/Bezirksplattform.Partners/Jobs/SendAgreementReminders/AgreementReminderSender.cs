using System.Globalization;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Mail;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Identity.Contracts;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bezirksplattform.Partners.Jobs.SendAgreementReminders;

/// <summary>
/// Mails the coordinators about agreements ending in 90 and 30 days: claim (committed lease), mail
/// each active coordinator with an address, record the outcome. Each run handles everything due, so a
/// missed day is caught up. A mail sent but not recorded (crash in between) is sent again: at least once.
/// </summary>
internal sealed class AgreementReminderSender(IServiceScopeFactory scopes, IMailSender mail, TimeProvider clock, ILogger<AgreementReminderSender> logger)
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    /// <summary>Sends what is due; returns the number of reminders claimed.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var due = await SendAsync(new ClaimAgreementRemindersCommand(), ct);
        if (due.Count == 0) return 0;

        var coordinators = await SendAsync(new ListStaffUsersInRoleQuery(Roles.Coordinator), ct);
        var recipients = coordinators.Where(u => u.IsActive && !string.IsNullOrWhiteSpace(u.Email)).ToList();
        foreach (var user in coordinators.Where(u => string.IsNullOrWhiteSpace(u.Email)))
            logger.LogWarning("Coordinator {UserName} has no e-mail address and gets no agreement reminders", user.UserName);

        var today = clock.Today();
        foreach (var reminder in due)
        {
            var sentTo = reminder.SentTo.ToList();
            string? error = recipients.Count == 0 ? "Keine aktive Koordinatorin und kein aktiver Koordinator mit E-Mail-Adresse." : null;
            foreach (var user in recipients.Where(u => !sentTo.Contains(u.Id)))
            {
                try
                {
                    await mail.SendAsync(Compose(reminder, user, today), ct);
                    sentTo.Add(user.Id);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    error = $"Versand an {user.UserName} fehlgeschlagen: {e.Message}";
                    logger.LogWarning(e, "Agreement reminder {ReminderId} could not be mailed to {UserName}", reminder.Id, user.UserName);
                }
            }

            if (!await SendAsync(new RecordAgreementReminderCommand(reminder.Id, reminder.Attempts, [.. sentTo], error), ct))
                logger.LogWarning("Agreement reminder {ReminderId} was taken over by another run before its outcome was recorded", reminder.Id);
        }

        return due.Count;
    }

    internal static OutgoingMail Compose(DueAgreementReminder reminder, StaffUserInfo user, DateOnly today)
    {
        var days = reminder.ValidUntil.DayNumber - today.DayNumber;
        var end = reminder.ValidUntil.ToString("dd.MM.yyyy", German);
        var remaining = days switch { 0 => "heute", 1 => "morgen", _ => $"in {days} Tagen" };
        var subject = $"Kooperationsvereinbarung läuft {remaining} aus ({end}): {reminder.Title}";
        var body =
            $"""
            Guten Tag {user.DisplayName},

            die Kooperationsvereinbarung „{reminder.Title}“ gilt bis zum {end} und läuft damit {remaining} aus.

            Bitte klären Sie rechtzeitig mit den Partnern, ob sie verlängert, neu verhandelt oder beendet wird,
            und tragen Sie eine neue Laufzeit oder die Beendigung in der Bezirksplattform ein.

            Zur Vereinbarung: /api/partners/agreements/{reminder.AgreementId}

            Diese Nachricht hat die Bezirksplattform automatisch versandt ({(reminder.Kind == "90_days" ? "90" : "30")}-Tage-Erinnerung).
            """;
        return new OutgoingMail(user.Email!, subject, body) { ToName = user.DisplayName };
    }

    private async Task<T> SendAsync<T>(IRequest<T> request, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, ct);
    }
}
