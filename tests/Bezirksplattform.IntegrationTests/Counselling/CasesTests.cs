using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Coaching.Jobs.SendNotifications;
using Bezirksplattform.Counselling.Contracts;
using Bezirksplattform.IntegrationTests.Coaching;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Bezirksplattform.IntegrationTests.Partners;
using Dapper;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.IntegrationTests.Counselling;

/// <summary>
/// One database and host for the class, a loopback SMTP server for Coaching's mails, the clock on
/// Monday 23 November 2026, 09:00 in Berlin. Counsellor A is in team 1, counsellor B in team 2.
/// Partner organisations: one taking referrals in Alt-Treptow (0901), one in Prenzlauer Berg (0301),
/// one that takes none, one no longer active.
/// </summary>
public sealed class CasesFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    public SmtpReceiver Smtp { get; private set; } = null!;
    public TestDatabase Db { get; private set; } = null!;
    public PlatformFactory App { get; private set; } = null!;
    public HttpClient Admin { get; private set; } = null!;
    public HttpClient A { get; private set; } = null!;
    public HttpClient B { get; private set; } = null!;
    public Guid TreptowPartner { get; private set; }
    public Guid PankowPartner { get; private set; }
    public Guid NoReferrals { get; private set; }
    public Guid Inactive { get; private set; }

    public async Task InitializeAsync()
    {
        Smtp = SmtpReceiver.Start();
        Db = await TestDatabase.CreateMigratedAsync();
        App = new PlatformFactory(Db, new TestClock(Now), NotificationsArrange.Settings(Smtp));
        Admin = await App.ClientForRoleAsync(Roles.Admin);
        A = await CounsellorInTeamAsync("Team Nord");
        B = await CounsellorInTeamAsync("Team Süd");
        TreptowPartner = await PartnersArrange.OrganisationAsync(Db, "Jugendberufsagentur Treptow (Test)", "public_agency", "09", true, "0901", "0902");
        PankowPartner = await PartnersArrange.OrganisationAsync(Db, "Arbeitsladen Pankow (Test)", "association", "03", true, "0301");
        NoReferrals = await PartnersArrange.OrganisationAsync(Db, "Kiezverein ohne Vermittlung (Test)", "association", "09", false, "0901");
        Inactive = await PartnersArrange.OrganisationAsync(Db, "Aufgelöster Träger (Test)", "association", "09", true, "0901");
        await using var connection = await Db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("update partners.organisations set is_active = false where id = @Inactive", new { Inactive });
    }

    private async Task<HttpClient> CounsellorInTeamAsync(string team)
    {
        var userName = "berater-" + Guid.NewGuid().ToString("N")[..6];
        const string password = "correct-horse-battery";
        var userId = await StaffUsers.CreateAsync(Db, userName, password, [Roles.Counsellor]);
        var client = App.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { userName, password });
        login.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        var created = await Admin.PostAsJsonAsync("/api/counselling/teams", new { name = team });
        var teamId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await Admin.PostAsJsonAsync($"/api/counselling/teams/{teamId}/members", new { staffUserId = userId })).EnsureSuccessStatusCode();
        return client;
    }

    public Task<int> DispatchAsync() => App.Get<OutboxDispatcher>().DispatchAllAsync(CancellationToken.None);

    public Task<int> SendMailsAsync() => App.Get<NotificationSender>().SendDueMailsAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Db.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

public sealed partial class CasesTests(CasesFixture fixture) : IClassFixture<CasesFixture>
{
    private readonly HttpClient _a = fixture.A;
    private readonly HttpClient _b = fixture.B;

    private static string Unique(string prefix) => prefix + " " + Guid.NewGuid().ToString("N")[..8];

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode} {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        if (field is not null)
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), $"no error for {field}: {text}");
        return problem;
    }

    /// <summary>A person in Alt-Treptow with the given consents; returns the client's id.</summary>
    private static async Task<Guid> ClientAsync(HttpClient counsellor, string[]? consents = null, string? email = null, string kind = "person",
        string? district = "0901")
    {
        var response = await counsellor.PostAsJsonAsync("/api/counselling/clients", new
        {
            kind, targetGroup = kind == "person" ? "unemployed" : "company", districtCode = district, name = Unique("Testperson"), email,
            consents = (consents ?? ["counselling"]).Select(p => new { purpose = p }), confirmNotDuplicate = true,
        });
        return (await CreatedAsync(response)).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> OpenCaseAsync(HttpClient counsellor, Guid clientId, string line = "job_seekers", string openedOn = "2026-11-02") =>
        await CreatedAsync(await counsellor.PostAsJsonAsync($"/api/counselling/clients/{clientId}/cases",
            new { serviceLine = line, openedOn, plan = "Bewerbungsunterlagen überarbeiten" }));

    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = await fixture.Db.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<T>(sql, args) ?? throw new InvalidOperationException("no value");
    }

    private static string[] Statuses(JsonElement referral) =>
        [.. referral.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("status").GetString()!)];

    [Fact]
    public async Task Every_case_referral_and_consent_route_answers_404_for_another_teams_client()
    {
        var clientId = await ClientAsync(_b, ["counselling", "partner_referral"]);
        var caseId = (await OpenCaseAsync(_b, clientId)).GetProperty("id").GetGuid();
        var withTask = await CreatedAsync(await _b.PostAsJsonAsync($"/api/counselling/cases/{caseId}/activities",
            new { kind = "task", description = "Zeugnisse besorgen", dueOn = "2026-12-01" }));
        var taskId = withTask.GetProperty("timeline")[0].GetProperty("id").GetGuid();
        var referral = await CreatedAsync(await _b.PostAsJsonAsync($"/api/counselling/clients/{clientId}/referrals",
            new { organisationId = fixture.TreptowPartner, reason = "Ausbildungsplatzsuche" }));
        var referralId = referral.GetProperty("id").GetGuid();
        var consentId = (await OkAsync(await _b.GetAsync($"/api/counselling/clients/{clientId}"))).GetProperty("consents")[0].GetProperty("id").GetGuid();

        foreach (var response in new[]
                 {
                     await _a.GetAsync($"/api/counselling/clients/{clientId}/cases"),
                     await _a.PostAsJsonAsync($"/api/counselling/clients/{clientId}/cases", new { serviceLine = "young_people" }),
                     await _a.GetAsync($"/api/counselling/cases/{caseId}"),
                     await _a.PutAsJsonAsync($"/api/counselling/cases/{caseId}/plan", new { plan = "fremd", version = 1 }),
                     await _a.PostAsJsonAsync($"/api/counselling/cases/{caseId}/activities", new { kind = "note", description = "fremd" }),
                     await _a.PostAsync($"/api/counselling/cases/{caseId}/activities/{taskId}/done", null),
                     await _a.PostAsJsonAsync($"/api/counselling/cases/{caseId}/closure", new { outcome = "other" }),
                     await _a.GetAsync($"/api/counselling/clients/{clientId}/referral-partners"),
                     await _a.PostAsJsonAsync($"/api/counselling/clients/{clientId}/referrals", new { organisationId = fixture.TreptowPartner }),
                     await _a.GetAsync($"/api/counselling/clients/{clientId}/referrals"),
                     await _a.PostAsJsonAsync($"/api/counselling/referrals/{referralId}/status", new { status = "withdrawn" }),
                     await _a.PostAsJsonAsync($"/api/counselling/clients/{clientId}/consents", new { purpose = "email_contact" }),
                     await _a.PostAsync($"/api/counselling/clients/{clientId}/consents/{consentId}/withdrawal", null),
                 })
            await ProblemAsync(response, HttpStatusCode.NotFound);

        // Nothing changed, and the list of referrals shows it to its team only.
        var unchanged = await OkAsync(await _b.GetAsync($"/api/counselling/cases/{caseId}"));
        Assert.Equal(1, unchanged.GetProperty("version").GetInt32());
        Assert.Null(unchanged.GetProperty("closedOn").GetString());
        Assert.Equal(1L, await ScalarAsync<long>("select count(*) from counselling.cases where client_id = @clientId", new { clientId }));
        Assert.Equal(0L, await ScalarAsync<long>("select count(*) from counselling.consents where client_id = @clientId and withdrawn_at is not null", new { clientId }));
        Assert.Equal("sent", await ScalarAsync<string>("select status from counselling.referrals where id = @referralId", new { referralId }));
        var ofA = await OkAsync(await _a.GetAsync("/api/counselling/referrals?status=sent&pageSize=200"));
        Assert.DoesNotContain(ofA.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == referralId);
        var ofB = await OkAsync(await _b.GetAsync("/api/counselling/referrals?status=sent&pageSize=200"));
        Assert.Contains(ofB.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == referralId);
        await ProblemAsync(await _b.GetAsync("/api/counselling/referrals?status=lost"), HttpStatusCode.BadRequest, "status");
    }

    [Fact]
    public async Task A_client_has_one_open_case_per_service_line_and_its_timeline_is_ordered_by_date()
    {
        var clientId = await ClientAsync(_a, ["counselling", "partner_referral"]);
        var first = await OpenCaseAsync(_a, clientId);
        var caseId = first.GetProperty("id").GetGuid();

        var again = await ProblemAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{clientId}/cases", new { serviceLine = "job_seekers" }),
            HttpStatusCode.Conflict);
        Assert.Equal(caseId, again.GetProperty("openCaseId").GetGuid());
        Assert.Contains(caseId.ToString(), again.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await OpenCaseAsync(_a, clientId, "volunteering");
        await ProblemAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{clientId}/cases", new { serviceLine = "astronauts" }),
            HttpStatusCode.BadRequest, "serviceLine");

        // The timeline mixes activities, consultations and referrals that point at the case, by date.
        await CreatedAsync(await _a.PostAsJsonAsync($"/api/counselling/cases/{caseId}/activities",
            new { kind = "note", description = "Erstgespräch", occurredOn = "2026-11-03" }));
        await CreatedAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{clientId}/consultations", new
        {
            occurredOn = "2026-11-10", durationMinutes = 45, channel = "in_person", topics = new[] { "application_support" }, caseId,
        }));
        await CreatedAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{clientId}/referrals",
            new { organisationId = fixture.TreptowPartner, caseId, referredOn = "2026-11-05" }));
        await CreatedAsync(await _a.PostAsJsonAsync($"/api/counselling/cases/{caseId}/activities",
            new { kind = "document", description = "Lebenslauf (Ablage)", occurredOn = "2026-11-20" }));
        var timeline = (await OkAsync(await _a.GetAsync($"/api/counselling/cases/{caseId}"))).GetProperty("timeline").EnumerateArray()
            .Select(e => (e.GetProperty("type").GetString(), e.GetProperty("on").GetString())).ToList();
        Assert.Equal([("activity", "2026-11-03"), ("referral", "2026-11-05"), ("consultation", "2026-11-10"), ("activity", "2026-11-20")], timeline);
        var cases = await OkAsync(await _a.GetAsync($"/api/counselling/clients/{clientId}/cases"));
        Assert.Equal(2, cases.GetArrayLength());

        // The plan is changed with the version read; a stale one is 412.
        using var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/counselling/cases/{caseId}/plan") { Content = JsonContent.Create(new { plan = "Neu" }) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"7\""));
        await ProblemAsync(await _a.SendAsync(stale), HttpStatusCode.PreconditionFailed);
        var planned = await OkAsync(await _a.PutAsJsonAsync($"/api/counselling/cases/{caseId}/plan", new { plan = "Drei Bewerbungen pro Woche", version = 1 }));
        Assert.Equal("Drei Bewerbungen pro Woche", planned.GetProperty("plan").GetString());
        Assert.Equal(2, planned.GetProperty("version").GetInt32());

        // A consultation may only name a case of the same client.
        var other = await ClientAsync(_a);
        var foreignCase = (await OpenCaseAsync(_a, other)).GetProperty("id").GetGuid();
        await ProblemAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{clientId}/consultations", new
        {
            occurredOn = "2026-11-10", durationMinutes = 45, channel = "phone", topics = new[] { "career_planning" }, caseId = foreignCase,
        }), HttpStatusCode.BadRequest, "caseId");

        // Closed, the line is free again.
        await OkAsync(await _a.PostAsJsonAsync($"/api/counselling/cases/{caseId}/closure", new { closedOn = "2026-11-21", outcome = "employment" }));
        await OpenCaseAsync(_a, clientId, openedOn: "2026-11-22");
    }

    [Fact]
    public async Task A_closed_case_refuses_new_activities_and_closing_checks_its_dates()
    {
        var clientId = await ClientAsync(_a);
        var caseId = (await OpenCaseAsync(_a, clientId, openedOn: "2026-11-10")).GetProperty("id").GetGuid();
        var withTask = await CreatedAsync(await _a.PostAsJsonAsync($"/api/counselling/cases/{caseId}/activities",
            new { kind = "task", description = "Anmeldung Sprachkurs", dueOn = "2026-12-15" }));
        var task = withTask.GetProperty("timeline")[0];
        Assert.Equal("2026-12-15", task.GetProperty("dueOn").GetString());
        await ProblemAsync(await _a.PostAsJsonAsync($"/api/counselling/cases/{caseId}/activities", new { kind = "task", description = "ohne Datum" }),
            HttpStatusCode.BadRequest, "dueOn");
        var done = await OkAsync(await _a.PostAsync($"/api/counselling/cases/{caseId}/activities/{task.GetProperty("id").GetGuid()}/done", null));
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("timeline")[0].GetProperty("doneAt").ValueKind);

        await ProblemAsync(await _a.PostAsJsonAsync($"/api/counselling/cases/{caseId}/closure", new { closedOn = "2026-11-09", outcome = "employment" }),
            HttpStatusCode.BadRequest, "closedOn");
        await ProblemAsync(await _a.PostAsJsonAsync($"/api/counselling/cases/{caseId}/closure", new { closedOn = "2026-11-20", outcome = "lottery" }),
            HttpStatusCode.BadRequest, "outcome");
        var closed = await OkAsync(await _a.PostAsJsonAsync($"/api/counselling/cases/{caseId}/closure",
            new { closedOn = "2026-11-20", outcome = "education_or_training", note = "Umschulung ab Januar" }));
        Assert.Equal("2026-11-20", closed.GetProperty("closedOn").GetString());
        Assert.Equal("education_or_training", closed.GetProperty("outcome").GetString());

        await ProblemAsync(await _a.PostAsJsonAsync($"/api/counselling/cases/{caseId}/activities", new { kind = "note", description = "zu spät" }),
            HttpStatusCode.Conflict);
        await ProblemAsync(await _a.PostAsJsonAsync($"/api/counselling/cases/{caseId}/closure", new { outcome = "other" }), HttpStatusCode.Conflict);
        await ProblemAsync(await _a.PutAsJsonAsync($"/api/counselling/cases/{caseId}/plan", new { plan = "x", version = 2 }), HttpStatusCode.Conflict);
        Assert.Equal(1L, await ScalarAsync<long>("select count(*) from counselling.case_activities where case_id = @caseId and kind <> 'status_change'",
            new { caseId }));
    }

    [Fact]
    public async Task A_partner_referral_needs_the_consent_and_a_partner_that_takes_referrals()
    {
        var clientId = await ClientAsync(_a);
        var partners = await OkAsync(await _a.GetAsync($"/api/counselling/clients/{clientId}/referral-partners"));
        Assert.Equal("0901", partners.GetProperty("regionCode").GetString());
        var listed = partners.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToList();
        Assert.Contains(fixture.TreptowPartner, listed);
        Assert.DoesNotContain(fixture.PankowPartner, listed);
        Assert.DoesNotContain(fixture.NoReferrals, listed);
        Assert.DoesNotContain(fixture.Inactive, listed);
        var agencies = await OkAsync(await _a.GetAsync($"/api/counselling/clients/{clientId}/referral-partners?kind=association"));
        Assert.DoesNotContain(agencies.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == fixture.TreptowPartner);
        var nowhere = await ClientAsync(_a, district: null);
        var all = await OkAsync(await _a.GetAsync($"/api/counselling/clients/{nowhere}/referral-partners"));
        Assert.Contains(all.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetGuid() == fixture.PankowPartner);

        var missing = await ProblemAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{clientId}/referrals", new { organisationId = fixture.TreptowPartner }),
            HttpStatusCode.Conflict, "consent");
        Assert.Contains("partner_referral", missing.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0L, await ScalarAsync<long>("select count(*) from counselling.referrals where client_id = @clientId", new { clientId }));

        await CreatedAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{clientId}/consents", new { purpose = "partner_referral" }));
        await ProblemAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{clientId}/consents", new { purpose = "partner_referral" }), HttpStatusCode.Conflict);
        foreach (var organisationId in new[] { fixture.NoReferrals, fixture.Inactive, Guid.NewGuid() })
            await ProblemAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{clientId}/referrals", new { organisationId }),
                HttpStatusCode.BadRequest, "organisationId");
        var referral = await CreatedAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{clientId}/referrals",
            new { organisationId = fixture.TreptowPartner, reason = "Ausbildung im Einzelhandel" }));
        Assert.Equal("Jugendberufsagentur Treptow (Test)", referral.GetProperty("organisationName").GetString());
        Assert.Equal("sent", referral.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Referral_status_follows_the_allowed_transitions_only()
    {
        var clientId = await ClientAsync(_a, ["counselling", "partner_referral"]);
        async Task<Guid> ReferAsync() => (await CreatedAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{clientId}/referrals",
            new { organisationId = fixture.TreptowPartner }))).GetProperty("id").GetGuid();
        Task<HttpResponseMessage> StatusAsync(Guid id, string status) =>
            _a.PostAsJsonAsync($"/api/counselling/referrals/{id}/status", new { status, note = "Rückmeldung per Telefon" });

        var id = await ReferAsync();
        await ProblemAsync(await StatusAsync(id, "completed"), HttpStatusCode.Conflict);
        await ProblemAsync(await StatusAsync(id, "sent"), HttpStatusCode.BadRequest, "status");
        await OkAsync(await StatusAsync(id, "accepted"));
        await ProblemAsync(await StatusAsync(id, "declined"), HttpStatusCode.Conflict);
        var completed = await OkAsync(await StatusAsync(id, "completed"));
        Assert.Equal(["sent", "accepted", "completed"], Statuses(completed));
        await ProblemAsync(await StatusAsync(id, "withdrawn"), HttpStatusCode.Conflict);

        var declined = await ReferAsync();
        await OkAsync(await StatusAsync(declined, "declined"));
        await ProblemAsync(await StatusAsync(declined, "accepted"), HttpStatusCode.Conflict);
        var listed = await OkAsync(await _a.GetAsync($"/api/counselling/clients/{clientId}/referrals"));
        Assert.Equal(["completed", "declined"], listed.EnumerateArray().Select(r => r.GetProperty("status").GetString()!).Order().ToArray());
    }

    [Fact]
    public async Task A_coaching_referral_needs_a_person_an_email_and_the_email_consent()
    {
        const string countEvents = "select count(*) from counselling.outbox_messages where event_name = 'counselling.coaching-referral-made.v1'";
        var eventsBefore = await ScalarAsync<long>(countEvents);
        var organisation = await ClientAsync(_a, ["counselling", "email_contact"], "firma@example.org", kind: "organisation");
        await ProblemAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{organisation}/referrals", new { target = "start_up_coaching" }),
            HttpStatusCode.Conflict, "kind");
        var noEmail = await ClientAsync(_a, ["counselling", "email_contact"]);
        await ProblemAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{noEmail}/referrals", new { target = "start_up_coaching" }),
            HttpStatusCode.Conflict, "email");
        var noConsent = await ClientAsync(_a, ["counselling"], Unique("x").Replace(" ", "", StringComparison.Ordinal) + "@example.org");
        await ProblemAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{noConsent}/referrals", new { target = "start_up_coaching" }),
            HttpStatusCode.Conflict, "consent");
        await ProblemAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{noConsent}/referrals",
            new { target = "start_up_coaching", organisationId = fixture.TreptowPartner }), HttpStatusCode.BadRequest, "organisationId");
        Assert.Equal(eventsBefore, await ScalarAsync<long>(countEvents));
        Assert.Equal(0L, await ScalarAsync<long>("select count(*) from counselling.referrals where client_id = any(@ids)",
            new { ids = new[] { organisation, noEmail, noConsent } }));
    }

    [GeneratedRegex(@"invitation=([A-Za-z0-9_-]{43})")]
    private static partial Regex InvitationToken();

    private async Task<(Guid ClientId, Guid ReferralId, string Email)> CoachingReferralAsync()
    {
        var email = "gruenderin-" + Guid.NewGuid().ToString("N")[..8] + "@example.org";
        var clientId = await ClientAsync(_a, ["counselling", "email_contact"], email);
        var referral = await CreatedAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{clientId}/referrals",
            new { target = "start_up_coaching", reason = "Möchte ein Café eröffnen" }));
        Assert.Equal("start_up_coaching", referral.GetProperty("target").GetString());
        return (clientId, referral.GetProperty("id").GetGuid(), email);
    }

    private async Task<string> InvitationTokenAsync(string email)
    {
        await fixture.DispatchAsync();
        await fixture.SendMailsAsync();
        var mail = Assert.Single(fixture.Smtp.MailsTo(email));
        Assert.Equal("Einladung zum Gründungscoaching", mail.Subject);
        Assert.DoesNotContain("Café", mail.Text, StringComparison.Ordinal); // the counselling reason stays with staff
        return InvitationToken().Match(mail.Text).Groups[1].Value;
    }

    private static object Booking(CoachingArrange.Offer offer, DateTimeOffset start, string email, string? invitation) => new
    {
        sessionType = offer.SessionTypeSlug, coach = offer.CoachId, start, name = "Gründerin Test", email, stage = "idea", consent = true, invitation,
    };

    [Fact]
    public async Task The_coaching_loop_invites_by_mail_and_moves_the_referral_to_accepted_and_completed()
    {
        var (clientId, referralId, email) = await CoachingReferralAsync();
        var token = await InvitationTokenAsync(email);
        Assert.NotEmpty(token);
        // Only the token's hash is stored.
        Assert.Equal(1L, await ScalarAsync<long>("select count(*) from coaching.invitations where referral_id = @referralId and status = 'open'", new { referralId }));

        var offer = await CoachingArrange.CoachWithSessionTypeAsync(fixture.Db, minNoticeMinutes: 0);
        var start = NotificationsArrange.Berlin(2026, 11, 24, 10);
        var publicApi = fixture.App.CreateClient();
        var booked = await CreatedAsync(await publicApi.PostAsJsonAsync("/api/public/v1/coaching/bookings", Booking(offer, start, email, token)));
        var bookingId = booked.GetProperty("id").GetGuid();
        // The invitation takes one booking.
        await ProblemAsync(await publicApi.PostAsJsonAsync("/api/public/v1/coaching/bookings",
            Booking(offer, start.AddHours(2), email, token)), HttpStatusCode.Conflict);

        await fixture.DispatchAsync();
        var accepted = (await OkAsync(await _a.GetAsync($"/api/counselling/clients/{clientId}/referrals"))).EnumerateArray().Single();
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, accepted.GetProperty("history")[1].GetProperty("changedBy").ValueKind);

        var sessionId = await ScalarAsync<Guid>("select session_id from coaching.bookings where id = @bookingId", new { bookingId });
        fixture.App.Clock.Set(start.AddHours(1));
        try
        {
            await OkAsync(await fixture.Admin.PostAsJsonAsync($"/api/coaching/sessions/{sessionId}/outcome", new { outcome = "held" }));
            await fixture.DispatchAsync(); // the event is due from the session's time on
        }
        finally
        {
            fixture.App.Clock.Set(CasesFixture.Now);
        }

        var completed = (await OkAsync(await _a.GetAsync($"/api/counselling/clients/{clientId}/referrals"))).EnumerateArray().Single();
        Assert.Equal("completed", completed.GetProperty("status").GetString());
        Assert.Equal(["sent", "accepted", "completed"], Statuses(completed));
        Assert.Equal("completed", await ScalarAsync<string>("select status from coaching.invitations where referral_id = @referralId", new { referralId }));
    }

    [Fact]
    public async Task Withdrawing_the_email_consent_withdraws_the_open_coaching_referral_and_voids_the_invitation()
    {
        var (clientId, referralId, email) = await CoachingReferralAsync();
        var token = await InvitationTokenAsync(email);
        var consent = (await OkAsync(await _a.GetAsync($"/api/counselling/clients/{clientId}"))).GetProperty("consents").EnumerateArray()
            .Single(c => c.GetProperty("purpose").GetString() == "email_contact");

        var withdrawal = await OkAsync(await _a.PostAsync($"/api/counselling/clients/{clientId}/consents/{consent.GetProperty("id").GetGuid()}/withdrawal", null));
        Assert.Equal([referralId], withdrawal.GetProperty("withdrawnReferrals").EnumerateArray().Select(r => r.GetGuid()).ToArray());
        await ProblemAsync(await _a.PostAsync($"/api/counselling/clients/{clientId}/consents/{consent.GetProperty("id").GetGuid()}/withdrawal", null),
            HttpStatusCode.Conflict);
        await fixture.DispatchAsync();
        Assert.Equal("voided", await ScalarAsync<string>("select status from coaching.invitations where referral_id = @referralId", new { referralId }));

        var offer = await CoachingArrange.CoachWithSessionTypeAsync(fixture.Db, minNoticeMinutes: 0);
        await ProblemAsync(await fixture.App.CreateClient().PostAsJsonAsync("/api/public/v1/coaching/bookings",
            Booking(offer, NotificationsArrange.Berlin(2026, 11, 25, 10), email, token)), HttpStatusCode.BadRequest, "invitation");
        var referral = (await OkAsync(await _a.GetAsync($"/api/counselling/clients/{clientId}/referrals"))).EnumerateArray().Single();
        Assert.Equal(["sent", "withdrawn"], Statuses(referral));
        // Without the consent a new coaching referral is refused.
        await ProblemAsync(await _a.PostAsJsonAsync($"/api/counselling/clients/{clientId}/referrals", new { target = "start_up_coaching" }),
            HttpStatusCode.Conflict, "consent");
    }

    [Fact]
    public async Task A_withdrawn_referral_whose_mail_is_still_queued_never_mails_the_invitation()
    {
        var (_, referralId, email) = await CoachingReferralAsync();
        await fixture.DispatchAsync();
        await OkAsync(await _a.PostAsJsonAsync($"/api/counselling/referrals/{referralId}/status", new { status = "withdrawn" }));
        await fixture.DispatchAsync();
        await fixture.SendMailsAsync();
        Assert.Empty(fixture.Smtp.MailsTo(email));
        Assert.Equal("voided", await ScalarAsync<string>("select status from coaching.invitations where referral_id = @referralId", new { referralId }));
    }

    [Fact]
    public async Task A_redelivered_or_resent_referral_event_creates_one_invitation()
    {
        var (_, referralId, email) = await CoachingReferralAsync();
        await fixture.DispatchAsync();
        var again = new ClientReferredToCoaching(referralId, "K-2026-999999", "Gründerin Test", email, null, "de");
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            await mediator.Publish(again); // a new event for the same referral
            await mediator.Publish(again); // and that event redelivered
        }

        Assert.Equal(1L, await ScalarAsync<long>("select count(*) from coaching.invitations where referral_id = @referralId", new { referralId }));
        Assert.Equal(1L, await ScalarAsync<long>(
            "select count(*) from coaching.outgoing_mails m join coaching.invitations i on i.id = m.invitation_id where i.referral_id = @referralId",
            new { referralId }));
    }

    [Fact]
    public async Task A_withdrawal_that_overtakes_the_referral_event_leaves_nobody_invited()
    {
        var referralId = Guid.NewGuid();
        var email = "spaet-" + Guid.NewGuid().ToString("N")[..8] + "@example.org";
        await using (var scope = fixture.App.Services.CreateAsyncScope())
        {
            var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
            await mediator.Publish(new CoachingReferralWithdrawn(referralId));
            await mediator.Publish(new ClientReferredToCoaching(referralId, "K-2026-999998", "Gründer Spät", email, null, "de"));
        }

        Assert.Equal("voided", await ScalarAsync<string>("select status from coaching.invitations where referral_id = @referralId", new { referralId }));
        await fixture.SendMailsAsync();
        Assert.Empty(fixture.Smtp.MailsTo(email));
    }

    [Fact]
    public async Task The_district_code_must_be_an_active_region_of_the_partner_network()
    {
        var unknown = await _a.PostAsJsonAsync("/api/counselling/clients", new
        {
            kind = "person", targetGroup = "unemployed", districtCode = "NK-03", name = Unique("Bezirk"), consents = new[] { new { purpose = "counselling" } },
        });
        await ProblemAsync(unknown, HttpStatusCode.BadRequest, "districtCode");
        var leipzig = await ClientAsync(_a, district: "lpz-volkmarsdorf");

        await using (var connection = await fixture.Db.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("update partners.regions set is_active = false where code = '0915'");
        var name = Unique("Umzug");
        var moved = await _a.PutAsJsonAsync($"/api/counselling/clients/{leipzig}", new { targetGroup = "unemployed", districtCode = "0915", name, version = 1 });
        await ProblemAsync(moved, HttpStatusCode.BadRequest, "districtCode");
        await OkAsync(await _a.PutAsJsonAsync($"/api/counselling/clients/{leipzig}", new { targetGroup = "unemployed", districtCode = "0301", name, version = 1 }));
    }
}
