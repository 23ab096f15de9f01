using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.Partners.Committees;
using Bezirksplattform.Partners.Shared;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bezirksplattform.Partners.Data;

/// <summary>
/// Demo committees after the source texts, retold: the steering group of the Treptow-Köpenick
/// alliance for economy and employment with its seats, the cooperation committee set up by the
/// neighbourhood-work agreement (chaired by the district office through SPK), the AG SRO, and a few
/// meetings. Runs after the organisations and people (Order 20); idempotent through stable ids.
/// </summary>
internal sealed class DemoCommittees(IServiceScopeFactory scopes, ILogger<DemoCommittees> logger) : IDemoDataSeeder
{
    public int Order => 40;

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SeedDemoCommitteesCommand(), ct);
        if (created < 0) logger.LogWarning("Demo committees skipped: the demo organisations and people they point at are not seeded.");
    }
}

/// <summary>Seeds the demo committees; answers how many rows were new, or -1 if the organisations they need are missing.</summary>
internal sealed record SeedDemoCommitteesCommand : ICommand<int>;

internal sealed class SeedDemoCommitteesHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SeedDemoCommitteesCommand, int>
{
    // The sources give no start dates for these seats: the steering group's from the 2014–2020 funding
    // period the alliance text speaks of, the others from a demo start.
    private static readonly DateOnly SteeringGroupSince = new(2014, 1, 1);
    private static readonly DateOnly DemoSince = new(2024, 1, 1);

    private sealed record Committee(Guid Id, string Name, string Kind, string Purpose, Guid? ChairingOrganisationId, Guid? AgreementId);

    private sealed record Seat(Guid Id, Guid CommitteeId, string Role, string SeatTitle, Guid OrganisationId, Guid? PersonId, DateOnly From);

    private sealed record Meeting(Guid Id, Guid CommitteeId, DateTimeOffset StartsAt, string Location, string[] Agenda, string? Minutes, string Status,
        (Guid MembershipId, string Status)[] Attendance);

    private static Guid SeatId(int committee, int n) => new($"6a0e0000-0000-4000-8003-{committee:d4}{n:d8}");

    private static Guid MeetingId(int n) => new($"6a0e0000-0000-4000-8004-{n:d12}");

    private static readonly Committee[] Committees =
    [
        new(DemoIds.CommitteeSteeringGroupTk, "Steuerungsgruppe des Bezirklichen Bündnisses für Wirtschaft und Arbeit Treptow-Köpenick",
            CommitteeKinds.SteeringGroup,
            "Steuert das Bündnis: legt Handlungsfelder fest, verabschiedet und schreibt die Aktionspläne fort und begleitet die Förderprogramme (WDM, LOS, LSK, PEB).",
            null, null),
        new(DemoIds.CommitteeCooperationTk, "Kooperationsgremium Nachbarschafts-, Stadtteil- und Selbsthilfearbeit Treptow-Köpenick",
            CommitteeKinds.CooperationCommittee,
            "Entwickelt die Nachbarschafts-, Stadtteil- und Selbsthilfearbeit im Bezirk gemeinsam mit den Trägern weiter, passend zu den Bezirksregionen.",
            DemoIds.Spk, DemoIds.AgreementTkNeighbourhoodWork),
        new(DemoIds.CommitteeAgSro, "Arbeitsgruppe Sozialraumorientierung (AG SRO)", CommitteeKinds.WorkingGroup,
            "Fachübergreifender Austausch zwischen SPK und Fachplanungen: unterstützt Planung, Steuerung und Evaluation der Bezirksregionenentwicklung und stimmt die Bezirksregionenprofile ab.",
            DemoIds.Spk, null),
    ];

    private static IEnumerable<Seat> Seats()
    {
        var sg = DemoIds.CommitteeSteeringGroupTk;
        (string Title, Guid Org, Guid? Person)[] steering =
        [
            ("Bezirksbürgermeister/in", DemoIds.BaTreptowKoepenick, DemoIds.OliverIgel),
            ("Stellvertretende/r Bezirksbürgermeister/in", DemoIds.BaTreptowKoepenick, null),
            ("Leitung der Geschäftsstelle Treptow-Köpenick der Agentur für Arbeit Berlin Süd", DemoIds.AgenturSued, null),
            ("Vorstandsvorsitz des Wirtschaftskreises Treptow-Köpenick", DemoIds.Wirtschaftskreis, null),
            ("Vertretung des Innovationsparks Wuhlheide", DemoIds.InnovationsparkWuhlheide, null),
            ("Mitglied der Geschäftsführung des Jobcenters Treptow-Köpenick", DemoIds.JobcenterTk, null),
            ("Beauftragte/r für EU und Städtepartnerschaften", DemoIds.EuBeauftragte, null),
            ("Vertretung der WISTA Management GmbH", DemoIds.Wista, null),
            ("Vertretung der HTW Berlin, Campus Schöneweide", DemoIds.HtwSchoeneweide, null),
            ("Vom DGB-Kreisverband Treptow-Köpenick benanntes Mitglied", DemoIds.DgbTk, null),
            ("Sozialraumorientierte Planungskoordination (SPK)", DemoIds.Spk, null),
            ("Koordination Kommunale Entwicklungspolitik (KKE)", DemoIds.Kke, null),
        ];
        for (var i = 0; i < steering.Length; i++)
            yield return new Seat(SeatId(1, i + 1), sg, MembershipRoles.Member, steering[i].Title, steering[i].Org, steering[i].Person, SteeringGroupSince);

        var kg = DemoIds.CommitteeCooperationTk;
        yield return new Seat(SeatId(2, 1), kg, MembershipRoles.Chair, "Vorsitz: Bezirksamt Treptow-Köpenick, vertreten durch die OE SPK", DemoIds.Spk, null, DemoSince);
        (string Title, Guid Org)[] partners =
        [
            ("Rabenhaus e.V.", DemoIds.Rabenhaus), ("Offensiv'91 e.V.", DemoIds.Offensiv91),
            ("Technische Jugendfreizeit- und Bildungsgesellschaft gGmbH", DemoIds.Tjfbg), ("KungerKiezInitiative e.V.", DemoIds.KungerKiez),
            ("ajb gmbH", DemoIds.Ajb), ("Paritätischer Wohlfahrtsverband, Landesverband Berlin", DemoIds.Paritaetischer),
            ("Verband für sozial-kulturelle Arbeit", DemoIds.Vska),
        ];
        for (var i = 0; i < partners.Length; i++)
            yield return new Seat(SeatId(2, i + 2), kg, MembershipRoles.Member, $"Vertretung {partners[i].Title}", partners[i].Org, null, DemoSince);

        var ag = DemoIds.CommitteeAgSro;
        yield return new Seat(SeatId(3, 1), ag, MembershipRoles.Chair, "Bezirkskoordination (Leitung der SPK)", DemoIds.Spk, null, DemoSince);
        yield return new Seat(SeatId(3, 2), ag, MembershipRoles.Member, "Gebietskoordination der SPK", DemoIds.Spk, null, DemoSince);
        yield return new Seat(SeatId(3, 3), ag, MembershipRoles.Member, "Leitungen der sozialraumbezogen arbeitenden Fachämter", DemoIds.BaTreptowKoepenick, null, DemoSince);
        yield return new Seat(SeatId(3, 4), ag, MembershipRoles.Member, "Beauftragte/r für EU und Städtepartnerschaften", DemoIds.EuBeauftragte, null, DemoSince);
        yield return new Seat(SeatId(3, 5), ag, MembershipRoles.Member, "Weitere Beauftragte des Bezirksamtes", DemoIds.BaTreptowKoepenick, null, DemoSince);
    }

    private static readonly Meeting[] Meetings =
    [
        new(MeetingId(1), DemoIds.CommitteeSteeringGroupTk, new DateTimeOffset(2025, 3, 12, 10, 0, 0, TimeSpan.FromHours(1)).ToUniversalTime(), "Rathaus Köpenick",
            ["Fortschreibung des Aktionsplans", "Stand der geförderten Projekte", "Verschiedenes"],
            """
            ## Ergebnisse

            - Der Aktionsplan wird in den Handlungsfeldern fortgeschrieben; Vorschläge der Partner bis Ende April an die Geschäftsstelle.
            - Die laufenden Projekte liegen im Plan.
            """,
            MeetingStatuses.Held,
            [(SeatId(1, 1), "present"), (SeatId(1, 3), "present"), (SeatId(1, 6), "excused"), (SeatId(1, 11), "present")]),
        new(MeetingId(2), DemoIds.CommitteeAgSro, new DateTimeOffset(2027, 1, 20, 9, 30, 0, TimeSpan.FromHours(1)).ToUniversalTime(), "Rathaus Treptow",
            ["Abstimmung der Bezirksregionenprofile", "Berichte aus den Fachplanungen"], null, MeetingStatuses.Planned, []),
        new(MeetingId(3), DemoIds.CommitteeCooperationTk, new DateTimeOffset(2027, 2, 10, 16, 0, 0, TimeSpan.FromHours(1)).ToUniversalTime(), "Rabenhaus, Köpenick",
            ["Bedarfe in den Bezirksregionen", "Abstimmung der Angebote der Nachbarschaftseinrichtungen"], null, MeetingStatuses.Planned, []),
    ];

    public async Task<int> Handle(SeedDemoCommitteesCommand request, CancellationToken ct)
    {
        var seats = Seats().ToList();
        var organisationIds = seats.Select(s => s.OrganisationId).Concat(Committees.Select(c => c.ChairingOrganisationId).OfType<Guid>()).Distinct().ToArray();
        var personIds = seats.Select(s => s.PersonId).OfType<Guid>().Distinct().ToArray();
        var present = await db.ExecuteScalarAsync<bool>(
            """
            select (select count(*) from partners.organisations where id = any(@organisationIds)) = cardinality(@organisationIds)
               and (select count(*) from partners.people where id = any(@personIds)) = cardinality(@personIds)
            """, new { organisationIds, personIds }, ct);
        if (!present) return -1;

        var now = clock.GetUtcNow();
        var created = 0;
        foreach (var c in Committees)
            created += await CreatedAsync(CommitteeHistoryTypes.Committee, c.Id, c, now, db.ExecuteAsync(
                """
                insert into partners.committees (id, name, kind, purpose, district_code, chairing_organisation_id, agreement_id, version, created_at, updated_at)
                values (@Id, @Name, @Kind, @Purpose, '09', @ChairingOrganisationId, @AgreementId, 1, @now, @now)
                on conflict (id) do nothing
                """, new { c.Id, c.Name, c.Kind, c.Purpose, c.ChairingOrganisationId, c.AgreementId, now }, ct), ct);
        foreach (var s in seats)
            created += await CreatedAsync(CommitteeHistoryTypes.Membership, s.Id, s, now, db.ExecuteAsync(
                """
                insert into partners.committee_memberships (id, committee_id, person_id, on_behalf_of_organisation_id, seat_title, role, term, version, created_at, updated_at)
                values (@Id, @CommitteeId, @PersonId, @OrganisationId, @SeatTitle, @Role, daterange(@From::date, null, '[]'), 1, @now, @now)
                on conflict (id) do nothing
                """, new { s.Id, s.CommitteeId, s.PersonId, s.OrganisationId, s.SeatTitle, s.Role, s.From, now }, ct), ct);
        foreach (var m in Meetings)
        {
            var added = await CreatedAsync(CommitteeHistoryTypes.Meeting, m.Id, new { m.CommitteeId, m.StartsAt, m.Location, m.Agenda, m.Status }, now, db.ExecuteAsync(
                """
                insert into partners.committee_meetings (id, committee_id, starts_at, location, agenda, minutes, status, version, created_at, updated_at)
                values (@Id, @CommitteeId, @StartsAt, @Location, @Agenda, @Minutes, @Status, 1, @now, @now)
                on conflict (id) do nothing
                """, new { m.Id, m.CommitteeId, m.StartsAt, m.Location, m.Agenda, m.Minutes, m.Status, now }, ct), ct);
            created += added;
            // Attendance comes with a new meeting only: a re-run must not undo what staff recorded since.
            if (added == 0) continue;
            foreach (var (membershipId, status) in m.Attendance)
                await db.ExecuteAsync(
                    "insert into partners.committee_attendance (meeting_id, membership_id, status) values (@Id, @membershipId, @status)",
                    new { m.Id, membershipId, status }, ct);
        }

        return created;
    }

    /// <summary>Writes a "created" history row (no actor: the seeder) when the insert added the row.</summary>
    private async Task<int> CreatedAsync(string entityType, Guid id, object snapshot, DateTimeOffset now, Task<int> insert, CancellationToken ct)
    {
        if (await insert == 0) return 0;
        await PartnersHistory.RecordAsync(db, entityType, id, "created", snapshot, null, now, ct);
        return 1;
    }
}
