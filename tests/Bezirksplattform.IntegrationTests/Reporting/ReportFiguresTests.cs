using System.Net;
using System.Net.Http.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.IntegrationTests.Coaching;
using Bezirksplattform.IntegrationTests.Counselling;
using Bezirksplattform.IntegrationTests.Partners;
using Bezirksplattform.Reporting.Definitions;
using Bezirksplattform.Reporting.Documents;
using Dapper;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.IntegrationTests.Reporting;

/// <summary>
/// THE hand-computed fixture across the three modules (issue 7). Counselling and the coaching outcomes and
/// founder journey go through the staff APIs; coaches, sessions with bookings and the partner network's
/// programmes, projects, agreements and committees are arranged in their modules' tables like the other
/// modules' tests do (their rules are tested there). All dates 2026 unless said.
///
/// Counselling (intake 1 July): K1 unemployed 0901, K2 young_person 0901, K3 employed 0902.
///   Consultations: K1 10.07 [career_planning], K1 12.08 [career_planning, application_support],
///   K2 20.07 [education_counselling], K3 15.09 [career_planning], K3 05.10 [career_planning] (October only).
///   ESF: K1 enters esf-brueckenbau 10.07, female.
/// Coaching (one session type, capacity 5): S0 10.03 held (E); S1 07.07 held (A, B); S2 04.08 held (C);
///   S3 11.08 no-show (D). A founded 01.09, E founded 02.05.
/// Partners: programmes BIWAQ (periods fp-2021-2022, fp-2023-2026) and PFD (fp-2023-2026); fields Arbeit, Bildung.
///   P1 running 01.01.–31.12., Bildung, 0901+0902, BIWAQ/fp-2023-2026: 2025 approved 1.000.000 ct, 2026 approved 5.000.000 spent 1.200.000.
///   P2 completed 01.03.2025–31.08., Arbeit, 0901, PFD/fp-2023-2026: 2025 approved = spent 3.000.000, 2026 approved 2.000.000 spent 1.500.000.
///   P3 completed 2021–2022, Bildung, 0903, BIWAQ/fp-2021-2022: 2022 approved = spent 900.000.
///   P4 cancelled from 01.02., Arbeit, 0902. P5 running 01.10.–30.06.2027, no field, no region.
///   Agreements: A1 01.01.2025–15.02.2027 signed by both; A2 from 01.06.2024 open-ended, signed; A3 from 01.01. one
///   signature missing; A4 from 2023 terminated on 01.11. Committees: C1 (chair, deputy, member, guest from 01.12.;
///   a member whose term ended 30.06.), C2 dissolved 30.06.
///   Organisations: A takes referrals in 0901, B in 0901 and 0902, C does not take referrals (0903).
/// </summary>
public sealed class ReportFiguresFixture() : EsfFixtureBase(new DateTimeOffset(2026, 7, 1, 10, 0, 0, TimeSpan.FromHours(2)))
{
    public static readonly Guid Arbeit = Guid.Parse("00000000-0000-0000-0000-00000000a001");
    public static readonly Guid Bildung = Guid.Parse("00000000-0000-0000-0000-00000000a002");
    public static readonly Guid C1 = Guid.Parse("00000000-0000-0000-0000-00000000c001");

    public string SessionTypeSlug { get; private set; } = "";

    protected override async Task ArrangeAsync()
    {
        await UserAsync("rep-admin", Roles.Admin);
        var counsellor = await UserAsync("rep-s", Roles.Counsellor, Roles.SpecialCategories);
        await TeamAsync(await LoginAsync("rep-admin"), "Team Berichte", counsellor);
        var s = await LoginAsync("rep-s");
        var k1 = await ClientAsync(s, "Fiktiv K1", "unemployed", "0901");
        var k2 = await ClientAsync(s, "Fiktiv K2", "young_person", "0901");
        var k3 = await ClientAsync(s, "Fiktiv K3", "employed", "0902");

        App.Clock.Set(new DateTimeOffset(2026, 10, 6, 10, 0, 0, TimeSpan.FromHours(2)));
        s = await LoginAsync("rep-s");
        var admin = await LoginAsync("rep-admin");
        await ConsultationAsync(s, k1, "2026-07-10", "career_planning");
        await ConsultationAsync(s, k1, "2026-08-12", "career_planning", "application_support");
        await ConsultationAsync(s, k2, "2026-07-20", "education_counselling");
        await ConsultationAsync(s, k3, "2026-09-15", "career_planning");
        await ConsultationAsync(s, k3, "2026-10-05", "career_planning");
        await EnterAsync(s, k1, "esf-brueckenbau", "2026-07-10", Entry("female", 30, "unemployed", 8, "isced_3_4"));

        var offer = await CoachingArrange.CoachWithSessionTypeAsync(Db, capacity: 5);
        SessionTypeSlug = offer.SessionTypeSlug;
        DateTimeOffset At(int month, int day) => new(2026, month, day, 10, 0, 0, TimeSpan.FromHours(month is >= 4 and <= 10 ? 2 : 1));
        var s0 = await CoachingArrange.BookedSessionAsync(Db, offer.CoachId, offer.SessionTypeId, At(3, 10), 60, capacity: 5, founderNames: ["Gründerin E"]);
        var s1 = await CoachingArrange.BookedSessionAsync(Db, offer.CoachId, offer.SessionTypeId, At(7, 7), 60, capacity: 5, founderNames: ["Gründerin A", "Gründer B"]);
        var s2 = await CoachingArrange.BookedSessionAsync(Db, offer.CoachId, offer.SessionTypeId, At(8, 4), 60, capacity: 5, founderNames: ["Gründerin C"]);
        var s3 = await CoachingArrange.BookedSessionAsync(Db, offer.CoachId, offer.SessionTypeId, At(8, 11), 60, capacity: 5, founderNames: ["Gründer D"]);
        foreach (var (session, outcome) in new[] { (s0, "held"), (s1, "held"), (s2, "held"), (s3, "no_show") })
            await OkAsync(await admin.PostAsJsonAsync($"/api/coaching/sessions/{session}/outcome", new { outcome }));
        await FoundedAsync(admin, "Gründerin A", "2026-09-01");
        await FoundedAsync(admin, "Gründerin E", "2026-05-02");

        await PartnersAsync();
    }

    private static async Task ConsultationAsync(HttpClient http, Guid client, string occurredOn, params string[] topics) =>
        await OkAsync(await http.PostAsJsonAsync($"/api/counselling/clients/{client}/consultations", new
        {
            occurredOn, durationMinutes = 45, channel = "in_person", topics, outcome = "Gespräch geführt", nextSteps = "Unterlagen sichten",
        }), HttpStatusCode.Created);

    private async Task FoundedAsync(HttpClient admin, string name, string foundedOn)
    {
        await using var connection = await Db.DataSource.OpenConnectionAsync();
        var id = await connection.QuerySingleAsync<Guid>("select id from coaching.founders where name = @name", new { name });
        await OkAsync(await admin.PutAsJsonAsync($"/api/coaching/founders/{id}/journey", new { stage = "founded", foundedOn }));
    }

    private async Task PartnersAsync()
    {
        var a = await PartnersArrange.OrganisationAsync(Db, "Träger A", acceptsReferrals: true, regions: ["0901"]);
        var b = await PartnersArrange.OrganisationAsync(Db, "Träger B", acceptsReferrals: true, regions: ["0901", "0902"]);
        await PartnersArrange.OrganisationAsync(Db, "Träger C", acceptsReferrals: false, regions: ["0903"]);
        var chair = await PartnersArrange.PersonAsync(Db, "Vera", "Vorsitz");
        var former = await PartnersArrange.PersonAsync(Db, "Egon", "Ehemalig");
        var guest = await PartnersArrange.PersonAsync(Db, "Gina", "Gast");
        await using var connection = await Db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            insert into partners.funding_programmes (code, name, funder_level, created_at, updated_at) values
                ('BIWAQ', 'BIWAQ', 'federal', now(), now()), ('PFD', 'Partnerschaften für Demokratie', 'federal', now(), now());
            insert into partners.funding_periods (code, name, starts_on, ends_on, created_at, updated_at) values
                ('fp-2021-2022', 'Förderperiode 2021–2022', '2021-01-01', '2022-12-31', now(), now()),
                ('fp-2023-2026', 'Förderperiode 2023–2026', '2023-01-01', '2026-12-31', now(), now());
            insert into partners.programme_periods values ('BIWAQ', 'fp-2021-2022'), ('BIWAQ', 'fp-2023-2026'), ('PFD', 'fp-2023-2026');
            insert into partners.fields_of_action (id, district_code, name, created_at, updated_at) values
                (@Arbeit, '09', 'Arbeit', now(), now()), (@Bildung, '09', 'Bildung', now(), now());
            """, new { Arbeit, Bildung });

        async Task Project(string title, string status, string start, string? end, Guid? field, string[] regions, params (string Programme, string Period, int Year, long Approved, long Spent)[] budgets)
        {
            var id = Guid.NewGuid();
            await connection.ExecuteAsync(
                """
                insert into partners.projects (id, title, summary, lead_organisation_id, period_start, period_end, status, district_code, field_of_action_id, created_at, updated_at)
                values (@id, @title, '', @a, @start::date, @end::date, @status, '09', @field, now(), now());
                insert into partners.project_regions (project_id, region_code) select @id, unnest(@regions);
                """, new { id, title, a, start, end, status, field, regions });
            foreach (var (programme, period, year, approved, spent) in budgets)
                await connection.ExecuteAsync(
                    """
                    insert into partners.funding_lines (id, project_id, programme_code, period_code, created_at, updated_at)
                    values (md5(@id::text || @programme || @period)::uuid, @id, @programme, @period, now(), now()) on conflict do nothing;
                    insert into partners.funding_line_budgets (funding_line_id, year, approved_cents, spent_cents)
                    values (md5(@id::text || @programme || @period)::uuid, @year, @approved, @spent);
                    """, new { id, programme, period, year, approved, spent });
        }

        await Project("P1", "running", "2026-01-01", "2026-12-31", Bildung, ["0901", "0902"],
            ("BIWAQ", "fp-2023-2026", 2025, 1_000_000, 0), ("BIWAQ", "fp-2023-2026", 2026, 5_000_000, 1_200_000));
        await Project("P2", "completed", "2025-03-01", "2026-08-31", Arbeit, ["0901"],
            ("PFD", "fp-2023-2026", 2025, 3_000_000, 3_000_000), ("PFD", "fp-2023-2026", 2026, 2_000_000, 1_500_000));
        await Project("P3", "completed", "2021-01-01", "2022-12-31", Bildung, ["0903"], ("BIWAQ", "fp-2021-2022", 2022, 900_000, 900_000));
        await Project("P4", "cancelled", "2026-02-01", null, Arbeit, ["0902"]);
        await Project("P5", "running", "2026-10-01", "2027-06-30", null, []);

        async Task Agreement(string title, string validFrom, string? validUntil, string? terminatedOn, bool allSigned)
        {
            var id = Guid.NewGuid();
            await connection.ExecuteAsync(
                """
                insert into partners.agreements (id, title, valid_from, valid_until, terminated_on, termination_reason, termination_notice_given_on, created_at, updated_at)
                values (@id, @title, @validFrom::date, @validUntil::date, @terminatedOn::date,
                        case when @terminatedOn::date is not null then 'Kündigung' end, (@terminatedOn::date - 90), now(), now());
                insert into partners.agreement_parties (agreement_id, organisation_id, role, added_at) values (@id, @a, 'provider', now()), (@id, @b, 'provider', now());
                insert into partners.agreement_signatories (id, agreement_id, organisation_id, signed_on, added_at) values (gen_random_uuid(), @id, @a, @validFrom::date, now());
                insert into partners.agreement_signatories (id, agreement_id, organisation_id, signed_on, added_at)
                select gen_random_uuid(), @id, @b, @validFrom::date, now() where @allSigned;
                """, new { id, title, validFrom, validUntil, terminatedOn, allSigned, a, b });
        }

        await Agreement("Kooperationsvereinbarung Bildung", "2025-01-01", "2027-02-15", null, allSigned: true);
        await Agreement("Rahmenvereinbarung", "2024-06-01", null, null, allSigned: true);
        await Agreement("Entwurf", "2026-01-01", null, null, allSigned: false);
        await Agreement("Gekündigt", "2023-01-01", null, "2026-11-01", allSigned: true);

        await connection.ExecuteAsync(
            """
            insert into partners.committees (id, name, kind, founded_on, dissolved_on, created_at, updated_at) values
                (@C1, 'Steuerungsgruppe', 'steering_group', '2024-01-01', null, now(), now()),
                (gen_random_uuid(), 'AG Übergang', 'working_group', '2024-01-01', '2026-06-30', now(), now());
            insert into partners.committee_memberships (id, committee_id, person_id, on_behalf_of_organisation_id, role, term, created_at, updated_at) values
                (gen_random_uuid(), @C1, @chair, null, 'chair', '[2024-01-01,)', now(), now()),
                (gen_random_uuid(), @C1, null, @a, 'deputy', '[2024-01-01,)', now(), now()),
                (gen_random_uuid(), @C1, @former, null, 'member', '[2025-01-01,2026-07-01)', now(), now()),
                (gen_random_uuid(), @C1, null, @b, 'member', '[2026-01-01,)', now(), now()),
                (gen_random_uuid(), @C1, @guest, null, 'guest', '[2026-12-01,2027-01-01)', now(), now());
            """, new { C1, chair, former, guest, a, b });
    }

    /// <summary>Gathers a report as a run would: the definition from DI in a scope, with that scope's mediator.</summary>
    internal async Task<(IReadOnlyList<ReportSection> Sections, List<(int Percent, string Step)> Progress)> GatherAsync(
        string definition, string period, bool forPublication)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var report = scope.ServiceProvider.GetServices<IReportDefinition>().Single(d => d.Key == definition);
        var progress = new List<(int, string)>();
        var sections = await report.GatherAsync(report.ParsePeriod(period)!, forPublication,
            new ReportGathering(scope.ServiceProvider.GetRequiredService<IMediator>(), (p, step, _) => { progress.Add((p, step)); return Task.CompletedTask; }),
            CancellationToken.None);
        return (sections, progress);
    }
}

public sealed class ReportFiguresTests(ReportFiguresFixture fixture) : IClassFixture<ReportFiguresFixture>
{
    /// <summary>A table as "key: v1 v2 …" lines; a withheld cell is "x".</summary>
    private static string[] Rows(IReadOnlyList<ReportSection> sections, string table) =>
        [.. sections.SelectMany(s => s.Tables).Single(t => t.Key == table).Rows
            .Select(r => $"{r.Key}: {string.Join(' ', r.Values.Select(v => v.Suppressed ? "x" : v.Number!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)))}")];

    [Fact]
    public async Task The_quarterly_funder_report_for_2026_Q3_shows_the_hand_computed_figures()
    {
        var (sections, progress) = await fixture.GatherAsync("quarterly-funder", "2026-Q3", forPublication: false);

        Assert.Equal(["counselling", "esf", "coaching", "funding"], sections.Select(s => s.Key));
        // Q1/Q2: nothing. Q3: 4 consultations (the one on 5 October is outside), K1–K3 counselled, all three taken in on 1 July.
        Assert.Equal(["2026-Q1: 0 0 0", "2026-Q2: 0 0 0", "2026-Q3: 4 3 3"], Rows(sections, "counselling_by_quarter"));
        // Columns: quarter, year to date (the same: nothing happened before July).
        Assert.Equal(["total: 4 4"], Rows(sections, "consultations_by_total"));
        Assert.Equal(
            ["unemployed: 2 2", "long_term_unemployed: 0 0", "young_person: 1 1", "employed: 1 1", "inactive: 0 0", "volunteer: 0 0", "company: 0 0", "association: 0 0"],
            Rows(sections, "consultations_by_target_group"));
        Assert.Equal(["0901: 3 3", "0902: 1 1"], Rows(sections, "consultations_by_district")); // K1 twice + K2 in 0901; K3 in 0902
        // career_planning: K1 ×2 + K3; application_support and education_counselling once each (a consultation has several topics).
        Assert.Equal(
            ["career_planning: 3 3", "education_counselling: 1 1", "application_support: 1 1", "career_orientation_internships: 0 0",
             "recruitment_advice: 0 0", "funding_research: 0 0", "start_up_advice: 0 0", "volunteer_placement: 0 0"],
            Rows(sections, "consultations_by_topic"));
        Assert.Equal(["total: 3 3"], Rows(sections, "clients_by_total"));
        Assert.Equal(["total: 3 3"], Rows(sections, "new_clients_by_total"));
        // K1 (female) is the one ESF participant: EECO01 total 1, female 1.
        Assert.Equal("EECO01: 1 1 0 0 0", Rows(sections, "esf_output")[0]);

        // Quarter: S1 (A, B) and S2 (C) held, S3 a no-show; year: plus S0 (E) in March. Founded: A on 1 Sept; E in May (year only).
        Assert.Equal(["sessions_held: 2 3", "attendances: 3 4", "founders_coached: 3 4", "founders_founded: 1 2"], Rows(sections, "coaching"));
        Assert.Equal([$"{fixture.SessionTypeSlug}: 2 3 3"], Rows(sections, "coaching_by_session_type"));
        // Q3 runs P1 (BIWAQ) and P2 (PFD, until 31 Aug); budgets of 2026 only. P3's old line runs nothing in 2026.
        Assert.Equal(["BIWAQ: 1 5000000 1200000", "PFD: 1 2000000 1500000"], Rows(sections, "funding_by_programme"));
        Assert.Equal([25, 45, 65, 85], progress.Select(p => p.Percent));
    }

    [Fact]
    public async Task The_publication_variant_withholds_counts_of_people_from_1_to_4_but_not_sessions_or_money()
    {
        var (sections, _) = await fixture.GatherAsync("quarterly-funder", "2026-Q3", forPublication: true);

        Assert.Equal(["total: x x"], Rows(sections, "consultations_by_total")); // 4: withheld at the source (Counselling)
        Assert.Equal(["total: x x"], Rows(sections, "clients_by_total"));
        Assert.StartsWith("EECO01: x", Rows(sections, "esf_output")[0]);
        // Reporting's own rule (SmallCounts): 3 attendances, 3 and 4 founders, 1 and 2 foundings withheld; sessions stay.
        Assert.Equal(["sessions_held: 2 3", "attendances: x x", "founders_coached: x x", "founders_founded: x x"], Rows(sections, "coaching"));
        Assert.Equal([$"{fixture.SessionTypeSlug}: 2 x x"], Rows(sections, "coaching_by_session_type"));
        Assert.Equal(["BIWAQ: 1 5000000 1200000", "PFD: 1 2000000 1500000"], Rows(sections, "funding_by_programme"));
    }

    [Fact]
    public async Task The_annual_alliance_report_for_2026_shows_projects_funding_agreements_and_committees()
    {
        var (sections, _) = await fixture.GatherAsync("annual-alliance", "2026", forPublication: true);

        // Running in 2026: P1 (Bildung), P2 (Arbeit), P5 (none); P3 ended 2022, P4 is cancelled.
        Assert.Equal([$"{ReportFiguresFixture.Arbeit}: 1", $"{ReportFiguresFixture.Bildung}: 1", "none: 1", "total: 3"], Rows(sections, "projects_by_field_of_action"));
        Assert.Equal(["BIWAQ: 1 5000000 1200000", "PFD: 1 2000000 1500000"], Rows(sections, "funding_by_programme"));
        // BIWAQ/fp-2021-2022 (P3) has neither a running project nor a 2026 budget: left out.
        Assert.Equal(["BIWAQ/fp-2023-2026: 1 5000000 1200000", "PFD/fp-2023-2026: 1 2000000 1500000"], Rows(sections, "funding_by_programme_and_period"));
        // On 31 Dec: A1 and A2 in force (A3 lacks a signature, A4 ended 31 Oct); A1's last day 15 Feb 2027 is within 90 days.
        Assert.Equal(["in_force: 2", "expiring_90_days: 1"], Rows(sections, "agreements"));
        Assert.Equal("Auslaufend: Kooperationsvereinbarung Bildung (bis 15.02.2027).",
            sections.Single(s => s.Key == "agreements").Tables[0].Note);
        // C1 on 31 Dec: chair, deputy, member B, guest (term to 31 Dec); the former member left 30 June. C2 dissolved.
        Assert.Equal([$"{ReportFiguresFixture.C1}: 4 1 1 1 1"], Rows(sections, "committee_memberships"));
    }

    [Fact]
    public async Task The_monthly_activity_overview_for_October_2026_lists_each_region()
    {
        var (sections, _) = await fixture.GatherAsync("monthly-activity", "2026-10", forPublication: false);

        // Columns: consultations, clients, new clients, projects running, referral partners (today).
        // October: K3's consultation (0902). Running: P1 (0901, 0902), P5 (no region). Referral partners: A, B in 0901; B in 0902.
        Assert.Equal(["0901: 0 0 0 1 2", "0902: 1 1 0 1 1", "unknown: 0 0 0 1 0"], Rows(sections, "activity_by_region"));
        Assert.Equal(["Alt-Treptow (0901)", "Plänterwald (0902)", "ohne Bezirksregion"],
            sections[0].Tables[0].Rows.Select(r => r.Label));
    }
}
