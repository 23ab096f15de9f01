using System.Globalization;
using System.Text;
using Bezirksplattform.BuildingBlocks.Mail;
using Bezirksplattform.Counselling.FollowUps;
using Bezirksplattform.Identity.Contracts;

namespace Bezirksplattform.Counselling.Jobs.SendFollowUpDigest;

/// <summary>
/// The digest mail, in German. It leaves the system, so it names clients by their pseudonymous number
/// only: no names, no notes, no task texts (free text may contain names).
/// </summary>
internal static class DigestMail
{
    private static readonly CultureInfo German = CultureInfo.GetCultureInfo("de-DE");

    private static readonly (string Kind, string Heading)[] Sections =
    [
        (DueItems.ConsultationFollowUp, "Wiedervorlagen aus Beratungen"),
        (DueItems.CaseTask, "Fällige Aufgaben in Fällen"),
        (DueItems.EsfEntryData, "ESF Plus: Eintrittsdaten fehlen (Frist 4 Wochen nach Eintritt)"),
        (DueItems.EsfExitData, "ESF Plus: Austrittsdaten fehlen (Frist 4 Wochen nach Austritt)"),
        (DueItems.EsfSixMonthResult, "ESF Plus: Ergebnis sechs Monate nach Austritt erfragen"),
    ];

    private static readonly Dictionary<string, string> ServiceLines = new()
    {
        ["job_seekers"] = "Arbeitsuchende", ["young_people"] = "Jugendliche", ["companies"] = "Unternehmen",
        ["associations"] = "Vereine und Initiativen", ["volunteering"] = "Ehrenamt", ["start_up"] = "Existenzgründung",
    };

    public static OutgoingMail Compose(StaffUserInfo user, IReadOnlyList<ClaimedDigestItem> items, DateOnly today)
    {
        var count = items.Count == 1 ? "1 Eintrag" : $"{items.Count} Einträge";
        var subject = $"Wiedervorlagen und Fristen am {Date(today)}: {count}";
        var body = new StringBuilder()
            .Append("Guten Tag ").Append(user.DisplayName).AppendLine(",").AppendLine()
            .AppendLine("für Ihre Klientinnen und Klienten ist heute Folgendes fällig oder steht bald an.")
            .AppendLine("Aus Datenschutzgründen nennt diese Nachricht nur Klientennummern; Einzelheiten finden Sie in der Bezirksplattform.");
        foreach (var (kind, heading) in Sections)
        {
            var section = items.Where(i => i.ItemKind == kind).OrderBy(i => i.DueOn).ThenBy(i => i.ClientNumber, StringComparer.Ordinal).ToList();
            if (section.Count == 0) continue;
            body.AppendLine().AppendLine(heading);
            foreach (var item in section)
                body.Append("- ").Append(item.ClientNumber).Append(": ").AppendLine(Line(item, today))
                    .Append("  /api/counselling/clients/").AppendLine(item.ClientId.ToString());
        }

        body.AppendLine().AppendLine("Jeder Punkt wird nur einmal gemeldet. Diese Nachricht hat die Bezirksplattform automatisch versandt.");
        return new OutgoingMail(user.Email!, subject, body.ToString()) { ToName = user.DisplayName };
    }

    private static string Line(ClaimedDigestItem item, DateOnly today) => item.ItemKind switch
    {
        DueItems.CaseTask => $"Aufgabe im Fall {ServiceLines.GetValueOrDefault(item.Detail ?? "", item.Detail ?? "")}, {Due(item.DueOn, today)}",
        DueItems.EsfEntryData or DueItems.EsfExitData => $"Projekt {item.Detail}, {Deadline(item.DueOn, today)}",
        DueItems.EsfSixMonthResult => $"Projekt {item.Detail}, {Due(item.DueOn, today)}",
        _ => Due(item.DueOn, today),
    };

    private static string Due(DateOnly due, DateOnly today) => due == today ? "fällig heute" : $"fällig seit {Date(due)}";

    private static string Deadline(DateOnly due, DateOnly today)
    {
        var days = due.DayNumber - today.DayNumber;
        return days switch
        {
            < 0 => $"Frist am {Date(due)} überschritten",
            0 => $"Frist endet heute ({Date(due)})",
            1 => $"Frist endet morgen ({Date(due)})",
            _ => $"Frist endet am {Date(due)} (in {days} Tagen)",
        };
    }

    private static string Date(DateOnly date) => date.ToString("dd.MM.yyyy", German);
}
