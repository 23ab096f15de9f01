using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.Content.Contracts;
using Bezirksplattform.Partners.Programmes;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Partners.Data;

/// <summary>
/// Demo programmes after the source texts, retold: the Treptow-Köpenick alliance's fields of
/// action and its action plan with one revision per funding period, the funding programmes and
/// periods, a few alliance projects, and the Leipziger Osten project "Lokale
/// Beschäftigungsentwicklung", listed publicly. The sources give no budgets (only "over 200
/// projects, over five million euros since 2002"): every amount here is a round demo figure, and
/// each funding line says so in its reference. Idempotent (stable ids, on conflict do nothing).
/// Organisations come from the network seeder (order 20); a row pointing at one that is missing
/// is left out, so this seeder also runs on a database without them.
/// </summary>
internal sealed class DemoProgrammes(IServiceScopeFactory scopes) : IDemoDataSeeder
{
    public int Order => 50;

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SeedDemoProgrammesCommand(), ct);
    }
}

internal sealed record SeedDemoProgrammesCommand : ICommand<int>;

internal sealed class SeedDemoProgrammesHandler(IDbSession db, IMediator mediator, IIntegrationEventOutbox outbox, TimeProvider clock)
    : IRequestHandler<SeedDemoProgrammesCommand, int>
{
    private const string DemoReference = "Demo – Beträge frei gewählt, nicht aus den Quellen";

    private static readonly (string Code, string Name, string Level, string Description, string[] Periods)[] Programmes =
    [
        ("WDM", "Wirtschaftsdienliche Maßnahmen", "state",
            "Erstes Programm, mit dem das Bündnis in Treptow-Köpenick ab 2002 Vorhaben für Beschäftigung anstieß.", ["2002-2006"]),
        ("LOS", "Lokales Kapital für soziale Zwecke", "federal",
            "Bundesprogramm für Kleinstprojekte, die lokale Beschäftigung und sozialen Zusammenhalt fördern.", ["2002-2006", "2007-2013"]),
        ("LSK", "Lokales Soziales Kapital", "state",
            "Berliner Nachfolgeprogramm für Kleinstprojekte im Kiez.", ["2007-2013", "2014-2020"]),
        ("PEB", "Partnerschaft – Entwicklung – Beschäftigung", "state",
            "Seit der Förderperiode 2007–2013 genutzt, um bezirkliche Partnerschaften für Beschäftigung zu finanzieren.", ["2007-2013", "2014-2020"]),
        ("SOZIALE-STADT", "Soziale Stadt", "federal_state",
            "Bund-Länder-Programm der Städtebauförderung für benachteiligte Stadtteile.", ["2002-2006", "2007-2013", "2014-2020"]),
        ("ESF-PLUS", "Europäischer Sozialfonds Plus", "eu",
            "EU-Fonds für Beschäftigung und soziale Teilhabe in der Förderperiode 2021–2027.", ["2021-2027"]),
    ];

    private static readonly (string Code, string Name, DateOnly StartsOn, DateOnly EndsOn)[] Periods =
    [
        ("2002-2006", "Programmjahre 2002–2006", new(2002, 1, 1), new(2006, 12, 31)),
        ("2007-2013", "Förderperiode 2007–2013", new(2007, 1, 1), new(2013, 12, 31)),
        ("2014-2020", "Förderperiode 2014–2020", new(2014, 1, 1), new(2020, 12, 31)),
        ("2021-2027", "Förderperiode 2021–2027", new(2021, 1, 1), new(2027, 12, 31)),
    ];

    private sealed record Field(string Key, string District, Guid Organisation, string Name, string Description);

    private static readonly Field[] Fields =
    [
        new("tk-beschaeftigung", "09", DemoIds.Buendnis, "Neue Beschäftigung erschließen",
            "Zusätzliche Ausbildungs- und Arbeitsplätze im Bezirk schaffen und Menschen neue Beschäftigungschancen eröffnen."),
        new("tk-unternehmen", "09", DemoIds.Buendnis, "Ortsansässige Unternehmen einbinden",
            "Unternehmen im Bezirk einbeziehen und unterstützen – vernetzt mit Verwaltung, Wissenschaft, Arbeitsagentur und Jobcenter."),
        new("tk-eigeninitiative", "09", DemoIds.Buendnis, "Eigeninitiative stärken",
            "Eigeninitiative und Problemlösungskompetenz aller Beteiligten erhöhen."),
        new("tk-kiez", "09", DemoIds.Buendnis, "Anziehungskraft der Kieze stärken",
            "Die Kieze als Wohn- und Wirtschaftsort attraktiver machen und den sozialen Zusammenhalt festigen."),
        new("lpz-arbeitsmarkt", "lpz-ost", DemoIds.StadtLeipzigSozialeStadt, "Stadtteilbezogene Arbeitsmarktpolitik",
            "Beratung und Projektentwicklung für Arbeitsuchende, Jugendliche, Gründungswillige, Unternehmen und Vereine im Programmgebiet – Teil des Integrierten Handlungskonzepts für den Leipziger Osten."),
    ];

    private sealed record Line(string Programme, string Period, (int Year, long Planned, long Approved, long Spent)[] Budgets);

    private sealed record Project(
        string Key, string Title, string Summary, string Description, Guid Lead, Guid[] Partners, DateOnly Start, DateOnly End, string Status,
        string District, string[] Regions, string Field, string[] Tags, Line[] Funding, string[] Sites);

    private const long Euro = 100; // cents

    private static (int, long, long, long) Year(int year, long euros, long spentEuros) => (year, euros * Euro, euros * Euro, spentEuros * Euro);

    private static readonly Project[] Projects =
    [
        new("tk-kleinstprojekte-altglienicke", "Kleinstprojekte für Beschäftigung in Altglienicke",
            "Kleine, schnell umsetzbare Vorhaben von Vereinen und Initiativen, die Menschen im Ortsteil wieder an Arbeit heranführen.",
            "Aus dem Bundesprogramm LOS erhielten Vereine und Initiativen in Altglienicke kleine Zuschüsse für Vorhaben, die Arbeitslose qualifizieren, beraten oder in Nachbarschaftsarbeit einbinden.",
            DemoIds.Buendnis, [], new(2004, 1, 1), new(2006, 12, 31), "completed", "09", ["0906"], "tk-eigeninitiative",
            ["Kleinstprojekte", "Beschäftigung"],
            [new("LOS", "2002-2006", [Year(2004, 40_000, 38_500), Year(2005, 40_000, 40_000), Year(2006, 40_000, 39_000)])], []),
        new("tk-unternehmensnetzwerk-adlershof", "Unternehmensnetzwerk Adlershof–Johannisthal",
            "Ein Netzwerk ortsansässiger Unternehmen, Wissenschaft und Arbeitsverwaltung für Fachkräfte und Ausbildung am Standort.",
            "Unternehmen aus Adlershof und Johannisthal, der Wissenschaftsstandort und die Arbeitsverwaltung stimmten Ausbildungs- und Personalbedarf ab und vermittelten Praktika.",
            DemoIds.Wista, [DemoIds.InnovationsparkWuhlheide, DemoIds.Wirtschaftskreis], new(2009, 4, 1), new(2012, 12, 31), "completed", "09",
            ["0907", "0904"], "tk-unternehmen", ["Unternehmen", "Fachkräfte"],
            [new("PEB", "2007-2013", [Year(2009, 60_000, 58_000), Year(2010, 60_000, 60_000), Year(2011, 60_000, 59_000), Year(2012, 60_000, 60_000)])], []),
        new("tk-kiezfonds-koepenick", "Kiezfonds Köpenick",
            "Ein Fonds für Kleinstprojekte, mit denen Nachbarinnen und Nachbarn Beschäftigung und Zusammenhalt im Kiez stärken.",
            "Aus dem Berliner Programm LSK wurden im Ortsteil Köpenick jedes Jahr Kleinstprojekte von Vereinen und Initiativen gefördert.",
            DemoIds.Buendnis, [DemoIds.Rabenhaus], new(2008, 1, 1), new(2013, 12, 31), "completed", "09", ["0910"], "tk-kiez",
            ["Kiez", "Kleinstprojekte"],
            [new("LSK", "2007-2013", [.. Enumerable.Range(2008, 6).Select(y => Year(y, 25_000, 25_000))])], []),
        new("tk-campus-kiez", "Campus trifft Kiez: Praxisprojekte in Schöneweide",
            "Studierende und Betriebe aus Nieder- und Oberschöneweide lösen gemeinsam Aufgaben aus der Praxis – mit Praktika und Einstiegsjobs.",
            "Hochschule, Wirtschaftskreis und Jobcenter brachten Studierende, Arbeitsuchende und Betriebe im Schöneweider Industriegebiet zusammen.",
            DemoIds.HtwSchoeneweide, [DemoIds.Wirtschaftskreis, DemoIds.JobcenterTk], new(2015, 1, 1), new(2020, 12, 31), "completed", "09",
            ["0905", "0909"], "tk-beschaeftigung", ["Hochschule", "Praktika", "Beschäftigung"],
            [new("PEB", "2014-2020", [.. Enumerable.Range(2015, 6).Select(y => Year(y, 50_000, 50_000))])], []),
        new("tk-gruendung-kiez", "Gründungsberatung im Kiez",
            "Beratung für Gründerinnen und Gründer in Alt-Treptow, Plänterwald und Baumschulenweg, von der Idee bis nach dem Start.",
            "Offene Sprechstunden und Coaching für Gründungswillige, in Zusammenarbeit mit Arbeitsagentur und Jobcenter.",
            DemoIds.Buendnis, [DemoIds.AgenturSued, DemoIds.JobcenterTk], new(2023, 1, 1), new(2026, 12, 31), "running", "09",
            ["0901", "0902", "0903"], "tk-beschaeftigung", ["Existenzgründung", "Beratung"],
            [new("ESF-PLUS", "2021-2027", [Year(2023, 80_000, 80_000), Year(2024, 80_000, 79_000), Year(2025, 80_000, 52_000), (2026, 80_000 * Euro, 0, 0)])], []),
        new("lpz-beschaeftigungsentwicklung", "Lokale Beschäftigungsentwicklung",
            "Stadtteilbezogene Arbeitsmarktpolitik im Leipziger Osten: Beratung für Arbeitsuchende, Jugendliche, Gründungswillige, Unternehmen und Vereine.",
            """
            Von Mai 2003 bis März 2009 war die Lokale Beschäftigungsentwicklung Teil des Integrierten Handlungskonzepts
            für den Leipziger Osten. Sie arbeitete eng mit der Programmsteuerung Soziale Stadt, dem Stadtteilmanagement
            und dem Koordinator Wirtschaft zusammen.

            - Fördermittel recherchieren und beantragen
            - Projekte und Maßnahmen passend zum Stadtteil entwickeln
            - Neuansiedlungen und Gründungen unterstützen, mit Coaching von der Idee bis zum Businessplan
            - Unternehmen zu Personalgewinnung, -auswahl und -entwicklung beraten
            - Arbeitsuchende und Jugendliche zu Berufsweg, Bildung, Bewerbung und Praktika beraten
            - ehrenamtliche Arbeit vermitteln

            Seit 2006 standen neben den Bewohnerinnen und Bewohnern vor allem die Unternehmen der lokalen Ökonomie im
            Mittelpunkt. Die Arbeit wird seit März 2009 im Projekt OstWerkStadt (Werkstadt Arbeit) fortgesetzt.
            """,
            DemoIds.BeschaeftigungsentwicklungLeipzig, [DemoIds.StadtLeipzigSozialeStadt, DemoIds.AgenturLeipzig], new(2003, 5, 1), new(2009, 3, 31),
            "completed", "lpz-ost",
            ["lpz-volkmarsdorf", "lpz-neustadt-neuschoenefeld", "lpz-anger-crottendorf", "lpz-reudnitz-thonberg", "lpz-sellerhausen-stuenz"],
            "lpz-arbeitsmarkt", ["Beschäftigung", "Existenzgründung", "Soziale Stadt", "Leipziger Osten"],
            [
                new("SOZIALE-STADT", "2002-2006", [Year(2003, 60_000, 60_000), .. Enumerable.Range(2004, 3).Select(y => Year(y, 90_000, 90_000))]),
                new("SOZIALE-STADT", "2007-2013", [Year(2007, 90_000, 90_000), Year(2008, 90_000, 90_000), Year(2009, 25_000, 25_000)]),
            ],
            ["leipziger-osten"]),
    ];

    private sealed record PlanVersion(DateOnly ValidFrom, DateOnly AdoptedOn, string Goals, (string Title, string? Project, string Field)[] Measures);

    // One revision (Fortschreibung) per funding period; the adoption dates are demo values.
    private static readonly PlanVersion[] TkPlan =
    [
        new(new(2002, 1, 1), new(2002, 3, 14),
            """
            ## Programmjahre ab 2002

            Mit den Programmen WDM sowie LOS (Bund) und LSK (Berlin) stehen erstmals Mittel bereit. Das Bündnis nutzt sie, um
            neue Beschäftigung zu erschließen, ortsansässige Unternehmen einzubinden und die Eigeninitiative in den Kiezen zu stärken.
            """,
            [("Kleinstprojekte für Beschäftigung in Altglienicke", "tk-kleinstprojekte-altglienicke", "tk-eigeninitiative"),
             ("Ansprechstelle für Unternehmen im Bezirk aufbauen", null, "tk-unternehmen")]),
        new(new(2007, 1, 1), new(2007, 5, 10),
            """
            ## Fortschreibung für die Förderperiode 2007–2013

            Hinzu kommt das Programm PEB. Schwerpunkte: Netzwerke von Unternehmen, Wissenschaft, Agentur für Arbeit und Jobcenter
            sowie Kleinstprojekte im Kiez.
            """,
            [("Unternehmensnetzwerk Adlershof–Johannisthal", "tk-unternehmensnetzwerk-adlershof", "tk-unternehmen"),
             ("Kiezfonds Köpenick", "tk-kiezfonds-koepenick", "tk-kiez")]),
        new(new(2014, 1, 1), new(2014, 4, 3),
            """
            ## Fortschreibung für die Förderperiode 2014–2020

            Die Erfahrungen aus 2007–2013 zeigen: Vernetzung schafft Ausbildungs- und Arbeitsplätze. Neuer Schwerpunkt ist der
            Übergang von Hochschule und Schule in Betriebe des Bezirks.
            """,
            [("Campus trifft Kiez: Praxisprojekte in Schöneweide", "tk-campus-kiez", "tk-beschaeftigung")]),
        new(new(2021, 1, 1), new(2021, 6, 17),
            """
            ## Fortschreibung für die Förderperiode 2021–2027

            Mit dem ESF Plus rücken Gründungen und Beratung im Kiez in den Vordergrund.
            """,
            [("Gründungsberatung im Kiez", "tk-gruendung-kiez", "tk-beschaeftigung"),
             ("Fachkräfte für ortsansässige Betriebe gewinnen", null, "tk-unternehmen")]),
    ];

    private static Guid Id(string kind, string key) => DeterministicId.From($"demo:{kind}:{key}");

    public async Task<int> Handle(SeedDemoProgrammesCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var count = 0;
        foreach (var p in Periods)
            count += await db.ExecuteAsync(
                """
                insert into partners.funding_periods (code, name, starts_on, ends_on, created_at, updated_at)
                values (@Code, @Name, @StartsOn, @EndsOn, @now, @now) on conflict do nothing
                """, new { p.Code, p.Name, p.StartsOn, p.EndsOn, now }, ct);
        foreach (var g in Programmes)
        {
            count += await db.ExecuteAsync(
                """
                insert into partners.funding_programmes (code, name, funder_level, description, created_at, updated_at)
                values (@Code, @Name, @Level, @Description, @now, @now) on conflict do nothing
                """, new { g.Code, g.Name, g.Level, g.Description, now }, ct);
            await db.ExecuteAsync(
                "insert into partners.programme_periods (programme_code, period_code) select @Code, unnest(@Periods) on conflict do nothing",
                new { g.Code, g.Periods }, ct);
        }

        foreach (var f in Fields)
            count += await db.ExecuteAsync(
                """
                insert into partners.fields_of_action (id, district_code, organisation_id, name, description, created_at, updated_at)
                values (@id, @District, (select id from partners.organisations where id = @Organisation), @Name, @Description, @now, @now)
                on conflict do nothing
                """, new { id = Id("field", f.Key), f.District, f.Organisation, f.Name, f.Description, now }, ct);

        var planId = Id("action-plan", "tk");
        await db.ExecuteAsync(
            """
            insert into partners.action_plans (id, title, district_code, organisation_id, created_at, updated_at)
            values (@planId, 'Aktionsplan des Bezirklichen Bündnisses für Wirtschaft und Arbeit Treptow-Köpenick', '09',
                    (select id from partners.organisations where id = @Buendnis), @now, @now)
            on conflict do nothing
            """, new { planId, DemoIds.Buendnis, now }, ct);

        var sites = (await mediator.Send(new ListSitesQuery(), ct)).Select(s => s.Slug).ToHashSet();
        foreach (var p in Projects) count += await SeedProjectAsync(p, planId, sites, now, ct);

        foreach (var (version, no) in TkPlan.Select((v, i) => (v, i + 1)))
        {
            var inserted = await db.ExecuteAsync(
                """
                insert into partners.action_plan_versions (action_plan_id, version_no, valid_from, adopted_on, adopted_by, goals, created_at)
                values (@planId, @no, @ValidFrom, @AdoptedOn, 'Steuerungsgruppe des Bündnisses', @Goals, @now) on conflict do nothing
                """, new { planId, no, version.ValidFrom, version.AdoptedOn, version.Goals, now }, ct);
            if (inserted == 0) continue;
            count++;
            await db.ExecuteAsync(
                """
                insert into partners.action_plan_measures (action_plan_id, version_no, position, title, project_id, field_of_action_id)
                values (@planId, @no, @Position, @Title, (select id from partners.projects where id = @ProjectId), @FieldId)
                """,
                version.Measures.Select((m, i) => new
                {
                    planId, no, Position = i + 1, m.Title, ProjectId = m.Project is null ? (Guid?)null : Id("project", m.Project), FieldId = Id("field", m.Field),
                }), ct);
        }

        return count;
    }

    private async Task<int> SeedProjectAsync(Project p, Guid planId, IReadOnlySet<string> knownSites, DateTimeOffset now, CancellationToken ct)
    {
        var id = Id("project", p.Key);
        var sites = p.Sites.Where(knownSites.Contains).ToArray();
        var inserted = await db.ExecuteAsync(
            """
            insert into partners.projects (id, title, summary, description, lead_organisation_id, period_start, period_end, status, district_code,
                field_of_action_id, action_plan_id, tags, is_public, publication_sites, publication_revision, published_at, created_at, updated_at)
            select @id, @Title, @Summary, @Description, @Lead, @Start, @End, @Status, @District, @fieldId,
                   case when @District = '09' then @planId end, @Tags, @isPublic, @sites, case when @isPublic then 1 else 0 end,
                   case when @isPublic then @now end, @now, @now
            where exists (select 1 from partners.organisations where id = @Lead)
            on conflict do nothing
            """,
            new
            {
                id, p.Title, p.Summary, p.Description, p.Lead, p.Start, p.End, p.Status, p.District, fieldId = Id("field", p.Field),
                planId, p.Tags, isPublic = sites.Length > 0, sites, now,
            }, ct);
        if (inserted == 0) return 0;

        await db.ExecuteAsync(
            """
            insert into partners.project_partners (project_id, organisation_id, position)
            select @id, o, n from unnest(@Partners) with ordinality as t(o, n) where exists (select 1 from partners.organisations where id = o);
            insert into partners.project_regions (project_id, region_code) select @id, unnest(@Regions);
            """, new { id, p.Partners, p.Regions }, ct);
        foreach (var line in p.Funding)
        {
            var lineId = Id("funding-line", $"{p.Key}:{line.Programme}:{line.Period}");
            await db.ExecuteAsync(
                """
                insert into partners.funding_lines (id, project_id, programme_code, period_code, reference, created_at, updated_at)
                values (@lineId, @id, @Programme, @Period, @DemoReference, @now, @now)
                """, new { lineId, id, line.Programme, line.Period, DemoReference, now }, ct);
            await db.ExecuteAsync(
                """
                insert into partners.funding_line_budgets (funding_line_id, year, planned_cents, approved_cents, spent_cents)
                values (@lineId, @Year, @Planned, @Approved, @Spent)
                """, line.Budgets.Select(b => new { lineId, b.Year, b.Planned, b.Approved, b.Spent }), ct);
        }

        if (sites.Length > 0) await outbox.EnqueueAsync(await ProjectListing.BuildAsync(db, id, 1, ct), ct);
        return 1;
    }
}
