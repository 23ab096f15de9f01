using Bezirksplattform.Counselling.Contracts;
using Bezirksplattform.Partners.Contracts;
using Bezirksplattform.Reporting.Documents;
using MediatR;

namespace Bezirksplattform.Reporting.Definitions;

/// <summary>German labels for the keys the Contracts queries return (the queries answer with codes only).</summary>
internal static class Labels
{
    public const string UnknownRegion = "unknown";

    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["consultations"] = "Beratungen", ["clients"] = "Beratene Personen", ["new_clients"] = "Neuaufnahmen",
        ["short_contacts"] = "Kurzkontakte",
        ["total"] = "Gesamt", ["target_group"] = "Zielgruppe", ["topic"] = "Thema", ["district"] = "Bezirksregion", ["gender"] = "Geschlecht",
        ["unemployed"] = "Arbeitslose", ["long_term_unemployed"] = "Langzeitarbeitslose", ["young_person"] = "Junge Menschen",
        ["employed"] = "Beschäftigte", ["inactive"] = "Nichterwerbspersonen", ["volunteer"] = "Ehrenamtliche",
        ["company"] = "Unternehmen", ["association"] = "Vereine",
        ["career_planning"] = "Berufswegeplanung", ["education_counselling"] = "Bildungsberatung",
        ["application_support"] = "Bewerbungsunterstützung", ["career_orientation_internships"] = "Berufsorientierung und Praktika",
        ["recruitment_advice"] = "Personalgewinnung", ["funding_research"] = "Fördermittelrecherche",
        ["start_up_advice"] = "Gründungsberatung", ["volunteer_placement"] = "Ehrenamtsvermittlung",
        ["female"] = "weiblich", ["male"] = "männlich", ["non_binary"] = "divers", ["not_stated"] = "keine Angabe",
        [UnknownRegion] = "unbekannt",
    };

    public static string Of(string key) => Words.GetValueOrDefault(key, key);

    /// <summary>Region code → "Alt-Treptow (0901)"; "unknown" → "ohne Bezirksregion".</summary>
    public static async Task<Func<string, string>> RegionsAsync(IMediator mediator, CancellationToken ct) =>
        Regions(await mediator.Send(new ListDistrictRegionsQuery(), ct));

    public static Func<string, string> Regions(IReadOnlyList<DistrictRegionInfo> regions)
    {
        var names = regions.ToDictionary(r => r.Code, r => r.Name, StringComparer.Ordinal);
        return code => code == UnknownRegion ? "ohne Bezirksregion" : names.TryGetValue(code, out var name) ? $"{name} ({code})" : code;
    }

    /// <summary>A counselling cell as a report value (suppression already applied at the source).</summary>
    public static ReportValue Value(ReportedCount? count) =>
        count is null ? ReportValue.Of(0) : count.Suppressed ? ReportValue.Withheld : ReportValue.Of(count.Value ?? 0);
}
