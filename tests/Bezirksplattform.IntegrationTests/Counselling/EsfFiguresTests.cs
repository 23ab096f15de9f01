using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.Counselling.Contracts;
using Dapper;
using static Bezirksplattform.IntegrationTests.Counselling.EsfFixtureBase;

namespace Bezirksplattform.IntegrationTests.Counselling;

/// <summary>
/// THE hand-computed fixture (issue 6): 16 fictitious clients over the first two quarters of 2026,
/// recorded through the staff API exactly as counsellors would. P = esf-brueckenbau, P2 = esf-zweite-chance.
///
/// | Client | group / district | intake | ESF entry data (gender, age, status, ISCED, flags)            | stays in P (leaving: exit data js/edu/qual/emp) |
/// |--------|------------------|--------|-------------------------------------------------------------|--------------------------------------------------|
/// | C01 | unemployed 0901        | Q1 | female 22, unemployed 8 mo (LTU: <25 and >6), 0–2, third-country, foreign | 01-12 → 03-20 (js) |
/// | C02 | long_term_unemployed 0901 | Q1 | female 35, unemployed 14 mo (LTU), 3–4; also P2 from 04-14 (unemployed 16, 3–4) | 01-19 → 05-29 (qual, emp) |
/// | C03 | inactive 0902          | Q1 | female 41, inactive, 3–4, disability yes                      | 02-02 → 07-10 (js; Q3, outside) |
/// | C04 | employed 0902          | Q1 | female 58, employed, 5–8 — later ERASED (kept ESF record)     | 02-16 → 03-31 (edu, qual) |
/// | C05 | young_person 0901      | Q1 | male 17, inactive, 0–2, homeless                              | 01-26 → 02-27 (edu); RE-ENTERS 04-13 → 06-19 (qual, emp) |
/// | C06 | unemployed (no district)| Q1 | male 27, unemployed 3 mo (not LTU), 3–4, rural — RESTRICTED   | 02-09 → |
/// | C07 | young_person 0902      | Q1 | male 19, unemployed 5 mo (not LTU: ≤6), 0–2, minority yes     | 03-02 → 06-12 (js) |
/// | C08 | long_term_unemployed 0901 | Q1 | male 60, unemployed 30 mo (LTU), 3–4                      | 03-16 → |
/// | C16 | company 0901 (organisation) | Q1 | —                                                       | — |
/// | C09 | young_person 0903      | Q2 | non_binary 24, unemployed 7 mo (LTU: <25 and >6), 5–8         | 04-01 → |
/// | C10 | employed 0903          | Q2 | female 30, employed, 5–8                                      | 04-20 → 06-26 (qual, emp) |
/// | C11 | inactive 0902          | Q2 | female 55, inactive, 0–2, foreign, disability no, minority not_stated | 05-04 → |
/// | C12 | employed 0901          | Q2 | male 45, employed, 3–4                                        | 05-18 → 06-30 (exit data MISSING) |
/// | C13 | unemployed 0903        | Q2 | non_binary 33, unemployed 12 mo (not LTU: 25+ needs >12), 3–4 | 06-01 → |
/// | C14 | long_term_unemployed 0901 | Q2 | entry data MISSING                                        | 06-15 → |
/// | C15 | employed 0902          | Q2 | P2 only: not_stated 50, employed, 5–8                         | (P2 05-11 →) |
/// </summary>
public sealed class EsfFiguresFixture() : EsfFixtureBase(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.FromHours(1)))
{
    public const string P = "esf-brueckenbau";
    public const string P2 = "esf-zweite-chance";

    public HttpClient Reporting { get; private set; } = null!;

    protected override async Task ArrangeAsync()
    {
        await UserAsync("fig-admin", Roles.Admin);
        var counsellorId = await UserAsync("fig-s", Roles.Counsellor, Roles.SpecialCategories);
        await UserAsync("fig-reporting", Roles.Reporting);
        await TeamAsync(await LoginAsync("fig-admin"), "Team Figuren", counsellorId);

        // Intakes in Q1 (5 January) and Q2 (2 April): new_clients counts by the intake instant.
        var s = await LoginAsync("fig-s");
        var c01 = await ClientAsync(s, "Fiktiv C01", "unemployed", "0901");
        var c02 = await ClientAsync(s, "Fiktiv C02", "long_term_unemployed", "0901");
        var c03 = await ClientAsync(s, "Fiktiv C03", "inactive", "0902");
        var c04 = await ClientAsync(s, "Fiktiv C04", "employed", "0902");
        var c05 = await ClientAsync(s, "Fiktiv C05", "young_person", "0901");
        var c06 = await ClientAsync(s, "Fiktiv C06", "unemployed", null);
        var c07 = await ClientAsync(s, "Fiktiv C07", "young_person", "0902");
        var c08 = await ClientAsync(s, "Fiktiv C08", "long_term_unemployed", "0901");
        var c16 = await ClientAsync(s, "Fiktiv C16 GmbH", "company", "0901", kind: "organisation");

        App.Clock.Set(new DateTimeOffset(2026, 4, 2, 10, 0, 0, TimeSpan.FromHours(2)));
        s = await LoginAsync("fig-s");
        var c09 = await ClientAsync(s, "Fiktiv C09", "young_person", "0903");
        var c10 = await ClientAsync(s, "Fiktiv C10", "employed", "0903");
        var c11 = await ClientAsync(s, "Fiktiv C11", "inactive", "0902");
        var c12 = await ClientAsync(s, "Fiktiv C12", "employed", "0901");
        var c13 = await ClientAsync(s, "Fiktiv C13", "unemployed", "0903");
        var c14 = await ClientAsync(s, "Fiktiv C14", "long_term_unemployed", "0901");
        var c15 = await ClientAsync(s, "Fiktiv C15", "employed", "0902");

        // Everything else recorded on 15 July (all dates in the past by then).
        App.Clock.Set(new DateTimeOffset(2026, 7, 15, 10, 0, 0, TimeSpan.FromHours(2)));
        s = await LoginAsync("fig-s");
        Reporting = await LoginAsync("fig-reporting");

        var p = await EnterAsync(s, c01, P, "2026-01-12", Entry("female", 22, "unemployed", 8, "isced_0_2", thirdCountry: true, foreign: true, disability: "no", minority: "no"));
        await LeaveAsync(s, c01, p, "2026-03-20", (true, false, false, false));
        p = await EnterAsync(s, c02, P, "2026-01-19", Entry("female", 35, "unemployed", 14, "isced_3_4"));
        await LeaveAsync(s, c02, p, "2026-05-29", (false, false, true, true));
        await EnterAsync(s, c02, P2, "2026-04-14", Entry("female", 35, "unemployed", 16, "isced_3_4"));
        p = await EnterAsync(s, c03, P, "2026-02-02", Entry("female", 41, "inactive", null, "isced_3_4", disability: "yes"));
        await LeaveAsync(s, c03, p, "2026-07-10", (true, false, false, false));
        p = await EnterAsync(s, c04, P, "2026-02-16", Entry("female", 58, "employed", null, "isced_5_8"));
        await LeaveAsync(s, c04, p, "2026-03-31", (false, true, true, false));
        p = await EnterAsync(s, c05, P, "2026-01-26", Entry("male", 17, "inactive", null, "isced_0_2", homeless: true));
        p = await LeaveAsync(s, c05, p, "2026-02-27", (false, true, false, false));
        p = await EnterAsync(s, c05, P, "2026-04-13");
        await LeaveAsync(s, c05, p, "2026-06-19", (false, false, true, true));
        await EnterAsync(s, c06, P, "2026-02-09", Entry("male", 27, "unemployed", 3, "isced_3_4", rural: true));
        p = await EnterAsync(s, c07, P, "2026-03-02", Entry("male", 19, "unemployed", 5, "isced_0_2", minority: "yes"));
        await LeaveAsync(s, c07, p, "2026-06-12", (true, false, false, false));
        await EnterAsync(s, c08, P, "2026-03-16", Entry("male", 60, "unemployed", 30, "isced_3_4"));
        await EnterAsync(s, c09, P, "2026-04-01", Entry("non_binary", 24, "unemployed", 7, "isced_5_8"));
        p = await EnterAsync(s, c10, P, "2026-04-20", Entry("female", 30, "employed", null, "isced_5_8"));
        await LeaveAsync(s, c10, p, "2026-06-26", (false, false, true, true));
        await EnterAsync(s, c11, P, "2026-05-04", Entry("female", 55, "inactive", null, "isced_0_2", foreign: true, disability: "no", minority: "not_stated"));
        p = await EnterAsync(s, c12, P, "2026-05-18", Entry("male", 45, "employed", null, "isced_3_4"));
        await LeaveAsync(s, c12, p, "2026-06-30", null);
        await EnterAsync(s, c13, P, "2026-06-01", Entry("non_binary", 33, "unemployed", 12, "isced_3_4"));
        await EnterAsync(s, c14, P, "2026-06-15");
        await EnterAsync(s, c15, P2, "2026-05-11", Entry("not_stated", 50, "employed", null, "isced_5_8"));

        (Guid Client, string On, string[] Topics)[] consultations =
        [
            (c01, "2026-01-12", ["career_planning"]), (c01, "2026-02-10", ["application_support"]),
            (c02, "2026-01-19", ["career_planning", "application_support"]), (c03, "2026-02-02", ["education_counselling"]),
            (c04, "2026-02-16", ["career_planning"]), (c05, "2026-01-26", ["career_orientation_internships"]),
            (c06, "2026-02-09", ["application_support"]), (c07, "2026-03-02", ["career_orientation_internships"]),
            (c08, "2026-03-16", ["career_planning"]), (c16, "2026-03-20", ["recruitment_advice"]), (c02, "2026-03-31", ["career_planning"]),
            (c01, "2026-04-14", ["application_support"]), (c05, "2026-04-13", ["career_orientation_internships", "education_counselling"]),
            (c09, "2026-04-07", ["career_planning"]), (c10, "2026-04-20", ["start_up_advice"]), (c11, "2026-05-04", ["education_counselling"]),
            (c12, "2026-05-18", ["career_planning"]), (c13, "2026-06-01", ["application_support"]),
            (c16, "2026-06-03", ["recruitment_advice", "funding_research"]), (c16, "2026-06-30", ["recruitment_advice"]),
            (c02, "2026-04-01", ["application_support"]), (c01, "2026-07-01", ["career_planning"]),
        ];
        foreach (var (client, on, topics) in consultations)
            await OkAsync(await s.PostAsJsonAsync($"/api/counselling/clients/{client}/consultations",
                new { occurredOn = on, durationMinutes = 30, channel = "in_person", topics }), HttpStatusCode.Created);

        foreach (var (date, channel, topic, count) in new[]
                 {
                     ("2026-02-03", "phone", "career_planning", 6), ("2026-03-31", "in_person", "application_support", 3),
                     ("2026-04-01", "phone", "career_planning", 2), ("2026-07-01", "phone", "career_planning", 4),
                 })
            await OkAsync(await s.PostAsJsonAsync("/api/counselling/short-contacts", new { date, channel, topic, count }));

        // C04 erased (contact data gone, the minimal ESF record and the consultations' counts kept) and
        // C06 restricted: both still count in every figure below.
        await using var connection = await Db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            delete from counselling.client_contacts where client_id = @c04;
            update counselling.clients set erased_at = now() where id = @c04;
            update counselling.clients set restricted_at = now() where id = @c06;
            """, new { c04, c06 });
    }
}

public sealed class EsfFiguresTests(EsfFiguresFixture fixture) : IClassFixture<EsfFiguresFixture>
{
    private static readonly DateOnly Q1From = new(2026, 1, 1), Q1To = new(2026, 3, 31), Q2From = new(2026, 4, 1), Q2To = new(2026, 6, 30);

    private static string Cell(ReportedCount c) => c.Suppressed ? "s" : c.Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>One line per indicator: code, total, female, male, non_binary, not_stated ("s" = suppressed).</summary>
    private static string Render(EsfIndicators indicators) =>
        string.Join("\n", indicators.Indicators.Select(i => $"{i.Code} {Cell(i.Total)} | {string.Join(" ", i.ByGender.Select(Cell))}"));

    private static string Render(CounsellingFigures figures) =>
        string.Join("\n", figures.Breakdowns.Select(b => $"{b.Measure} {b.Dimension}: {string.Join(" ", b.Counts.Select(c => $"{c.Key}={Cell(c)}"))}"));

    private static string Lines(string text) => string.Join("\n", text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    private Task<EsfIndicators> IndicatorsAsync(DateOnly from, DateOnly to, bool publication, string? project = EsfFiguresFixture.P) =>
        fixture.App.SendAsync(new GetEsfIndicatorsQuery(from, to, project, publication));

    [Fact]
    public async Task Esf_indicators_for_the_first_quarter_equal_the_hand_computed_ones()
    {
        // First entries 1 Jan–31 Mar with entry data: C01–C08 (4 female, 4 male). Leavings in Q1 with
        // exit data: C01 (js), C04 (edu, qual), C05's first stay (edu).
        // EECO02 unemployed: C01 C02 | C06 C07 C08. EECO03 LTU: C01 (22, 8 > 6) C02 (35, 14 > 12) | C08; not C06 (3), C07 (19, 5 ≤ 6).
        // EECO04 inactive C03 | C05; EECO05 employed C04. EECO06 <18 C05; EECO07 18–29 C01 | C06 C07; EECO08 55+ C04 | C08.
        // ISCED 0–2 C01 | C05 C07; 3–4 C02 C03 | C06 C08; 5–8 C04. EECO12 C03; 13, 14 C01; 15 C07; 16 C05; 17 C06.
        const string expected = """
            EECO01 8 | 4 4 0 0
            EECO02 5 | 2 3 0 0
            EECO03 3 | 2 1 0 0
            EECO04 2 | 1 1 0 0
            EECO05 1 | 1 0 0 0
            EECO06 1 | 0 1 0 0
            EECO07 3 | 1 2 0 0
            EECO08 2 | 1 1 0 0
            EECO09 3 | 1 2 0 0
            EECO10 4 | 2 2 0 0
            EECO11 1 | 1 0 0 0
            EECO12 1 | 1 0 0 0
            EECO13 1 | 1 0 0 0
            EECO14 1 | 1 0 0 0
            EECO15 1 | 0 1 0 0
            EECO16 1 | 0 1 0 0
            EECO17 1 | 0 1 0 0
            EECR01 1 | 1 0 0 0
            EECR02 2 | 1 1 0 0
            EECR03 1 | 1 0 0 0
            EECR04 0 | 0 0 0 0
            """;
        Assert.Equal(Lines(expected), Render(await IndicatorsAsync(Q1From, Q2From.AddDays(-1), publication: false)));
    }

    [Fact]
    public async Task Esf_indicators_for_the_second_quarter_count_a_reentry_as_no_new_participant()
    {
        // First entries 1 Apr–30 Jun with entry data: C09 (nb, entered on 1 Apr), C10 (f), C11 (f), C12 (m), C13 (nb).
        // Not counted: C05's re-entry on 13 Apr (first entry in Q1), C14 (no entry data).
        // EECO02 C09 C13; EECO03 C09 only (C13: 33 years, 12 months is not > 12); EECO04 C11; EECO05 C10 | C12.
        // EECO07 C09 (24); EECO08 C11 (55). ISCED 0–2 C11; 3–4 C12 C13; 5–8 C10 C09. EECO14 C11; C11's "no"/"not_stated" count nowhere.
        // Leavings in Q2 with exit data: C02 (qual, emp), C05's second stay (qual, emp), C07 (js), C10 (qual, emp);
        // C12 left without exit data: not counted; C03 left on 10 Jul: outside.
        const string expected = """
            EECO01 5 | 2 1 2 0
            EECO02 2 | 0 0 2 0
            EECO03 1 | 0 0 1 0
            EECO04 1 | 1 0 0 0
            EECO05 2 | 1 1 0 0
            EECO06 0 | 0 0 0 0
            EECO07 1 | 0 0 1 0
            EECO08 1 | 1 0 0 0
            EECO09 1 | 1 0 0 0
            EECO10 2 | 0 1 1 0
            EECO11 2 | 1 0 1 0
            EECO12 0 | 0 0 0 0
            EECO13 0 | 0 0 0 0
            EECO14 1 | 1 0 0 0
            EECO15 0 | 0 0 0 0
            EECO16 0 | 0 0 0 0
            EECO17 0 | 0 0 0 0
            EECR01 1 | 0 1 0 0
            EECR02 0 | 0 0 0 0
            EECR03 3 | 2 1 0 0
            EECR04 3 | 2 1 0 0
            """;
        Assert.Equal(Lines(expected), Render(await IndicatorsAsync(Q2From, Q2To, publication: false)));
    }

    [Fact]
    public async Task Esf_indicators_for_the_year_to_date_count_each_participant_once_per_project()
    {
        // Outputs: Q1 + Q2 (a first entry falls in exactly one quarter): 13 = 6 f + 5 m + 2 nb.
        // Results: each participation's LATEST leaving in the period. C05 left twice; only the June
        // leaving counts (qual, emp), so EECR02 is 1 (C04) although Q1 showed 2 (C04, C05's February leaving).
        // EECR01 C01 | C07; EECR03 C04 C02 C10 | C05; EECR04 C02 C10 | C05.
        const string expected = """
            EECO01 13 | 6 5 2 0
            EECO02 7 | 2 3 2 0
            EECO03 4 | 2 1 1 0
            EECO04 3 | 2 1 0 0
            EECO05 3 | 2 1 0 0
            EECO06 1 | 0 1 0 0
            EECO07 4 | 1 2 1 0
            EECO08 3 | 2 1 0 0
            EECO09 4 | 2 2 0 0
            EECO10 6 | 2 3 1 0
            EECO11 3 | 2 0 1 0
            EECO12 1 | 1 0 0 0
            EECO13 1 | 1 0 0 0
            EECO14 2 | 2 0 0 0
            EECO15 1 | 0 1 0 0
            EECO16 1 | 0 1 0 0
            EECO17 1 | 0 1 0 0
            EECR01 2 | 1 1 0 0
            EECR02 1 | 1 0 0 0
            EECR03 4 | 3 1 0 0
            EECR04 3 | 2 1 0 0
            """;
        Assert.Equal(Lines(expected), Render(await IndicatorsAsync(Q1From, Q2To, publication: false)));

        // Both projects: P2 adds C02 (female, unemployed 16 months at 35: LTU) and C15 (not_stated, employed).
        // C02 counts once in each project, as ESF reporting per operation requires.
        var all = await IndicatorsAsync(Q1From, Q2To, publication: false, project: null);
        Assert.Equal("EECO01 15 | 7 5 2 1", Render(all).Split('\n')[0]);
        Assert.Equal("EECO03 5 | 3 1 1 0", Render(all).Split('\n')[2]);
        Assert.Equal("EECO05 4 | 2 1 0 1", Render(all).Split('\n')[4]);
    }

    [Fact]
    public async Task Published_esf_indicators_withhold_counts_from_1_to_4_and_the_cell_that_would_reveal_them()
    {
        // Primary: every 1–4 becomes s. Secondary: EECO01 by gender is 13 = 6 + 5 + 2 + 0; with only
        // non_binary (2) withheld it would be 13 − 6 − 5 − 0, so the smallest other non-zero cell,
        // male (5), is withheld too. Every other group already has two or more withheld cells,
        // including EECO01 = EECO02 + EECO04 + EECO05 (7 + s + s) and = EECO09 + EECO10 + EECO11 (s + 6 + s).
        const string expected = """
            EECO01 13 | 6 s s 0
            EECO02 7 | s s s 0
            EECO03 s | s s s 0
            EECO04 s | s s 0 0
            EECO05 s | s s 0 0
            EECO06 s | 0 s 0 0
            EECO07 s | s s s 0
            EECO08 s | s s 0 0
            EECO09 s | s s 0 0
            EECO10 6 | s s s 0
            EECO11 s | s 0 s 0
            EECO12 s | s 0 0 0
            EECO13 s | s 0 0 0
            EECO14 s | s 0 0 0
            EECO15 s | 0 s 0 0
            EECO16 s | 0 s 0 0
            EECO17 s | 0 s 0 0
            EECR01 s | s s 0 0
            EECR02 s | s 0 0 0
            EECR03 s | s s 0 0
            EECR04 s | s s 0 0
            """;
        Assert.Equal(Lines(expected), Render(await IndicatorsAsync(Q1From, Q2To, publication: true)));

        // The reporting endpoint answers the same (publication is the default there).
        var http = await fixture.Reporting.GetAsync($"/api/counselling/esf/indicators?from=2026-01-01&to=2026-06-30&project={EsfFiguresFixture.P}");
        var body = await OkAsync(http);
        var eeco01 = body.GetProperty("indicators")[0];
        Assert.Equal(13, eeco01.GetProperty("total").GetProperty("value").GetInt32());
        var male = eeco01.GetProperty("byGender")[1];
        Assert.Equal(("male", JsonValueKind.Null, true),
            (male.GetProperty("key").GetString(), male.GetProperty("value").ValueKind, male.GetProperty("suppressed").GetBoolean()));
    }

    [Fact]
    public async Task Counselling_figures_per_quarter_and_year_to_date_equal_the_hand_computed_ones()
    {
        // Q1 consultations (11): C01 ×2, C02 ×2 (incl. 31 Mar), C03, C04, C05, C06, C07, C08, C16. Topics count per
        // consultation (C02's first has two). Clients counselled: 9; new clients: the 9 Q1 intakes. Gender from ESF entry
        // data, C16 has none. Short contacts: 6 + 3.
        const string q1 = """
            consultations total: total=11
            consultations target_group: unemployed=3 long_term_unemployed=3 young_person=2 employed=1 inactive=1 volunteer=0 company=1 association=0
            consultations topic: career_planning=5 education_counselling=1 application_support=3 career_orientation_internships=2 recruitment_advice=1 funding_research=0 start_up_advice=0 volunteer_placement=0
            consultations district: 0901=7 0902=3 unknown=1
            clients total: total=9
            clients target_group: unemployed=2 long_term_unemployed=2 young_person=2 employed=1 inactive=1 volunteer=0 company=1 association=0
            clients topic: career_planning=4 education_counselling=1 application_support=3 career_orientation_internships=2 recruitment_advice=1 funding_research=0 start_up_advice=0 volunteer_placement=0
            clients district: 0901=5 0902=3 unknown=1
            clients gender: female=4 male=4 non_binary=0 not_stated=0 unknown=1
            new_clients total: total=9
            new_clients target_group: unemployed=2 long_term_unemployed=2 young_person=2 employed=1 inactive=1 volunteer=0 company=1 association=0
            new_clients district: 0901=5 0902=3 unknown=1
            new_clients gender: female=4 male=4 non_binary=0 not_stated=0 unknown=1
            short_contacts total: total=9
            short_contacts topic: career_planning=6 education_counselling=0 application_support=3 career_orientation_internships=0 recruitment_advice=0 funding_research=0 start_up_advice=0 volunteer_placement=0
            """;
        Assert.Equal(Lines(q1), Render(await fixture.App.SendAsync(new GetCounsellingFiguresQuery(Q1From, Q1To, false))));

        // Q2 consultations (10): C01 (14 Apr), C02 (1 Apr), C05, C09, C10, C11, C12, C13, C16 ×2. New clients: the 7 Q2
        // intakes C09–C15 (C14 has no entry data → unknown; C15 not_stated from P2). The 1 Jul items are outside.
        const string q2 = """
            consultations total: total=10
            consultations target_group: unemployed=2 long_term_unemployed=1 young_person=2 employed=2 inactive=1 volunteer=0 company=2 association=0
            consultations topic: career_planning=2 education_counselling=2 application_support=3 career_orientation_internships=1 recruitment_advice=2 funding_research=1 start_up_advice=1 volunteer_placement=0
            consultations district: 0901=6 0902=1 0903=3
            clients total: total=9
            clients target_group: unemployed=2 long_term_unemployed=1 young_person=2 employed=2 inactive=1 volunteer=0 company=1 association=0
            clients topic: career_planning=2 education_counselling=2 application_support=3 career_orientation_internships=1 recruitment_advice=1 funding_research=1 start_up_advice=1 volunteer_placement=0
            clients district: 0901=5 0902=1 0903=3
            clients gender: female=4 male=2 non_binary=2 not_stated=0 unknown=1
            new_clients total: total=7
            new_clients target_group: unemployed=1 long_term_unemployed=1 young_person=1 employed=3 inactive=1 volunteer=0 company=0 association=0
            new_clients district: 0901=2 0902=2 0903=3
            new_clients gender: female=2 male=1 non_binary=2 not_stated=1 unknown=1
            short_contacts total: total=2
            short_contacts topic: career_planning=2 education_counselling=0 application_support=0 career_orientation_internships=0 recruitment_advice=0 funding_research=0 start_up_advice=0 volunteer_placement=0
            """;
        Assert.Equal(Lines(q2), Render(await fixture.App.SendAsync(new GetCounsellingFiguresQuery(Q2From, Q2To, false))));

        // Year to date: consultations add up (21); clients do not (C01, C02, C05, C16 were counselled in both quarters: 9 + 9 − 4 = 14).
        const string ytd = """
            consultations total: total=21
            consultations target_group: unemployed=5 long_term_unemployed=4 young_person=4 employed=3 inactive=2 volunteer=0 company=3 association=0
            consultations topic: career_planning=7 education_counselling=3 application_support=6 career_orientation_internships=3 recruitment_advice=3 funding_research=1 start_up_advice=1 volunteer_placement=0
            consultations district: 0901=13 0902=4 0903=3 unknown=1
            clients total: total=14
            clients target_group: unemployed=3 long_term_unemployed=2 young_person=3 employed=3 inactive=2 volunteer=0 company=1 association=0
            clients topic: career_planning=6 education_counselling=3 application_support=4 career_orientation_internships=2 recruitment_advice=1 funding_research=1 start_up_advice=1 volunteer_placement=0
            clients district: 0901=6 0902=4 0903=3 unknown=1
            clients gender: female=6 male=5 non_binary=2 not_stated=0 unknown=1
            new_clients total: total=16
            new_clients target_group: unemployed=3 long_term_unemployed=3 young_person=3 employed=4 inactive=2 volunteer=0 company=1 association=0
            new_clients district: 0901=7 0902=5 0903=3 unknown=1
            new_clients gender: female=6 male=5 non_binary=2 not_stated=1 unknown=2
            short_contacts total: total=11
            short_contacts topic: career_planning=8 education_counselling=0 application_support=3 career_orientation_internships=0 recruitment_advice=0 funding_research=0 start_up_advice=0 volunteer_placement=0
            """;
        Assert.Equal(Lines(ytd), Render(await fixture.App.SendAsync(new GetCounsellingFiguresQuery(Q1From, Q2To, false))));
    }

    [Fact]
    public async Task Published_counselling_figures_withhold_small_counts_and_the_cell_that_would_reveal_them()
    {
        // Q1: every 1–4 is s. Short contacts: 9 = career_planning 6 + application_support 3; with only the 3 withheld it
        // would be 9 − 6, so career_planning is withheld too. Topics of consultations and clients overlap (several per
        // consultation), so they do not add up to the total and need no second cell.
        const string q1 = """
            consultations total: total=11
            consultations target_group: unemployed=s long_term_unemployed=s young_person=s employed=s inactive=s volunteer=0 company=s association=0
            consultations topic: career_planning=5 education_counselling=s application_support=s career_orientation_internships=s recruitment_advice=s funding_research=0 start_up_advice=0 volunteer_placement=0
            consultations district: 0901=7 0902=s unknown=s
            clients total: total=9
            clients target_group: unemployed=s long_term_unemployed=s young_person=s employed=s inactive=s volunteer=0 company=s association=0
            clients topic: career_planning=s education_counselling=s application_support=s career_orientation_internships=s recruitment_advice=s funding_research=0 start_up_advice=0 volunteer_placement=0
            clients district: 0901=5 0902=s unknown=s
            clients gender: female=s male=s non_binary=0 not_stated=0 unknown=s
            new_clients total: total=9
            new_clients target_group: unemployed=s long_term_unemployed=s young_person=s employed=s inactive=s volunteer=0 company=s association=0
            new_clients district: 0901=5 0902=s unknown=s
            new_clients gender: female=s male=s non_binary=0 not_stated=0 unknown=s
            short_contacts total: total=9
            short_contacts topic: career_planning=s education_counselling=0 application_support=s career_orientation_internships=0 recruitment_advice=0 funding_research=0 start_up_advice=0 volunteer_placement=0
            """;
        Assert.Equal(Lines(q1), Render(await fixture.App.SendAsync(new GetCounsellingFiguresQuery(Q1From, Q1To, true))));

        var http = await fixture.Reporting.GetAsync("/api/counselling/figures?from=2026-01-01&to=2026-03-31");
        Assert.True((await OkAsync(http)).GetProperty("forPublication").GetBoolean());
    }
}
