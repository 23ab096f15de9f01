using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Identity.Contracts;
using Bezirksplattform.Partners.Contracts;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bezirksplattform.Counselling.Data;

/// <summary>Stable ids of the counselling demo, for tests and other demo data.</summary>
internal static class DemoCounsellingIds
{
    public static readonly Guid TeamOst = Id(1);
    public static readonly Guid TeamBerlin = Id(2);

    /// <summary>The demo accounts (Identity's DemoStaffUsers) of the two teams, by user name.</summary>
    public static readonly string[] TeamOstCounsellors = ["beraterin", "berater-ost"];
    public static readonly string[] TeamBerlinCounsellors = ["beraterin-berlin", "berater-berlin"];

    public static Guid Client(int number) => Id(100 + number);

    internal static Guid Id(int n) => Guid.Parse($"0193d000-0000-7000-8000-{n:D12}");
}

/// <summary>
/// The counselling demo: the employment counselling of the Leipziger Osten project (source text 003,
/// retold: career planning, education counselling and applications for unemployed residents, career
/// orientation and internships for young people, recruitment advice for local companies, funding
/// research for associations, volunteer placement, start-up advice) as Team Ost, and a second team for
/// Treptow-Köpenick and Pankow. Every name is made up and marked "Beispiel". Consultations over Q3 and
/// Q4 2026, short-contact tallies, a few cases, consents, referrals to the partner network's demo
/// organisations (looked up through Partners.Contracts; none when the network is empty) and ESF Plus
/// data for part of the clients, one of them with entry data overdue. Needs Identity's demo counsellors;
/// without them it seeds nothing. Idempotent: stable ids, on conflict do nothing.
/// </summary>
internal sealed class DemoCounselling(IServiceScopeFactory scopes, ILogger<DemoCounselling> logger) : IDemoDataSeeder
{
    public int Order => 80;

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var counsellors = (await mediator.Send(new ListStaffUsersInRoleQuery(Roles.Counsellor), ct))
            .ToDictionary(u => u.UserName, u => u.Id, StringComparer.Ordinal);
        if (!DemoCounsellingIds.TeamOstCounsellors.Concat(DemoCounsellingIds.TeamBerlinCounsellors).All(counsellors.ContainsKey))
        {
            logger.LogWarning("Counselling demo data skipped: the demo counsellor accounts are missing");
            return;
        }

        var partners = await mediator.Send(new ListReferralPartnersQuery(), ct);
        await mediator.Send(new SeedDemoCounsellingCommand(counsellors, partners), ct);
    }
}

internal sealed record SeedDemoCounsellingCommand(IReadOnlyDictionary<string, Guid> Counsellors, IReadOnlyList<OrganisationInfo> Partners) : ICommand<int>;

internal sealed class SeedDemoCounsellingHandler(IDbSession db) : IRequestHandler<SeedDemoCounsellingCommand, int>
{
    private enum Team { Ost, Berlin }

    /// <summary>A fictitious client; <c>Owner</c> 0 or 1 picks the team's first or second counsellor; <c>Gender</c> f/m/d for the ESF data.</summary>
    private sealed record DemoClient(int No, Team Team, int Owner, string Kind, string TargetGroup, string District, string Name, int? BirthYear, char Gender);

    private static DemoClient P(int no, Team team, int owner, string group, string district, string name, int year, char gender) =>
        new(no, team, owner, "person", group, district, name, year, gender);

    private static DemoClient O(int no, Team team, int owner, string group, string district, string name) =>
        new(no, team, owner, "organisation", group, district, name, null, '-');

    private static readonly DemoClient[] Clients =
    [
        P(1, Team.Ost, 0, "unemployed", "lpz-volkmarsdorf", "Anna Beispiel-Krause", 1984, 'f'),
        P(2, Team.Ost, 0, "long_term_unemployed", "lpz-neustadt-neuschoenefeld", "Bernd Beispiel-Lehmann", 1969, 'm'),
        P(3, Team.Ost, 1, "young_person", "lpz-volkmarsdorf", "Cem Beispiel-Aydın", 2008, 'm'),
        P(4, Team.Ost, 1, "young_person", "lpz-anger-crottendorf", "Dana Beispiel-Schulz", 2007, 'f'),
        P(5, Team.Ost, 0, "unemployed", "lpz-reudnitz-thonberg", "Emil Beispiel-Wagner", 1991, 'm'),
        P(6, Team.Ost, 1, "volunteer", "lpz-sellerhausen-stuenz", "Frieda Beispiel-Hoffmann", 1956, 'f'),
        P(7, Team.Ost, 0, "inactive", "lpz-neustadt-neuschoenefeld", "Gül Beispiel-Demir", 1988, 'f'),
        P(8, Team.Ost, 1, "employed", "lpz-volkmarsdorf", "Hannes Beispiel-Neumann", 1979, 'm'),
        P(9, Team.Ost, 0, "unemployed", "lpz-anger-crottendorf", "Ilka Beispiel-Schröder", 1995, 'f'),
        P(10, Team.Ost, 1, "long_term_unemployed", "lpz-reudnitz-thonberg", "Jonas Beispiel-Koch", 1972, 'm'),
        P(11, Team.Ost, 0, "young_person", "lpz-volkmarsdorf", "Kübra Beispiel-Yıldız", 2006, 'f'),
        P(12, Team.Ost, 1, "volunteer", "lpz-sellerhausen-stuenz", "Lothar Beispiel-Richter", 1950, 'm'),
        P(13, Team.Ost, 0, "unemployed", "lpz-neustadt-neuschoenefeld", "Mira Beispiel-Wolf", 1987, 'd'),
        P(14, Team.Ost, 1, "employed", "lpz-anger-crottendorf", "Nils Beispiel-Braun", 1990, 'm'),
        O(15, Team.Ost, 1, "company", "lpz-volkmarsdorf", "Beispiel-Bäckerei Morgenrot GmbH (fiktiv)"),
        O(16, Team.Ost, 0, "company", "lpz-reudnitz-thonberg", "Beispiel-Kfz-Werkstatt Ostring (fiktiv)"),
        O(17, Team.Ost, 1, "association", "lpz-volkmarsdorf", "Beispielverein Nachbarschaftsgarten e. V. (fiktiv)"),
        O(18, Team.Ost, 0, "association", "lpz-anger-crottendorf", "Beispielverein Jugendtreff Anger e. V. (fiktiv)"),
        P(19, Team.Ost, 1, "inactive", "lpz-sellerhausen-stuenz", "Olga Beispiel-Petrova", 1983, 'f'),
        P(20, Team.Ost, 0, "unemployed", "lpz-volkmarsdorf", "Paul Beispiel-Zimmermann", 1998, 'm'),
        P(21, Team.Berlin, 0, "unemployed", "0909", "Rita Beispiel-Hartmann", 1976, 'f'),
        P(22, Team.Berlin, 1, "young_person", "0905", "Sami Beispiel-Haddad", 2008, 'm'),
        P(23, Team.Berlin, 0, "long_term_unemployed", "0910", "Tom Beispiel-Krüger", 1966, 'm'),
        P(24, Team.Berlin, 1, "employed", "0901", "Ute Beispiel-Lange", 1985, 'f'),
        P(25, Team.Berlin, 0, "volunteer", "0911", "Vera Beispiel-Schmitt", 1961, 'f'),
        P(26, Team.Berlin, 1, "inactive", "0907", "Wiebke Beispiel-Peters", 1993, 'f'),
        P(27, Team.Berlin, 0, "unemployed", "0301", "Yusuf Beispiel-Arslan", 1989, 'm'),
        P(28, Team.Berlin, 1, "young_person", "0302", "Zoe Beispiel-Fischer", 2007, 'f'),
        P(29, Team.Berlin, 0, "unemployed", "0307", "Alina Beispiel-Jung", 1994, 'f'),
        P(30, Team.Berlin, 1, "long_term_unemployed", "0309", "Boris Beispiel-Weber", 1971, 'm'),
        O(31, Team.Berlin, 0, "company", "0909", "Beispiel-Tischlerei Spreebogen (fiktiv)"),
        O(32, Team.Berlin, 1, "company", "0307", "Beispiel-Pflegedienst Pankow-Nord (fiktiv)"),
        O(33, Team.Berlin, 0, "association", "0909", "Beispielverein Kiezküche Oberschöneweide e. V. (fiktiv)"),
        P(34, Team.Berlin, 1, "young_person", "0311", "Clara Beispiel-Vogel", 2009, 'f'),
        P(35, Team.Berlin, 0, "unemployed", "0905", "Deniz Beispiel-Kaya", 1997, 'd'),
        P(36, Team.Berlin, 1, "employed", "0302", "Elias Beispiel-Franke", 1982, 'm'),
    ];

    /// <summary>Topics that fit a target group (the services of source text 003).</summary>
    private static string[] TopicsFor(string group) => group switch
    {
        "unemployed" or "long_term_unemployed" => ["career_planning", "application_support", "education_counselling"],
        "young_person" => ["career_orientation_internships", "education_counselling", "application_support"],
        "employed" => ["start_up_advice", "career_planning", "funding_research"],
        "volunteer" => ["volunteer_placement"],
        "inactive" => ["career_planning", "education_counselling", "volunteer_placement"],
        "company" => ["recruitment_advice", "funding_research"],
        _ => ["funding_research", "volunteer_placement"],
    };

    private static readonly Dictionary<string, (string Outcome, string NextSteps)> Notes = new()
    {
        ["career_planning"] = ("Berufliche Ziele und Stärken besprochen, zwei Richtungen ausgewählt.", "Stellenangebote in beiden Richtungen sichten."),
        ["application_support"] = ("Lebenslauf überarbeitet, Anschreiben für eine Stelle im Stadtteil entworfen.", "Drei Bewerbungen abschicken."),
        ["education_counselling"] = ("Weiterbildungsmöglichkeiten und Bildungsgutschein erklärt.", "Termin bei der Arbeitsagentur zur Förderung vereinbaren."),
        ["career_orientation_internships"] = ("Ausbildungsberufe im Handwerk und in der Pflege vorgestellt.", "Praktikumsplatz für zwei Wochen anfragen."),
        ["recruitment_advice"] = ("Personalbedarf für die kommenden Monate aufgenommen, Förderung bei Einstellung erläutert.", "Stellenprofil abstimmen und an Jobcenter geben."),
        ["funding_research"] = ("Passende Förderprogramme recherchiert und Fristen notiert.", "Antragsskizze bis zur nächsten Beratung vorbereiten."),
        ["start_up_advice"] = ("Gründungsidee besprochen, Coaching vom Businessplan bis nach der Gründung angeboten.", "Kapitalbedarf grob schätzen."),
        ["volunteer_placement"] = ("Interessen für ein Ehrenamt im Stadtteil geklärt.", "Kontakt zu einem Verein im Stadtteil herstellen."),
    };

    private static readonly string[] Channels = ["in_person", "in_person", "phone", "in_person", "video", "email", "outreach"];

    private static readonly DateOnly FirstDay = new(2026, 7, 1), LastDay = new(2026, 11, 20);

    public async Task<int> Handle(SeedDemoCounsellingCommand request, CancellationToken ct)
    {
        Guid Owner(DemoClient c) => request.Counsellors[(c.Team == Team.Ost ? DemoCounsellingIds.TeamOstCounsellors : DemoCounsellingIds.TeamBerlinCounsellors)[c.Owner]];
        var rows = await TeamsAsync(request, ct);
        foreach (var c in Clients)
        {
            var consultations = Consultations(c);
            rows += await ClientAsync(c, Owner(c), consultations[0].Date, ct);
            rows += await ConsultationsAsync(c, Owner(c), consultations, ct);
        }

        rows += await ShortContactsAsync(request, ct);
        rows += await CasesAsync(Owner, ct);
        rows += await ReferralsAsync(request.Partners, Owner, ct);
        rows += await EsfAsync(Owner, ct);
        return rows;
    }

    private async Task<int> TeamsAsync(SeedDemoCounsellingCommand request, CancellationToken ct)
    {
        var at = Instant(FirstDay.AddDays(-14));
        var rows = await db.ExecuteAsync(
            "insert into counselling.teams (id, name, created_at) values (@Id, @Name, @at) on conflict do nothing",
            new[]
            {
                new { Id = DemoCounsellingIds.TeamOst, Name = "Team Ost (Leipziger Osten)", at },
                new { Id = DemoCounsellingIds.TeamBerlin, Name = "Team Berlin (Treptow-Köpenick und Pankow)", at },
            }, ct);
        var members = DemoCounsellingIds.TeamOstCounsellors.Select(u => (DemoCounsellingIds.TeamOst, u))
            .Concat(DemoCounsellingIds.TeamBerlinCounsellors.Select(u => (DemoCounsellingIds.TeamBerlin, u)));
        foreach (var (team, userName) in members)
            rows += await db.ExecuteAsync(
                """
                insert into counselling.team_members (team_id, staff_user_id, added_at)
                select @team, @user, @at where exists (select 1 from counselling.teams where id = @team)
                on conflict do nothing
                """, new { team, user = request.Counsellors[userName], at }, ct);
        return rows;
    }

    private sealed record DemoConsultation(Guid Id, DateOnly Date, int Minutes, string Channel, string[] Topics, DateOnly? FollowUp);

    /// <summary>Two to four consultations per client between July and 20 November 2026, spread by the client's number.</summary>
    private static List<DemoConsultation> Consultations(DemoClient c)
    {
        var topics = TopicsFor(c.TargetGroup);
        var list = new List<DemoConsultation>();
        var date = FirstDay.AddDays(c.No * 17 % 75);
        var count = 2 + c.No % 3;
        for (var k = 0; k < count && date <= LastDay; k++)
        {
            var next = date.AddDays(14 + (c.No + k) % 4 * 9);
            var topic = topics[(c.No + k) % topics.Length];
            string[] chosen = (c.No + k) % 3 == 0 && topics.Length > 1 ? [topic, topics[(c.No + k + 1) % topics.Length]] : [topic];
            var channel = c.Kind == "organisation" && k == 0 ? "outreach" : Channels[(c.No * 3 + k) % Channels.Length];
            // Follow-ups: the next meeting; after the last one a date after 20 November for most, an open one for some.
            DateOnly? followUp = next <= LastDay ? next : c.No % 4 == 0 ? null : next;
            list.Add(new DemoConsultation(DemoCounsellingIds.Id(2000 + c.No * 10 + k), date, 30 + (c.No + k) % 4 * 15, channel, chosen, followUp));
            date = next;
        }

        return list;
    }

    private async Task<int> ClientAsync(DemoClient c, Guid owner, DateOnly intake, CancellationToken ct)
    {
        var id = DemoCounsellingIds.Client(c.No);
        var at = Instant(intake);
        var email = c.Kind == "person" && c.No % 3 != 0 ? $"{Ascii(c.Name.Split(' ')[0])}.beispiel{c.No}@example.invalid" : null;
        // The client number comes from the intake sequence, once: a re-run finds the id and takes no number.
        var rows = await db.ExecuteAsync(
            """
            insert into counselling.clients (id, client_number, kind, target_group, district_code, owner_id, team_id, version, created_at, updated_at)
            select @id, 'K-2026-' || lpad(nextval('counselling.client_number_seq')::text, 6, '0'), @Kind, @TargetGroup, @District, @owner, @team, 1, @at, @at
            where not exists (select 1 from counselling.clients where id = @id);
            insert into counselling.client_contacts (client_id, name, email, phone, postal_address, birth_year, updated_at)
            values (@id, @Name, @email, @phone, null, @birthYear, @at)
            on conflict do nothing;
            """,
            new
            {
                id, c.Kind, c.TargetGroup, c.District, owner, team = c.Team == Team.Ost ? DemoCounsellingIds.TeamOst : DemoCounsellingIds.TeamBerlin, at,
                c.Name, email, phone = c.No % 2 == 0 ? $"0000 {c.No:D4}00" : null, birthYear = (short?)c.BirthYear,
            }, ct);
        var purposes = new List<string> { "counselling" };
        if (email is not null) purposes.Add("email_contact");
        if (Esf.Any(e => e.Client == c.No)) purposes.Add("esf_reporting");
        if (ReferralPlan.Any(r => r.Client == c.No)) purposes.Add("partner_referral");
        for (var k = 0; k < purposes.Count; k++)
            rows += await db.ExecuteAsync(
                """
                insert into counselling.consents (id, client_id, purpose, given_at, recorded_by) values (@cid, @id, @purpose, @at, @owner)
                on conflict do nothing
                """, new { cid = DemoCounsellingIds.Id(1000 + c.No * 10 + k), id, purpose = purposes[k], at, owner }, ct);
        return rows;
    }

    private async Task<int> ConsultationsAsync(DemoClient c, Guid owner, List<DemoConsultation> consultations, CancellationToken ct)
    {
        var rows = 0;
        foreach (var k in consultations)
        {
            var (outcome, nextSteps) = Notes[k.Topics[0]];
            rows += await db.ExecuteAsync(
                """
                insert into counselling.consultations (id, client_id, counsellor_id, occurred_on, duration_minutes, channel, topics, outcome, next_steps,
                    follow_up_on, created_at)
                values (@Id, @client, @owner, @Date, @Minutes, @Channel, @Topics, @outcome, @nextSteps, @FollowUp, @at)
                on conflict do nothing
                """, new { k.Id, client = DemoCounsellingIds.Client(c.No), owner, k.Date, k.Minutes, k.Channel, k.Topics, outcome, nextSteps, k.FollowUp, at = Instant(k.Date) }, ct);
        }

        return rows;
    }

    /// <summary>Anonymous short contacts: every counsellor, every other Wednesday of the two quarters, a few per channel and topic.</summary>
    private async Task<int> ShortContactsAsync(SeedDemoCounsellingCommand request, CancellationToken ct)
    {
        var rows = 0;
        var counsellors = DemoCounsellingIds.TeamOstCounsellors.Concat(DemoCounsellingIds.TeamBerlinCounsellors).ToArray();
        var topics = new[] { "career_planning", "application_support", "career_orientation_internships", "volunteer_placement", "funding_research" };
        var day = new DateOnly(2026, 7, 1);
        for (var week = 0; day <= LastDay; week++, day = day.AddDays(14))
            for (var i = 0; i < counsellors.Length; i++)
                rows += await db.ExecuteAsync(
                    """
                    insert into counselling.short_contacts (contact_date, counsellor_id, channel, topic, count)
                    values (@day, @counsellor, @channel, @topic, @count)
                    on conflict do nothing
                    """, new
                    {
                        day, counsellor = request.Counsellors[counsellors[i]], channel = (week + i) % 3 == 0 ? "phone" : "in_person",
                        topic = topics[(week + i) % topics.Length], count = 1 + (week * 5 + i * 3) % 6,
                    }, ct);
        return rows;
    }

    private sealed record DemoTask(int No, string Description, DateOnly OccurredOn, DateOnly? DueOn, bool Done, string Kind = "task");

    private sealed record DemoCase(int No, int Client, string ServiceLine, DateOnly OpenedOn, string Plan, DateOnly? ClosedOn, string? Outcome, DemoTask[] Activities);

    private static readonly DemoCase[] Cases =
    [
        new(1, 1, "job_seekers", new(2026, 7, 20), "Rückkehr in die Verwaltungsarbeit: Bewerbungsunterlagen, Weiterbildung Buchhaltung, Bewerbungen im Stadtteil.", null, null,
        [
            new(1, "Bewerbungsunterlagen gemeinsam überarbeitet.", new(2026, 7, 20), null, false, "note"),
            new(2, "Angebot der Weiterbildung Buchhaltung einholen.", new(2026, 7, 20), new(2026, 8, 10), true),
            new(3, "Rückmeldung der zwei Betriebe aus dem Stadtteil nachhalten.", new(2026, 11, 2), new(2026, 11, 24), false),
        ]),
        new(2, 3, "young_people", new(2026, 8, 3), "Berufsorientierung nach dem Schulabschluss: Praktikum im Handwerk, danach Ausbildungsplatz.", null, null,
        [
            new(4, "Zwei Betriebe für ein Schülerpraktikum angefragt.", new(2026, 8, 3), null, false, "note"),
            new(5, "Zusage für das Praktikum nachfassen.", new(2026, 10, 28), new(2026, 11, 18), false),
        ]),
        new(3, 15, "companies", new(2026, 7, 8), "Zwei Fachkräfte für die Backstube gewinnen, Einstiegsförderung prüfen.", new(2026, 10, 30), "staff_recruited",
        [
            new(6, "Stellenprofil mit dem Jobcenter abgestimmt.", new(2026, 7, 15), new(2026, 7, 31), true),
        ]),
        new(4, 24, "start_up", new(2026, 9, 7), "Gründung eines Lieferdienstes für den Kiez: Businessplan, Finanzierung, Coaching.", null, null,
        [
            new(7, "Kapitalbedarfsplan besprechen.", new(2026, 10, 5), new(2026, 12, 1), false),
        ]),
        new(5, 33, "associations", new(2026, 9, 21), "Anschlussfinanzierung für die Kiezküche nach dem Ende der Regelförderung finden.", null, null,
        [
            new(8, "Förderaufruf des Bezirks prüfen und Antragsfrist notieren.", new(2026, 9, 21), new(2026, 11, 13), true),
            new(9, "Antragsskizze mit dem Vorstand abstimmen.", new(2026, 11, 13), new(2026, 11, 27), false),
        ]),
    ];

    private async Task<int> CasesAsync(Func<DemoClient, Guid> owner, CancellationToken ct)
    {
        var rows = 0;
        foreach (var c in Cases)
        {
            var client = Clients.Single(x => x.No == c.Client);
            var by = owner(client);
            var id = DemoCounsellingIds.Id(3000 + c.No);
            rows += await db.ExecuteAsync(
                """
                insert into counselling.cases (id, client_id, service_line, opened_on, plan, closed_on, outcome, opened_by, version, created_at, updated_at)
                values (@id, @client, @ServiceLine, @OpenedOn, @Plan, @ClosedOn, @Outcome, @by, 1, @at, @at)
                on conflict do nothing
                """, new { id, client = DemoCounsellingIds.Client(c.Client), c.ServiceLine, c.OpenedOn, c.Plan, c.ClosedOn, c.Outcome, by, at = Instant(c.OpenedOn) }, ct);
            foreach (var a in c.Activities)
                rows += await db.ExecuteAsync(
                    """
                    insert into counselling.case_activities (id, case_id, occurred_on, kind, description, due_on, done_at, created_by, created_at)
                    select @aid, @id, @OccurredOn, @Kind, @Description, @DueOn, @doneAt, @by, @at
                    where exists (select 1 from counselling.cases where id = @id)
                    on conflict do nothing
                    """, new
                    {
                        aid = DemoCounsellingIds.Id(3100 + a.No), id, a.OccurredOn, a.Kind, a.Description, a.DueOn,
                        doneAt = a.Done && a.DueOn is { } due ? Instant(due) : (DateTimeOffset?)null, by, at = Instant(a.OccurredOn),
                    }, ct);
        }

        return rows;
    }

    /// <summary>Referrals: client, partner district ("lpz-ost", "09" or "03"), date, status reached.</summary>
    private static readonly (int No, int Client, string District, DateOnly On, string Status)[] ReferralPlan =
    [
        (1, 2, "lpz-ost", new(2026, 8, 24), "accepted"),
        (2, 5, "lpz-ost", new(2026, 9, 14), "completed"),
        (3, 10, "lpz-ost", new(2026, 10, 19), "sent"),
        (4, 13, "lpz-ost", new(2026, 11, 9), "declined"),
        (5, 21, "09", new(2026, 8, 17), "completed"),
        (6, 23, "09", new(2026, 9, 28), "accepted"),
        (7, 26, "09", new(2026, 10, 12), "sent"),
        (8, 30, "03", new(2026, 11, 2), "sent"),
    ];

    private async Task<int> ReferralsAsync(IReadOnlyList<OrganisationInfo> partners, Func<DemoClient, Guid> owner, CancellationToken ct)
    {
        var rows = 0;
        foreach (var r in ReferralPlan)
        {
            // A partner of the client's district, else any: the network may hold other organisations than the demo's.
            var local = partners.Where(p => p.DistrictCode == r.District).ToList();
            var pool = local.Count > 0 ? local : partners.ToList();
            if (pool.Count == 0) return rows;
            var partner = pool[r.No % pool.Count];
            var id = DemoCounsellingIds.Id(4000 + r.No);
            var by = owner(Clients.Single(c => c.No == r.Client));
            var sentAt = Instant(r.On);
            var changedAt = r.Status == "sent" ? sentAt : Instant(r.On.AddDays(10));
            var inserted = await db.ExecuteAsync(
                """
                insert into counselling.referrals (id, client_id, target, organisation_id, organisation_name, reason, status, referred_on, referred_by,
                    status_changed_at, version, created_at)
                values (@id, @client, 'partner_organisation', @org, @name, @reason, @Status, @On, @by, @changedAt, 1, @sentAt)
                on conflict do nothing
                """, new
                {
                    id, client = DemoCounsellingIds.Client(r.Client), org = partner.Id, name = partner.Name, r.Status, r.On, by, changedAt, sentAt,
                    reason = "Weitere Unterstützung beim Übergang in Arbeit, die der Partner vor Ort anbietet.",
                }, ct);
            rows += inserted;
            if (inserted == 0) continue;
            // The status history, only when the referral itself was new (its rows have generated ids).
            rows += await db.ExecuteAsync(
                """
                insert into counselling.referral_status_changes (referral_id, status, note, changed_by, changed_at)
                select @id, 'sent', null, @by, @sentAt
                union all select @id, @Status, 'Rückmeldung des Partners', @by, @changedAt where @Status <> 'sent'
                """, new { id, by, sentAt, r.Status, changedAt }, ct);
        }

        return rows;
    }

    /// <summary>
    /// ESF Plus participation of a client (demo assumption: both teams' projects are co-funded by ESF Plus;
    /// project codes made up). Entry data is recorded a few days after entry unless <c>EntryMissing</c>;
    /// stays as (entered, left, exit data recorded).
    /// </summary>
    private sealed record DemoEsf(int Client, string Project, DateOnly Entered, bool EntryMissing, (DateOnly Entered, DateOnly? Left, bool ExitRecorded)[] Stays);

    private const string ProjectOst = "werkstadt-arbeit", ProjectBerlin = "beschaeftigung-berlin";

    private static readonly DemoEsf[] Esf =
    [
        new(1, ProjectOst, new(2026, 7, 20), false, [(new(2026, 7, 20), null, false)]),
        // Left in August, came back in October: one participant, two stays.
        new(2, ProjectOst, new(2026, 7, 13), false, [(new(2026, 7, 13), new(2026, 8, 28), true), (new(2026, 10, 12), null, false)]),
        new(3, ProjectOst, new(2026, 8, 3), false, [(new(2026, 8, 3), null, false)]),
        // Entered before the two quarters and left in May: the six-month result is due in November.
        new(5, ProjectOst, new(2026, 4, 13), false, [(new(2026, 4, 13), new(2026, 5, 22), true)]),
        new(9, ProjectOst, new(2026, 7, 27), false, [(new(2026, 7, 27), new(2026, 10, 16), true)]),
        // Left on 6 November, exit data still missing (due 4 December).
        new(10, ProjectOst, new(2026, 8, 10), false, [(new(2026, 8, 10), new(2026, 11, 6), false)]),
        new(11, ProjectOst, new(2026, 9, 1), false, [(new(2026, 9, 1), null, false)]),
        new(13, ProjectOst, new(2026, 9, 14), false, [(new(2026, 9, 14), null, false)]),
        // Entered on 5 October, entry data still missing: overdue since 2 November.
        new(20, ProjectOst, new(2026, 10, 5), true, [(new(2026, 10, 5), null, false)]),
        new(21, ProjectBerlin, new(2026, 7, 6), false, [(new(2026, 7, 6), new(2026, 9, 30), true)]),
        new(22, ProjectBerlin, new(2026, 8, 17), false, [(new(2026, 8, 17), null, false)]),
        new(23, ProjectBerlin, new(2026, 7, 15), false, [(new(2026, 7, 15), null, false)]),
        new(27, ProjectBerlin, new(2026, 9, 9), false, [(new(2026, 9, 9), null, false)]),
        new(29, ProjectBerlin, new(2026, 10, 1), false, [(new(2026, 10, 1), null, false)]),
        // Entered on 2 November, entry data not yet recorded (due 30 November).
        new(35, ProjectBerlin, new(2026, 11, 2), true, [(new(2026, 11, 2), null, false)]),
    ];

    private async Task<int> EsfAsync(Func<DemoClient, Guid> owner, CancellationToken ct)
    {
        var rows = 0;
        foreach (var e in Esf)
        {
            var c = Clients.Single(x => x.No == e.Client);
            var by = owner(c);
            var id = DemoCounsellingIds.Id(5000 + e.Client);
            var left = e.Stays.All(s => s.Left is not null) ? e.Stays[^1].Left : null;
            var unemployed = c.TargetGroup is "unemployed" or "long_term_unemployed";
            var entry = e.EntryMissing ? null : new
            {
                gender = c.Gender switch { 'f' => "female", 'm' => "male", _ => c.No % 2 == 0 ? "non_binary" : "not_stated" },
                age = (short)(e.Entered.Year - c.BirthYear!.Value),
                status = unemployed ? "unemployed" : c.TargetGroup == "employed" ? "employed" : "inactive",
                months = unemployed ? (short?)(c.TargetGroup == "long_term_unemployed" ? 14 + c.No % 20 : 2 + c.No % 9) : null,
                education = (c.No % 3) switch { 0 => "isced_0_2", 1 => "isced_3_4", _ => "isced_5_8" },
                disability = (c.No % 4) switch { 0 => "yes", 3 => "not_stated", _ => "no" },
                minority = c.No % 5 == 0 ? "not_stated" : "no",
            };
            rows += await db.ExecuteAsync(
                """
                insert into counselling.esf_participations (id, client_id, project_code, first_entered_on, gender, age_at_entry, labour_market_status,
                    unemployment_months, education_level, third_country_national, foreign_background, homeless, rural_area, disability, minority,
                    entry_recorded_at, entry_recorded_by, retain_until, version, created_at, updated_at)
                values (@id, @client, @Project, @Entered, @gender, @age, @status, @months, @education, @tcn, @foreign, @homeless, @rural, @disability,
                    @minority, @recordedAt, @recordedBy, @retainUntil, 1, @at, @at)
                on conflict do nothing
                """, new
                {
                    id, client = DemoCounsellingIds.Client(e.Client), e.Project, e.Entered, entry?.gender, entry?.age, entry?.status, entry?.months,
                    entry?.education, tcn = entry is null ? (bool?)null : c.No % 7 == 3, foreign = entry is null ? (bool?)null : c.No % 3 == 0,
                    homeless = entry is null ? (bool?)null : false, rural = entry is null ? (bool?)null : false, entry?.disability, entry?.minority,
                    recordedAt = entry is null ? (DateTimeOffset?)null : Instant(e.Entered.AddDays(3)), recordedBy = entry is null ? (Guid?)null : by,
                    // Demo assumption for the legal hold: kept until the end of 2033 once the participant has left.
                    retainUntil = left is null ? (DateOnly?)null : new DateOnly(2033, 12, 31), at = Instant(e.Entered),
                }, ct);
            for (var k = 0; k < e.Stays.Length; k++)
            {
                var s = e.Stays[k];
                var employed = s.ExitRecorded && e.Client % 2 == 1;
                rows += await db.ExecuteAsync(
                    """
                    insert into counselling.esf_stays (id, participation_id, entered_on, left_on, exit_job_searching, exit_in_education,
                        exit_gained_qualification, exit_employed, exit_recorded_at, exit_recorded_by, created_at)
                    select @sid, @id, @Entered, @Left, @searching, @education, @qualification, @employed, @recordedAt, @by, @at
                    where exists (select 1 from counselling.esf_participations where id = @id)
                    on conflict do nothing
                    """, new
                    {
                        sid = DemoCounsellingIds.Id(5100 + e.Client * 10 + k), id, s.Entered, s.Left,
                        searching = s.ExitRecorded ? !employed : (bool?)null, education = s.ExitRecorded ? e.Client == 9 : (bool?)null,
                        qualification = s.ExitRecorded ? e.Client is 9 or 21 : (bool?)null, employed = s.ExitRecorded ? employed : (bool?)null,
                        recordedAt = s.ExitRecorded && s.Left is { } l ? Instant(l.AddDays(5)) : (DateTimeOffset?)null,
                        by = s.ExitRecorded ? by : (Guid?)null, at = Instant(s.Entered),
                    }, ct);
            }
        }

        return rows;
    }

    /// <summary>09:00 in Berlin on that day, as the instant stored.</summary>
    private static DateTimeOffset Instant(DateOnly date)
    {
        var local = date.ToDateTime(new TimeOnly(9, 0));
        return new DateTimeOffset(local, BerlinTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    private static string Ascii(string name) =>
        name.ToLowerInvariant().Replace("ü", "ue").Replace("ö", "oe").Replace("ä", "ae").Replace("ß", "ss").Replace("ı", "i");
}
