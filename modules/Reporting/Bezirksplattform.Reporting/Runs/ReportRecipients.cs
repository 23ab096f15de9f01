using Bezirksplattform.Identity.Contracts;
using Bezirksplattform.Reporting.Definitions;
using Bezirksplattform.Reporting.Documents;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bezirksplattform.Reporting.Runs;

/// <summary>
/// Who hears of a finished run, and what they read: the requesting staff member (address from Identity)
/// and, for scheduled runs, <c>Reporting:Recipients:&lt;key&gt;</c> if that list exists, else
/// <c>Reporting:Recipients</c>. Texts are composed now, so the mail queue needs nothing else later.
/// </summary>
internal sealed class ReportRecipients(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<ReportRecipients> logger)
{
    public async Task<IReadOnlyList<RunMail>> MailsAsync(ClaimedRun run, IReportDefinition? definition, ReportPeriod? period, string? failureReason, CancellationToken ct)
    {
        var title = definition?.Title ?? run.Definition;
        var label = period?.Label ?? run.PeriodKey;
        var addresses = new List<(string Email, string? Name)>();
        if (run.RequestedBy is { } userId)
        {
            await using var scope = scopes.CreateAsyncScope();
            var user = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new GetStaffUserQuery(userId), ct);
            if (user is { IsActive: true, Email: { Length: > 0 } email }) addresses.Add((email, user.DisplayName));
            else logger.LogWarning("Report run {RunId}: the requesting user {UserId} has no e-mail address or is inactive", run.Id, userId);
        }
        else
        {
            addresses.AddRange(Configured(run.Definition).Select(e => (e, (string?)null)));
        }

        return [.. addresses.Select(a => Compose(run.Id, title, label, a.Name, a.Email, failureReason))];
    }

    /// <summary>The configured addresses for scheduled runs of a definition.</summary>
    public IReadOnlyList<string> Configured(string definition)
    {
        var section = configuration.GetSection("Reporting:Recipients");
        var own = section.GetSection(definition).GetChildren().Select(c => c.Value).OfType<string>().ToList();
        if (own.Count == 0 && section.GetSection(definition).Value is { Length: > 0 } single) own.Add(single);
        if (own.Count > 0) return Clean(own);
        // The general list is the array part of the section (keys 0, 1, …); named children belong to definitions.
        return Clean(section.GetChildren().Where(c => int.TryParse(c.Key, out _)).Select(c => c.Value).OfType<string>());
    }

    private static List<string> Clean(IEnumerable<string> emails) =>
        [.. emails.Select(e => e.Trim()).Where(e => e.Contains('@')).Distinct(StringComparer.OrdinalIgnoreCase)];

    internal static RunMail Compose(Guid runId, string title, string periodLabel, string? name, string email, string? failureReason)
    {
        var link = $"/api/reports/runs/{runId}";
        var greeting = name is { Length: > 0 } ? $"Guten Tag {name}," : "Guten Tag,";
        if (failureReason is null)
            return new RunMail(email, $"Bericht fertig: {title} – {periodLabel}",
                $"""
                {greeting}

                der Bericht „{title}“ für {periodLabel} ist fertig. Sein Stand ist eingefroren: spätere Änderungen der Daten ändern ihn nicht.

                Zum Bericht: {link}
                Herunterladen: {link}/snapshot.html (Druckansicht), {link}/snapshot.csv, {link}/snapshot.json

                Diese Nachricht hat die Bezirksplattform automatisch versandt.
                """);
        return new RunMail(email, $"Bericht fehlgeschlagen: {title} – {periodLabel}",
            $"""
            {greeting}

            der Bericht „{title}“ für {periodLabel} konnte nicht erstellt werden.

            Grund: {failureReason}

            Zum Bericht: {link}
            Ein neuer Lauf lässt sich in der Bezirksplattform anstoßen.

            Diese Nachricht hat die Bezirksplattform automatisch versandt.
            """);
    }
}
