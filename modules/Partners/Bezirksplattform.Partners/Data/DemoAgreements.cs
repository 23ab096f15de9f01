using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.Partners.Agreements;
using Bezirksplattform.Partners.Shared;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Partners.Data;

/// <summary>
/// The two cooperation agreements on neighbourhood work from the source texts, retold: Treptow-Köpenick's
/// (in force) and Pankow's of 2018 (expired). Idempotent: stable ids, on conflict do nothing. The
/// organisations and people are seeded by the network seeder (Order 20); parties and signatories whose
/// organisation or person is missing are left out rather than breaking the load.
/// </summary>
internal sealed class DemoAgreements(IServiceScopeFactory scopes) : IDemoDataSeeder
{
    public int Order => 30;

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SeedDemoAgreementsCommand(), ct);
    }
}

internal sealed record SeedDemoAgreementsCommand : ICommand<int>;

internal sealed class SeedDemoAgreementsHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SeedDemoAgreementsCommand, int>
{
    private sealed record Agreement(Guid Id, string Title, string Subject, string District, DateOnly ValidFrom, DateOnly ValidUntil, int NoticeMonths);

    private sealed record Party(Guid Agreement, Guid Organisation, string Role);

    private sealed record Signatory(Guid Agreement, Guid Organisation, Guid? Person, string Function, DateOnly SignedOn);

    // Demo assumption: the article names no dates. Signed on a Friday in September 2023, in force from
    // October 2023 until the end of 2027, six months' notice – so it is in force in the demo.
    private static readonly DateOnly TkSigned = new(2023, 9, 22);

    // Pankow: put into force at the district assembly on 22.01.2018, "until 2021" read as 31.12.2021.
    private static readonly DateOnly PankowSigned = new(2018, 1, 22);

    private static readonly Agreement[] Agreements =
    [
        new(DemoIds.AgreementTkNeighbourhoodWork,
            "Kooperationsvereinbarung zur partnerschaftlichen Weiterentwicklung der Nachbarschafts-, Stadtteil- und Selbsthilfearbeit in Treptow-Köpenick",
            "Bezirksamt, Senatsverwaltung, Träger der Nachbarschaftsarbeit und Verbände arbeiten fachübergreifend zusammen, damit jede " +
            "Bezirksregion passende, möglichst örtliche Angebote der Gemeinwesenarbeit hat. Ein Kooperationsgremium unter Vorsitz des " +
            "Bezirksamts (OE Sozialraumorientierte Planungskoordination) entwickelt die Ansätze mit den Bürgerinnen und Bürgern weiter.",
            "09", new DateOnly(2023, 10, 1), new DateOnly(2027, 12, 31), 6),
        new(DemoIds.AgreementPankowNeighbourhoodWork,
            "Kooperationsvereinbarung zur partnerschaftlichen Weiterentwicklung der Nachbarschafts-, Stadtteil- und Selbsthilfearbeit im Bezirk Pankow",
            "Grundlage für das Zusammenwirken von Bezirksamt Pankow, Verbänden und den im Bezirk tätigen Einrichtungen der Nachbarschaftsarbeit: " +
            "stadtteilbezogene Strategien gemeinsam entwickeln, bürgerschaftliches Engagement stärken und der Segregation der sozialen " +
            "Infrastruktur entgegenwirken. In der Bezirksverordnetenversammlung in Kraft gesetzt.",
            "03", PankowSigned, new DateOnly(2021, 12, 31), 3),
    ];

    private static readonly Party[] Parties =
    [
        new(DemoIds.AgreementTkNeighbourhoodWork, DemoIds.BaTreptowKoepenick, "district_office"),
        new(DemoIds.AgreementTkNeighbourhoodWork, DemoIds.SenatSoziales, "senate_department"),
        new(DemoIds.AgreementTkNeighbourhoodWork, DemoIds.Rabenhaus, "provider"),
        new(DemoIds.AgreementTkNeighbourhoodWork, DemoIds.Offensiv91, "provider"),
        new(DemoIds.AgreementTkNeighbourhoodWork, DemoIds.Tjfbg, "provider"),
        new(DemoIds.AgreementTkNeighbourhoodWork, DemoIds.KungerKiez, "provider"),
        new(DemoIds.AgreementTkNeighbourhoodWork, DemoIds.Ajb, "provider"),
        new(DemoIds.AgreementTkNeighbourhoodWork, DemoIds.Paritaetischer, "federation"),
        new(DemoIds.AgreementTkNeighbourhoodWork, DemoIds.Vska, "federation"),
        new(DemoIds.AgreementPankowNeighbourhoodWork, DemoIds.BaPankow, "district_office"),
        new(DemoIds.AgreementPankowNeighbourhoodWork, DemoIds.Paritaetischer, "federation"),
        new(DemoIds.AgreementPankowNeighbourhoodWork, DemoIds.Vska, "federation"),
    ];

    // The associations' and federations' representatives are not named in the sources: no person.
    private static readonly Signatory[] Signatories =
    [
        new(DemoIds.AgreementTkNeighbourhoodWork, DemoIds.BaTreptowKoepenick, DemoIds.OliverIgel, "Bezirksbürgermeister", TkSigned),
        new(DemoIds.AgreementTkNeighbourhoodWork, DemoIds.BaTreptowKoepenick, DemoIds.CarolinWeingart, "Bezirksstadträtin für Soziales, Gesundheit, Arbeit und Teilhabe", TkSigned),
        new(DemoIds.AgreementTkNeighbourhoodWork, DemoIds.SenatSoziales, DemoIds.AzizBozkurt, "Staatssekretär für Soziales", TkSigned),
        new(DemoIds.AgreementTkNeighbourhoodWork, DemoIds.Rabenhaus, null, "Vertretung des Trägers", TkSigned),
        new(DemoIds.AgreementTkNeighbourhoodWork, DemoIds.Offensiv91, null, "Vertretung des Trägers", TkSigned),
        new(DemoIds.AgreementTkNeighbourhoodWork, DemoIds.Tjfbg, null, "Vertretung des Trägers", TkSigned),
        new(DemoIds.AgreementTkNeighbourhoodWork, DemoIds.KungerKiez, null, "Vertretung des Trägers", TkSigned),
        new(DemoIds.AgreementTkNeighbourhoodWork, DemoIds.Ajb, null, "Vertretung des Trägers", TkSigned),
        new(DemoIds.AgreementTkNeighbourhoodWork, DemoIds.Paritaetischer, null, "Vertretung des Landesverbands", TkSigned),
        new(DemoIds.AgreementTkNeighbourhoodWork, DemoIds.Vska, null, "Vertretung des Verbands", TkSigned),
        new(DemoIds.AgreementPankowNeighbourhoodWork, DemoIds.BaPankow, DemoIds.FrauTietje, "Bezirksstadträtin", PankowSigned),
        new(DemoIds.AgreementPankowNeighbourhoodWork, DemoIds.Paritaetischer, null, "Vertretung des Landesverbands", PankowSigned),
        new(DemoIds.AgreementPankowNeighbourhoodWork, DemoIds.Vska, null, "Vertretung des Verbands", PankowSigned),
    ];

    public async Task<int> Handle(SeedDemoAgreementsCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var created = 0;
        foreach (var a in Agreements)
        {
            var inserted = await db.ExecuteAsync(
                """
                insert into partners.agreements (id, title, subject, district_code, valid_from, valid_until, notice_period_months, created_at, updated_at)
                values (@Id, @Title, @Subject, @District, @ValidFrom, @ValidUntil, @NoticeMonths, @now, @now)
                on conflict (id) do nothing
                """, new { a.Id, a.Title, a.Subject, a.District, a.ValidFrom, a.ValidUntil, a.NoticeMonths, now }, ct);
            if (inserted == 0) continue;
            created++;
            await PartnersHistory.RecordAsync(db, AgreementHistoryTypes.Agreement, a.Id, "created", new { a.Title, source = "Demodaten" }, null, now, ct);
        }

        foreach (var p in Parties)
            await db.ExecuteAsync(
                """
                insert into partners.agreement_parties (agreement_id, organisation_id, role, added_at)
                select @Agreement, o.id, @Role, @now from partners.organisations o where o.id = @Organisation
                on conflict do nothing
                """, new { p.Agreement, p.Organisation, p.Role, now }, ct);

        foreach (var s in Signatories)
            await db.ExecuteAsync(
                """
                insert into partners.agreement_signatories (id, agreement_id, organisation_id, person_id, function, signed_on, added_at)
                select @id, p.agreement_id, p.organisation_id, (select pe.id from partners.people pe where pe.id = @Person), @Function, @SignedOn, @now
                from partners.agreement_parties p where p.agreement_id = @Agreement and p.organisation_id = @Organisation
                on conflict (id) do nothing
                """, new { id = SignatoryId(s), s.Agreement, s.Organisation, s.Person, s.Function, s.SignedOn, now }, ct);
        return created;
    }

    /// <summary>Stable per (agreement, organisation, function, person): seeding twice adds nothing.</summary>
    private static Guid SignatoryId(Signatory s)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{s.Agreement}|{s.Organisation}|{s.Person}|{s.Function}"));
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes.AsSpan(0, 16));
    }
}
