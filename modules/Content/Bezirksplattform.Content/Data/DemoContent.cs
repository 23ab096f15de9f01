using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.Content.Files;
using Bezirksplattform.Content.Items;
using Bezirksplattform.Content.Publishing;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Content.Data;

/// <summary>
/// Demo content after the public pages in the project's source texts, retold: three sites, the
/// district regions, the two cooperation-agreement articles, the district coordination pages,
/// the Treptow-Köpenick alliance and the Leipziger Osten project listing. Idempotent: stable ids.
/// </summary>
internal sealed class DemoContent(IServiceScopeFactory scopes) : IDemoDataSeeder
{
    public int Order => 40;

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SeedDemoContentCommand(), ct);
    }
}

internal sealed record SeedDemoContentCommand : ICommand<int>;

internal sealed class SeedDemoContentHandler(IDbSession db, Publisher publisher, IFileStorage storage, TimeProvider clock) : IRequestHandler<SeedDemoContentCommand, int>
{
    private static readonly (string Slug, string Name, string BaseUrl)[] Sites =
    [
        ("treptow-koepenick", "Bezirksamt Treptow-Köpenick – Sozialraumorientierte Planungskoordination", "https://treptow-koepenick.example.org"),
        ("pankow", "Bezirksamt Pankow – Nachbarschaftsarbeit", "https://pankow.example.org"),
        ("leipziger-osten", "Stadtteil Leipziger Osten", "https://leipziger-osten.example.org"),
    ];

    // Official Ortsteile (Berlin: with their numbers); Leipzig's east by name.
    private static readonly (string Code, string Name, string District, string DistrictName)[] Regions =
    [
        ("0901", "Alt-Treptow", "09", "Treptow-Köpenick"), ("0902", "Plänterwald", "09", "Treptow-Köpenick"),
        ("0903", "Baumschulenweg", "09", "Treptow-Köpenick"), ("0904", "Johannisthal", "09", "Treptow-Köpenick"),
        ("0905", "Niederschöneweide", "09", "Treptow-Köpenick"), ("0906", "Altglienicke", "09", "Treptow-Köpenick"),
        ("0907", "Adlershof", "09", "Treptow-Köpenick"), ("0908", "Bohnsdorf", "09", "Treptow-Köpenick"),
        ("0909", "Oberschöneweide", "09", "Treptow-Köpenick"), ("0910", "Köpenick", "09", "Treptow-Köpenick"),
        ("0911", "Friedrichshagen", "09", "Treptow-Köpenick"), ("0912", "Rahnsdorf", "09", "Treptow-Köpenick"),
        ("0913", "Grünau", "09", "Treptow-Köpenick"), ("0914", "Müggelheim", "09", "Treptow-Köpenick"),
        ("0915", "Schmöckwitz", "09", "Treptow-Köpenick"),
        ("0301", "Prenzlauer Berg", "03", "Pankow"), ("0302", "Weißensee", "03", "Pankow"), ("0303", "Blankenburg", "03", "Pankow"),
        ("0304", "Heinersdorf", "03", "Pankow"), ("0305", "Karow", "03", "Pankow"), ("0306", "Stadtrandsiedlung Malchow", "03", "Pankow"),
        ("0307", "Pankow", "03", "Pankow"), ("0308", "Blankenfelde", "03", "Pankow"), ("0309", "Buch", "03", "Pankow"),
        ("0310", "Französisch Buchholz", "03", "Pankow"), ("0311", "Niederschönhausen", "03", "Pankow"),
        ("0312", "Rosenthal", "03", "Pankow"), ("0313", "Wilhelmsruh", "03", "Pankow"),
        ("lpz-volkmarsdorf", "Volkmarsdorf", "lpz-ost", "Leipziger Osten"),
        ("lpz-neustadt-neuschoenefeld", "Neustadt-Neuschönefeld", "lpz-ost", "Leipziger Osten"),
        ("lpz-anger-crottendorf", "Anger-Crottendorf", "lpz-ost", "Leipziger Osten"),
        ("lpz-reudnitz-thonberg", "Reudnitz-Thonberg", "lpz-ost", "Leipziger Osten"),
        ("lpz-sellerhausen-stuenz", "Sellerhausen-Stünz", "lpz-ost", "Leipziger Osten"),
    ];

    public async Task<int> Handle(SeedDemoContentCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var (slug, name, baseUrl) in Sites)
            await db.ExecuteAsync(
                """
                insert into content.sites (id, slug, name, base_url, created_at)
                values (@id, @slug, @name, @baseUrl, @now) on conflict (slug) do nothing
                """, new { id = DemoId(slug), slug, name, baseUrl, now }, ct);
        foreach (var (code, name, district, districtName) in Regions)
            await db.ExecuteAsync(
                "insert into content.regions (code, name, district_code, district_name) values (@code, @name, @district, @districtName) on conflict (code) do nothing",
                new { code, name, district, districtName }, ct);

        foreach (var file in Files())
            await EnsureFileAsync(file, now, ct);

        var created = 0;
        foreach (var item in Items())
        {
            if (await db.ExecuteScalarAsync<bool>("select exists (select 1 from content.items where id = @Id)", item, ct)) continue;
            foreach (var tag in item.Fields.Tags)
                await db.ExecuteAsync("insert into content.tags (slug, name) values (@slug, @tag) on conflict (slug) do nothing",
                    new { slug = Text.GermanSlug.From(tag), tag }, ct);
            var siteIds = item.Sites.Select(DemoId).ToArray();
            await db.ExecuteAsync(
                """
                insert into content.items (id, type, status, version, title, slug, site_ids, fields, created_at, updated_at)
                values (@Id, @Type, 'draft', 1, @Title, @Slug, @siteIds, @fields::jsonb, @now, @now)
                """, new { item.Id, item.Type, item.Title, item.Slug, siteIds, fields = item.Fields.ToJson(), now }, ct);
            await publisher.PublishAsync(await ItemReads.LoadAsync(db, item.Id, ct, forUpdate: true), actor: null, now, ct);
            created++;
        }

        return created;
    }

    private sealed record DemoFile(Guid Id, string Kind, string FileName, string MediaType, Func<byte[]> Bytes, string Title,
        string? AltText = null, string? Caption = null, string? CreditAuthor = null);

    // The Pankow article's photos: captions and credits as the source page gives them.
    private static readonly (string Key, string Caption, string Credit, byte R, byte G, byte B)[] PankowPhotos =
    [
        ("unterzeichnung", "Unterzeichnung der neuen Kooperationsvereinbarung", "Christian Peth", 70, 110, 160),
        ("kiezreporter", "Kiezreporter der Schulstation von Aufwind e.V.", "Stefanie Lehmann", 200, 140, 60),
        ("kindergartengruppe", "Unionhilfswerk – Kindergartengruppe", "Christiane Weidner", 90, 160, 90),
        ("breakdance", "Eine Breakdanceshow", "Eberhard Auriga", 160, 70, 120),
        ("kletterwald", "Kletterwald", "Nachbarschaftsheim Schöne", 60, 130, 110),
    ];

    private static IEnumerable<DemoFile> Files()
    {
        foreach (var photo in PankowPhotos)
            yield return new DemoFile(DemoId("image:pankow-" + photo.Key), "image", $"pankow-{photo.Key}.png", "image/png",
                () => DemoFiles.Png(320, 180, photo.R, photo.G, photo.B), photo.Caption,
                AltText: "Platzhalterbild: " + photo.Caption, Caption: photo.Caption, CreditAuthor: photo.Credit);

        yield return new DemoFile(DemoId("download:leipzig-faltblatt"), "download", "faltblatt-lokale-beschaeftigungsentwicklung.pdf", "application/pdf",
            () => DemoFiles.Pdf("Lokale Beschäftigungsentwicklung im Leipziger Osten", "Faltblatt zum Projekt – Arbeit & Beschäftigung im Leipziger Osten (2003–2009)"),
            "Faltblatt: Arbeit & Beschäftigung im Leipziger Osten");
    }

    private async Task EnsureFileAsync(DemoFile file, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.ExecuteScalarAsync<bool>("select exists (select 1 from content.files where id = @Id)", file, ct)) return;
        var bytes = file.Bytes();
        var key = await storage.SaveAsync(new MemoryStream(bytes), ct);
        await db.ExecuteAsync(
            """
            insert into content.files (id, kind, storage_key, file_name, media_type, size_bytes, sha256, title, language,
                alt_text, caption, credit_author, created_at, updated_at)
            values (@Id, @Kind, @key, @FileName, @MediaType, @size, @sha, @Title, 'de', @AltText, @Caption, @CreditAuthor, @now, @now)
            """,
            new
            {
                file.Id, file.Kind, key, file.FileName, file.MediaType, size = (long)bytes.Length,
                sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)),
                file.Title, file.AltText, file.Caption, file.CreditAuthor, now,
            }, ct);
    }

    private static Guid DemoId(string name) =>
        new(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes("bezirksplattform-demo:" + name)));

    private sealed record DemoItem(Guid Id, string Type, string Title, string Slug, string[] Sites, ItemFields Fields);

    private static IEnumerable<DemoItem> Items()
    {
        yield return new DemoItem(DemoId("article:tk-kooperation"), ItemTypes.Article,
            "Kooperationsvereinbarung für Nachbarschaftsarbeit in Treptow-Köpenick unterzeichnet",
            "kooperationsvereinbarung-nachbarschaftsarbeit-unterzeichnet", ["treptow-koepenick"],
            new ItemFields
            {
                Teaser = "Bezirk, Land, Träger und Wohlfahrtsverbände vereinbaren, die Nachbarschafts-, Stadtteil- und Selbsthilfearbeit gemeinsam weiterzuentwickeln.",
                Body = """
                    In einer feierlichen Runde haben Staatssekretär für Soziales Aziz Bozkurt, Bezirksbürgermeister Oliver Igel
                    und Bezirksstadträtin Carolin Weingart gemeinsam mit den Trägern der Nachbarschaftsarbeit im Bezirk eine
                    Kooperationsvereinbarung unterschrieben.

                    Unterzeichnet haben unter anderem:

                    - Rabenhaus e.V.
                    - Offensiv '91 e.V.
                    - Technische Jugendfreizeit- und Bildungsgesellschaft gGmbH
                    - KungerKiezInitiative e.V.
                    - ajb gmbH
                    - der Paritätische Wohlfahrtsverband, Landesverband Berlin e.V.
                    - der Verband für sozial-kulturelle Arbeit e.V.

                    ## Worum es geht

                    Der Bezirk wächst, und mit ihm der Bedarf an Angeboten vor Ort. Treptow-Köpenick ist ein großer
                    Flächenbezirk mit eigenständigen Ortsteilen; Angebote sollen deshalb zu den Bezirksregionen passen und
                    möglichst von einer Einrichtung im Ortsteil getragen werden. Die Vereinbarung legt die Grundlage für eine
                    verlässliche Zusammenarbeit der Partnerinnen und Partner.

                    Den Vorsitz im neuen Kooperationsgremium übernimmt das Bezirksamt, vertreten durch die
                    Sozialraumorientierte Planungskoordination (OE SPK).
                    """,
                Tags = ["Kooperationsvereinbarung", "Nachbarschaftsarbeit"],
                DistrictCodes = ["09"],
                Source = "Bezirksamt Treptow-Köpenick",
            });

        yield return new DemoItem(DemoId("article:pankow-kooperation"), ItemTypes.Article,
            "Kooperationsvereinbarung in Pankow in Kraft gesetzt", "kooperationsvereinbarung-pankow", ["pankow"],
            new ItemFields
            {
                Teaser = "Bis 2021 bildet die neue Vereinbarung die Grundlage für die Zusammenarbeit von Bezirksamt, Verbänden und Trägern der Nachbarschaftsarbeit.",
                Body = """
                    In der Sitzung der Bezirksverordnetenversammlung Pankow wurde die neu aufgelegte Kooperationsvereinbarung
                    in Kraft gesetzt. Bezirksstadträtin Tietje dankte den Akteurinnen und Akteuren im Bezirk für ihre bisherige Arbeit.

                    Die Vereinbarung gilt bis 2021. Sie verbindet das Bezirksamt Pankow von Berlin, die Verbände und die
                    Einrichtungen der Nachbarschafts-, Stadtteil- und Selbsthilfearbeit. Ziel ist, der Segregation der sozialen
                    Infrastruktur entgegenzuwirken, bürgerschaftliches Engagement zu stärken und Beteiligung zu ermöglichen.

                    """,
                PublishedOn = new DateTimeOffset(2018, 1, 22, 0, 0, 0, TimeSpan.FromHours(1)), // the date the source gives; Berlin midnight
                ImageIds = [.. PankowPhotos.Select(p => DemoId("image:pankow-" + p.Key))],
                Tags = ["Kooperationsvereinbarung", "Nachbarschaftsarbeit"],
                DistrictCodes = ["03"],
                Source = "Bezirksamt Pankow",
            });

        yield return new DemoItem(DemoId("page:bezirkskoordination"), ItemTypes.Page,
            "Bezirkskoordination", "bezirkskoordination", ["treptow-koepenick"],
            new ItemFields
            {
                Teaser = "Die Bezirkskoordination leitet die Sozialraumorientierte Planungskoordination (SPK) des Bezirksamts.",
                Body = "Die Bezirkskoordination ist Leitung und Kern der Organisationseinheit SPK. Ihre Aufgaben finden Sie unter [Aufgaben](bezirkskoordination/aufgaben).",
                DistrictCodes = ["09"],
            });

        yield return new DemoItem(DemoId("page:bezirkskoordination-aufgaben"), ItemTypes.Page,
            "Aufgaben der Bezirkskoordination", "bezirkskoordination/aufgaben", ["treptow-koepenick"],
            new ItemFields
            {
                Teaser = "Ämterübergreifende Zusammenarbeit, AG SRO, Bezirksregionenprofile, Gremien- und Projektarbeit.",
                Body = """
                    ## Ämterübergreifende Zusammenarbeit

                    Die Bezirkskoordination organisiert und koordiniert die Zusammenarbeit der Ämter, wenn es um die Entwicklung
                    der Bezirksregionen geht.

                    ## Arbeitsgruppe Sozialraumorientierung (AG SRO)

                    Sie leitet die AG SRO, das Gremium für den fachübergreifenden Austausch zwischen der SPK und den
                    Fachplanungen. Dort sitzen Vertreterinnen und Vertreter der SPK, die Leitungen der zuständigen Ämter und die
                    Beauftragten des Bezirksamtes. Die AG SRO unterstützt Planung, Steuerung und Auswertung der
                    Bezirksregionenentwicklung.

                    ## Bezirksregionenprofile

                    Die Profile sind Analyse-, Planungs- und Steuerungsinstrument zugleich: Sie bündeln Daten und Fachplanungen
                    einer Bezirksregion. Ihre Erstellung – von der Analyse bis zu den Entwicklungsperspektiven – verantwortet die
                    Bezirkskoordination; abgestimmt werden sie in der AG SRO.

                    ## Gremien- und Projektarbeit

                    Die Bezirkskoordination wirkt in vielen Arbeitsgruppen mit, moderiert bezirkliche Projekte und begleitet sie
                    bis zur Ergebnissicherung. Sie ist außerdem in der überbezirklichen Koordinierungsgruppe Sozialraumorientierung vertreten.
                    """,
                Tags = ["Bezirksregionen", "AG SRO"],
                DistrictCodes = ["09"],
            });

        yield return new DemoItem(DemoId("page:buendnis"), ItemTypes.Page,
            "Bezirkliches Bündnis für Wirtschaft und Arbeit", "buendnis-fuer-wirtschaft-und-arbeit", ["treptow-koepenick"],
            new ItemFields
            {
                Teaser = "Politik, Verwaltung, Wirtschaft, Vereine und Bürgerschaft übernehmen gemeinsam Verantwortung für Beschäftigung im Bezirk.",
                Body = """
                    Das Bündnis versteht sich als lokale Verantwortungsgemeinschaft. Es will neue Beschäftigung erschließen,
                    ortsansässige Unternehmen einbinden, Eigeninitiative stärken und die Anziehungskraft der Kieze erhöhen.

                    Dafür legen die Akteure **Handlungsfelder** fest, bilden eine **Steuerungsgruppe** und beschließen
                    **Aktionspläne** mit konkreten Vorhaben, die regelmäßig fortgeschrieben werden.

                    ## Förderprogramme

                    Mit WDM (Wirtschaftsdienliche Maßnahmen), LOS (Lokales Kapital für soziale Zwecke, Bund), LSK (Lokales
                    Soziales Kapital, Berlin) und seit der Förderperiode 2007–2013 PEB (Partnerschaft – Entwicklung –
                    Beschäftigung) sind seit 2002 weit über 200 Projekte entstanden; insgesamt wurden über fünf Millionen Euro eingesetzt.

                    ## Steuerungsgruppe

                    Zur Steuerungsgruppe gehören unter anderem die Bezirksbürgermeisterin oder der Bezirksbürgermeister und die
                    Stellvertretung, die Agentur für Arbeit (Geschäftsstelle Treptow-Köpenick), der Wirtschaftskreis, der
                    Innovationspark Wuhlheide, das Jobcenter, die WISTA Management GmbH, die HTW Berlin (Campus Schöneweide),
                    ein Mitglied des DGB-Kreisverbands, die SPK und die Koordination Kommunale Entwicklungspolitik.
                    """,
                Tags = ["Bündnis für Wirtschaft und Arbeit", "Förderprogramme"],
                DistrictCodes = ["09"],
            });
        // The Leipziger Osten project listing itself comes from the partner network (its demo project is public
        // on leipziger-osten and reaches Content through partners.project-published.v1); this page carries the flyer.
        yield return new DemoItem(DemoId("page:leipzig-arbeit-beschaeftigung"), ItemTypes.Page,
            "Arbeit & Beschäftigung im Leipziger Osten", "arbeit-und-beschaeftigung", ["leipziger-osten"],
            new ItemFields
            {
                Teaser = "Wie der Stadtteil von 2003 bis 2009 Arbeitsuchende, Jugendliche, Gründungswillige und Unternehmen beraten hat.",
                Body = """
                    Die Lokale Beschäftigungsentwicklung war von Mai 2003 bis März 2009 die Anlaufstelle für Fragen rund um
                    Arbeit im Leipziger Osten. Mehr dazu im Projektsteckbrief; das Faltblatt zum Projekt steht hier zum
                    Herunterladen bereit.
                    """,
                RegionCodes = ["lpz-volkmarsdorf", "lpz-neustadt-neuschoenefeld", "lpz-anger-crottendorf", "lpz-reudnitz-thonberg", "lpz-sellerhausen-stuenz"],
                DistrictCodes = ["lpz-ost"],
                DownloadIds = [DemoId("download:leipzig-faltblatt")],
            });
    }
}
