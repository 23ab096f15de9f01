using System.Security.Cryptography;
using System.Text;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Seeding;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Partners.Data;

/// <summary>
/// The partner network of the source texts, retold: the Treptow-Köpenick district office with its
/// units, the alliance's steering-group partners, the signatories of the neighbourhood-work
/// agreement, Pankow's district office and the Leipziger Osten actors, plus the office holders the
/// texts name. No contact data: the texts give none. Idempotent: stable ids, on conflict do nothing.
/// </summary>
internal sealed class DemoNetwork(IServiceScopeFactory scopes) : IDemoDataSeeder
{
    public int Order => 20;

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SeedDemoNetworkCommand(), ct);
    }
}

internal sealed record SeedDemoNetworkCommand : ICommand<int>;

internal sealed class SeedDemoNetworkHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SeedDemoNetworkCommand, int>
{
    private const string Tk = "09", Pankow = "03", Leipzig = "lpz-ost";

    private sealed record DemoOrganisation(Guid Id, string Name, string? ShortName, string Kind, string? DistrictCode, string? City,
        Guid? ParentId = null, bool AllRegions = false, bool AcceptsReferrals = false, bool IsActive = true, string? Notes = null);

    // Parents come before their children.
    private static readonly DemoOrganisation[] Organisations =
    [
        new(DemoIds.BaTreptowKoepenick, "Bezirksamt Treptow-Köpenick von Berlin", "BA Treptow-Köpenick", "public_agency", Tk, "Berlin", AllRegions: true,
            Notes: "Führt den Vorsitz im Kooperationsgremium der Nachbarschafts-, Stadtteil- und Selbsthilfearbeit, vertreten durch die OE SPK."),
        new(DemoIds.Spk, "Sozialraumorientierte Planungskoordination", "SPK", "district_office_unit", Tk, "Berlin", DemoIds.BaTreptowKoepenick, AllRegions: true,
            Notes: "Organisationseinheit des Bezirksamts unter Leitung der Bezirkskoordination: koordiniert die ämterübergreifende Entwicklung der "
                + "Bezirksregionen und die Bezirksregionenprofile und leitet die AG Sozialraumorientierung (AG SRO)."),
        new(DemoIds.EuBeauftragte, "Beauftragte für EU und Städtepartnerschaften", null, "district_office_unit", Tk, "Berlin", DemoIds.BaTreptowKoepenick,
            Notes: "Gehört der Steuerungsgruppe des Bezirklichen Bündnisses für Wirtschaft und Arbeit an."),
        new(DemoIds.Kke, "Koordination Kommunale Entwicklungspolitik", "KKE", "district_office_unit", Tk, "Berlin", DemoIds.BaTreptowKoepenick,
            Notes: "In der Steuerungsgruppe des Bündnisses als „BzBm KKE“ geführt."),
        new(DemoIds.Buendnis, "Bezirkliches Bündnis für Wirtschaft und Arbeit Treptow-Köpenick – Geschäftsstelle", null, "district_office_unit", Tk, "Berlin",
            DemoIds.BaTreptowKoepenick, AllRegions: true,
            Notes: "Lokale Verantwortungsgemeinschaft aus Politik, Verwaltung, Wirtschaft, Vereinen und Bürgerschaft; hat seit 2002 mit WDM, LOS, LSK "
                + "und PEB weit über 200 Projekte angestoßen."),
        new(DemoIds.AgenturSued, "Agentur für Arbeit Berlin Süd – Geschäftsstelle Treptow-Köpenick", null, "public_agency", Tk, "Berlin",
            AllRegions: true, AcceptsReferrals: true),
        new(DemoIds.JobcenterTk, "Jobcenter Treptow-Köpenick", null, "public_agency", Tk, "Berlin", AllRegions: true, AcceptsReferrals: true),
        new(DemoIds.Wirtschaftskreis, "Wirtschaftskreis Treptow-Köpenick", null, "association", Tk, "Berlin",
            Notes: "Mit dem Vorstandsvorsitz in der Steuerungsgruppe des Bündnisses vertreten."),
        new(DemoIds.InnovationsparkWuhlheide, "Innovationspark Wuhlheide", null, "other", Tk, "Berlin"),
        new(DemoIds.Wista, "WISTA Management GmbH", "WISTA", "company", Tk, "Berlin"),
        new(DemoIds.HtwSchoeneweide, "Hochschule für Technik und Wirtschaft – Campus Schöneweide", "HTW", "university", Tk, "Berlin"),
        new(DemoIds.DgbTk, "DGB-Kreisverband Treptow-Köpenick", "DGB", "other", Tk, "Berlin",
            Notes: "Ernennt ein DGB-Mitglied für die Steuerungsgruppe des Bündnisses."),
        new(DemoIds.SenatSoziales, "Senatsverwaltung Berlin – Staatssekretariat für Soziales", null, "public_agency", null, "Berlin"),
        new(DemoIds.Rabenhaus, "Rabenhaus e.V.", null, "association", Tk, "Berlin", AcceptsReferrals: true,
            Notes: "Träger der Nachbarschafts-, Stadtteil- und Selbsthilfearbeit; unterzeichnete die Kooperationsvereinbarung in Treptow-Köpenick."),
        new(DemoIds.Offensiv91, "Offensiv'91 e.V.", null, "association", Tk, "Berlin", AcceptsReferrals: true,
            Notes: "Träger der Nachbarschafts-, Stadtteil- und Selbsthilfearbeit; unterzeichnete die Kooperationsvereinbarung in Treptow-Köpenick."),
        new(DemoIds.Tjfbg, "Technische Jugendfreizeit- und Bildungsgesellschaft gGmbH", "tjfbg", "ggmbh", Tk, "Berlin", AcceptsReferrals: true),
        new(DemoIds.KungerKiez, "KungerKiezInitiative e.V.", null, "association", Tk, "Berlin", AcceptsReferrals: true),
        new(DemoIds.Ajb, "ajb gmbh", null, "company", Tk, "Berlin"),
        new(DemoIds.Paritaetischer, "Paritätischer Wohlfahrtsverband, Landesverband Berlin e.V.", null, "welfare_federation", null, "Berlin",
            AcceptsReferrals: true),
        new(DemoIds.Vska, "Verband für sozial-kulturelle Arbeit e.V.", "VskA", "association", null, "Berlin"),
        new(DemoIds.BaPankow, "Bezirksamt Pankow von Berlin", "BA Pankow", "public_agency", Pankow, "Berlin", AllRegions: true,
            Notes: "Setzte 2018 eine neue Kooperationsvereinbarung zur Nachbarschafts-, Stadtteil- und Selbsthilfearbeit in Kraft, gültig bis 2021."),
        new(DemoIds.StadtLeipzigSozialeStadt, "Programmsteuerung Soziale Stadt / Stadtteilmanagement Leipziger Osten", null, "public_agency", Leipzig,
            "Leipzig", AllRegions: true),
        new(DemoIds.BeschaeftigungsentwicklungLeipzig, "Lokale Beschäftigungsentwicklung Leipziger Osten", null, "other", Leipzig, "Leipzig",
            AllRegions: true, IsActive: false,
            Notes: "Projekt von Mai 2003 bis März 2009 im Bund-Länder-Programm Soziale Stadt; seitdem im Projekt OstWerkStadt (Werkstadt Arbeit) fortgeführt."),
        new(DemoIds.AgenturLeipzig, "Agentur für Arbeit Leipzig", null, "public_agency", Leipzig, "Leipzig", AcceptsReferrals: true,
            Notes: "Enger Kooperationspartner der Lokalen Beschäftigungsentwicklung."),
    ];

    private static readonly (Guid Id, string? GivenName, string FamilyName, string? Notes)[] People =
    [
        (DemoIds.OliverIgel, "Oliver", "Igel", null),
        (DemoIds.CarolinWeingart, "Carolin", "Weingart", null),
        (DemoIds.AzizBozkurt, "Aziz", "Bozkurt", null),
        (DemoIds.FrauTietje, null, "Tietje", "Vorname in der Quelle (Meldung vom 22.01.2018) nicht genannt."),
    ];

    private static readonly (Guid Person, Guid Organisation, string Role)[] Affiliations =
    [
        (DemoIds.OliverIgel, DemoIds.BaTreptowKoepenick, "Bezirksbürgermeister"),
        (DemoIds.CarolinWeingart, DemoIds.BaTreptowKoepenick, "Bezirksstadträtin für Soziales, Gesundheit, Arbeit und Teilhabe"),
        (DemoIds.AzizBozkurt, DemoIds.SenatSoziales, "Staatssekretär für Soziales"),
        (DemoIds.FrauTietje, DemoIds.BaPankow, "Bezirksstadträtin"),
    ];

    public async Task<int> Handle(SeedDemoNetworkCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var created = 0;
        foreach (var o in Organisations)
        {
            var inserted = await db.ExecuteAsync(
                """
                insert into partners.organisations (id, name, short_name, kind, parent_id, district_code, city, accepts_referrals, notes, is_active,
                    version, created_at, updated_at)
                values (@Id, @Name, @ShortName, @Kind, @ParentId, @DistrictCode, @City, @AcceptsReferrals, @Notes, @IsActive, 1, @now, @now)
                on conflict (id) do nothing
                """, new { o.Id, o.Name, o.ShortName, o.Kind, o.ParentId, o.DistrictCode, o.City, o.AcceptsReferrals, o.Notes, o.IsActive, now }, ct);
            created += inserted;
            if (inserted == 1 && o.AllRegions)
                await db.ExecuteAsync(
                    """
                    insert into partners.organisation_regions (organisation_id, region_code)
                    select @Id, code from partners.regions where district_code = @DistrictCode on conflict do nothing
                    """, o, ct);
        }

        foreach (var (id, givenName, familyName, notes) in People)
            created += await db.ExecuteAsync(
                """
                insert into partners.people (id, given_name, family_name, notes, version, created_at, updated_at)
                values (@id, @givenName, @familyName, @notes, 1, @now, @now) on conflict (id) do nothing
                """, new { id, givenName, familyName, notes, now }, ct);

        foreach (var (person, organisation, role) in Affiliations)
            created += await db.ExecuteAsync(
                """
                insert into partners.affiliations (id, person_id, organisation_id, role, version, created_at, updated_at)
                values (@id, @person, @organisation, @role, 1, @now, @now) on conflict (id) do nothing
                """, new { id = DemoId($"affiliation:{person}:{organisation}"), person, organisation, role, now }, ct);

        return created;
    }

    private static Guid DemoId(string name) => new(MD5.HashData(Encoding.UTF8.GetBytes("bezirksplattform-partners-demo:" + name)));
}
