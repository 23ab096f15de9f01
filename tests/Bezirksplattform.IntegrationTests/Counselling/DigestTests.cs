using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.Counselling;
using Bezirksplattform.Counselling.Jobs.SendFollowUpDigest;
using Bezirksplattform.IntegrationTests.Coaching;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;

namespace Bezirksplattform.IntegrationTests.Counselling;

/// <summary>
/// The daily follow-up digest against real PostgreSQL, a fake clock and a mail server on loopback.
/// Each test has its own database: a run mails everything due in it. Today is Monday 23 November
/// 2026, 06:30 in Berlin; clients, consultations, case tasks and ESF records are written with SQL as
/// the slices leave them (cases and ESF have their own slices elsewhere).
/// </summary>
public sealed class DigestTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 23, 5, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly Today = new(2026, 11, 23);

    private TestDatabase _db = null!;
    private SmtpReceiver _smtp = null!;
    private PlatformFactory _app = null!;
    private Guid _team;
    private int _clients;
    private int _cases;
    private readonly List<string> _names = [];

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync();
        _smtp = SmtpReceiver.Start();
        _app = Host(new TestClock(Morning));
        _team = Guid.CreateVersion7();
        await ExecuteAsync("insert into counselling.teams (id, name, created_at) values (@_team, 'Team Digest', now())", new { _team });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
        await _db.DisposeAsync();
    }

    private PlatformFactory Host(TestClock clock)
    {
        var settings = new Dictionary<string, string?>(_smtp.Settings) { ["Mail:From"] = "Beschäftigungsberatung <beratung@bezirk.example>" };
        return new PlatformFactory(_db, clock, settings);
    }

    private Task<DigestRun> RunAsync(PlatformFactory? host = null) => (host ?? _app).Get<FollowUpDigestSender>().SendDueAsync(CancellationToken.None);

    private async Task ExecuteAsync(string sql, object? args = null)
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(sql, args);
    }

    private async Task<List<T>> QueryAsync<T>(string sql, object? args = null)
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        return [.. await connection.QueryAsync<T>(sql, args)];
    }

    private async Task<Guid> CounsellorAsync(string userName, string? email, bool active = true)
    {
        var id = await StaffUsers.CreateAsync(_db, userName, "correct-horse-battery", Roles.Counsellor);
        await ExecuteAsync("update identity.staff_users set email = @email, is_active = @active, display_name = @name where id = @id",
            new { id, email, active, name = "Beraterin " + userName });
        return id;
    }

    /// <summary>A client of the owner with a distinctive name; returns its id and client number.</summary>
    private async Task<(Guid Id, string Number)> ClientAsync(Guid owner, string? state = null)
    {
        var id = Guid.CreateVersion7();
        var number = $"K-2026-{++_clients + 500:D6}";
        var name = $"Vertraulich-{_clients} Nachname{_clients}";
        _names.Add(name);
        await ExecuteAsync(
            """
            insert into counselling.clients (id, client_number, kind, target_group, owner_id, team_id, restricted_at, erased_at, created_at, updated_at)
            values (@id, @number, 'person', 'unemployed', @owner, @_team, @restricted, @erased, now(), now());
            insert into counselling.client_contacts (client_id, name, email, updated_at) values (@id, @name, 'geheim@example.org', now());
            """, new
            {
                id, number, owner, _team, name,
                restricted = state == "restricted" ? DateTimeOffset.UtcNow : (DateTimeOffset?)null,
                erased = state == "erased" ? DateTimeOffset.UtcNow : (DateTimeOffset?)null,
            });
        return (id, number);
    }

    /// <summary>A consultation whose notes name the client: the digest must not carry them.</summary>
    private async Task<Guid> ConsultationAsync(Guid client, Guid counsellor, DateOnly on, DateOnly? followUp)
    {
        var id = Guid.CreateVersion7();
        var name = _names[^1];
        await ExecuteAsync(
            """
            insert into counselling.consultations (id, client_id, counsellor_id, occurred_on, duration_minutes, channel, topics, outcome, next_steps,
                follow_up_on, created_at)
            values (@id, @client, @counsellor, @on, 45, 'in_person', array['career_planning'], @outcome, @next, @followUp, now())
            """, new { id, client, counsellor, on, followUp, outcome = $"Gespräch mit {name}", next = $"{name} ruft zurück" });
        return id;
    }

    private async Task<Guid> TaskAsync(Guid client, Guid by, DateOnly due, bool done = false, bool caseClosed = false)
    {
        var caseId = Guid.CreateVersion7();
        var id = Guid.CreateVersion7();
        await ExecuteAsync(
            """
            insert into counselling.cases (id, client_id, service_line, opened_on, closed_on, outcome, opened_by, created_at, updated_at)
            values (@caseId, @client, @line, date '2026-09-01', @closedOn, @outcome, @by, now(), now());
            insert into counselling.case_activities (id, case_id, occurred_on, kind, description, due_on, done_at, created_by, created_at)
            values (@id, @caseId, date '2026-10-01', 'task', @text, @due, @doneAt, @by, now());
            """, new
            {
                caseId, id, client, by, due, text = $"Unterlagen von {_names[^1]} prüfen",
                // One open case per client and service line: each task gets a case of its own line.
                line = new[] { "job_seekers", "young_people", "companies", "associations", "volunteering", "start_up" }[_cases++ % 6],
                doneAt = done ? DateTimeOffset.UtcNow : (DateTimeOffset?)null,
                closedOn = caseClosed ? new DateOnly(2026, 11, 1) : (DateOnly?)null, outcome = caseClosed ? "employment" : null,
            });
        return id;
    }

    /// <summary>An ESF participation without entry data unless <paramref name="entryRecorded"/>, with one stay.</summary>
    private async Task<(Guid Participation, Guid Stay)> EsfAsync(Guid client, DateOnly entered, DateOnly? left = null, bool entryRecorded = false,
        bool exitRecorded = false, bool resultRecorded = false)
    {
        var id = Guid.CreateVersion7();
        var stay = Guid.CreateVersion7();
        await ExecuteAsync(
            """
            insert into counselling.esf_participations (id, client_id, project_code, first_entered_on, entry_recorded_at, created_at, updated_at)
            values (@id, @client, 'esf-test', @entered, @entryAt, now(), now());
            insert into counselling.esf_stays (id, participation_id, entered_on, left_on, exit_recorded_at, six_months_recorded_at, created_at)
            values (@stay, @id, @entered, @left, @exitAt, @resultAt, now());
            """, new
            {
                id, stay, client, entered, left,
                entryAt = entryRecorded ? DateTimeOffset.UtcNow : (DateTimeOffset?)null,
                exitAt = exitRecorded ? DateTimeOffset.UtcNow : (DateTimeOffset?)null,
                resultAt = resultRecorded ? DateTimeOffset.UtcNow : (DateTimeOffset?)null,
            });
        return (id, stay);
    }

    private void AssertNoNames()
    {
        Assert.NotEmpty(_smtp.Mails);
        foreach (var mail in _smtp.Mails)
            foreach (var name in _names)
            {
                Assert.DoesNotContain(name, mail.Text, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(name, mail.Subject, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("geheim@example.org", mail.Text, StringComparison.OrdinalIgnoreCase);
            }
    }

    [Fact]
    public async Task Each_counsellor_gets_one_mail_with_exactly_the_items_due_by_client_number_and_without_names()
    {
        var anna = await CounsellorAsync("anna", "anna@bezirk.example");
        var ben = await CounsellorAsync("ben", "ben@bezirk.example");
        await CounsellorAsync("carla", "carla@bezirk.example"); // nothing due for her

        var followUp = await ClientAsync(anna);
        await ConsultationAsync(followUp.Id, anna, new(2026, 11, 10), new(2026, 11, 20)); // due since Friday
        var future = await ClientAsync(anna);
        await ConsultationAsync(future.Id, anna, new(2026, 11, 16), new(2026, 11, 30));
        var followedUp = await ClientAsync(anna);
        await ConsultationAsync(followedUp.Id, anna, new(2026, 11, 2), new(2026, 11, 9));
        await ConsultationAsync(followedUp.Id, anna, new(2026, 11, 12), null); // the follow-up took place
        var task = await ClientAsync(anna);
        await TaskAsync(task.Id, anna, Today);
        await TaskAsync(task.Id, anna, Today.AddDays(1));
        await TaskAsync(task.Id, anna, new(2026, 11, 2), done: true);
        await TaskAsync(task.Id, anna, new(2026, 11, 2), caseClosed: true);
        var restricted = await ClientAsync(anna, "restricted");
        await ConsultationAsync(restricted.Id, anna, new(2026, 11, 10), new(2026, 11, 20));
        var erased = await ClientAsync(anna, "erased");
        await TaskAsync(erased.Id, anna, Today);

        var entrySoon = await ClientAsync(ben);
        await EsfAsync(entrySoon.Id, new(2026, 10, 28)); // entry data due 25.11., two days away
        var entryLater = await ClientAsync(ben);
        await EsfAsync(entryLater.Id, new(2026, 11, 10)); // due 08.12., more than seven days away
        var entryDone = await ClientAsync(ben);
        await EsfAsync(entryDone.Id, new(2026, 9, 1), entryRecorded: true);
        var exitSoon = await ClientAsync(ben);
        await EsfAsync(exitSoon.Id, new(2026, 6, 1), left: new(2026, 11, 1), entryRecorded: true); // exit data due 29.11.
        var result = await ClientAsync(ben);
        await EsfAsync(result.Id, new(2026, 3, 2), left: new(2026, 5, 20), entryRecorded: true, exitRecorded: true); // result due 20.11.
        var resultLater = await ClientAsync(ben);
        await EsfAsync(resultLater.Id, new(2026, 3, 2), left: new(2026, 6, 1), entryRecorded: true, exitRecorded: true); // due 01.12.

        var run = await RunAsync();

        Assert.Equal(new DigestRun(5, 2, 0, 0), run);
        Assert.Equal(2, _smtp.Mails.Count);
        Assert.Empty(_smtp.MailsTo("carla@bezirk.example"));
        var toAnna = Assert.Single(_smtp.MailsTo("anna@bezirk.example"));
        Assert.Equal("Wiedervorlagen und Fristen am 23.11.2026: 2 Einträge", toAnna.Subject);
        Assert.Contains($"{followUp.Number}: fällig seit 20.11.2026", toAnna.Text);
        Assert.Contains($"{task.Number}: Aufgabe im Fall Arbeitsuchende, fällig heute", toAnna.Text);
        Assert.Contains($"/api/counselling/clients/{task.Id}", toAnna.Text);
        foreach (var other in new[] { future, followedUp, restricted, erased, entrySoon })
            Assert.DoesNotContain(other.Number, toAnna.Text);

        var toBen = Assert.Single(_smtp.MailsTo("ben@bezirk.example"));
        Assert.Contains("3 Einträge", toBen.Subject);
        Assert.Contains($"{entrySoon.Number}: Projekt esf-test, Frist endet am 25.11.2026 (in 2 Tagen)", toBen.Text);
        Assert.Contains($"{exitSoon.Number}: Projekt esf-test, Frist endet am 29.11.2026 (in 6 Tagen)", toBen.Text);
        Assert.Contains($"{result.Number}: Projekt esf-test, fällig seit 20.11.2026", toBen.Text);
        Assert.Contains("ESF Plus: Eintrittsdaten fehlen", toBen.Text);
        Assert.Contains("ESF Plus: Austrittsdaten fehlen", toBen.Text);
        Assert.Contains("ESF Plus: Ergebnis sechs Monate nach Austritt", toBen.Text);
        foreach (var other in new[] { entryLater, entryDone, resultLater, followUp })
            Assert.DoesNotContain(other.Number, toBen.Text);

        AssertNoNames();
        Assert.Equal(5, (await QueryAsync<long>("select count(*) from counselling.digest_items where status = 'sent' and sent_at is not null")).Single());
    }

    [Fact]
    public async Task A_second_run_the_same_day_sends_nothing_and_the_next_day_brings_only_new_items()
    {
        var anna = await CounsellorAsync("anna", "anna@bezirk.example");
        var first = await ClientAsync(anna);
        await ConsultationAsync(first.Id, anna, new(2026, 11, 10), new(2026, 11, 20));
        var second = await ClientAsync(anna);
        await TaskAsync(second.Id, anna, Today.AddDays(1));

        await RunAsync();
        Assert.Equal(new DigestRun(0, 0, 0, 0), await RunAsync());
        var mail = Assert.Single(_smtp.Mails);
        Assert.Contains(first.Number, mail.Text);
        Assert.DoesNotContain(second.Number, mail.Text);

        // The next morning brings the task now due, and only that.
        _app.Clock.Set(Morning.AddDays(1));
        Assert.Equal(new DigestRun(1, 1, 0, 0), await RunAsync());
        Assert.Equal(2, _smtp.Mails.Count);
        Assert.Contains(second.Number, _smtp.Mails[1].Text);
        Assert.DoesNotContain(first.Number, _smtp.Mails[1].Text);
        Assert.Equal(new DigestRun(0, 0, 0, 0), await RunAsync());

        // A missed week is caught up: whatever fell due meanwhile comes in one mail.
        var third = await ClientAsync(anna);
        await TaskAsync(third.Id, anna, Today.AddDays(3));
        var fourth = await ClientAsync(anna);
        await ConsultationAsync(fourth.Id, anna, new(2026, 11, 20), Today.AddDays(5));
        _app.Clock.Set(Morning.AddDays(7));
        Assert.Equal(new DigestRun(2, 1, 0, 0), await RunAsync());
        Assert.Contains(third.Number, _smtp.Mails[2].Text);
        Assert.Contains(fourth.Number, _smtp.Mails[2].Text);
    }

    [Fact]
    public async Task Two_hosts_running_at_once_mail_each_item_exactly_once_and_each_counsellor_once()
    {
        var numbers = new List<string>();
        for (var c = 0; c < 5; c++)
        {
            var counsellor = await CounsellorAsync($"parallel{c}", $"parallel{c}@bezirk.example");
            for (var i = 0; i < 3; i++)
            {
                var client = await ClientAsync(counsellor);
                await ConsultationAsync(client.Id, counsellor, new(2026, 11, 10), new(2026, 11, 20 + i));
                numbers.Add(client.Number);
            }
        }

        _smtp.Delay = TimeSpan.FromMilliseconds(40); // the runs overlap while mails go out
        await using var other = Host(new TestClock(Morning));
        FollowUpDigestSender[] senders = [_app.Get<FollowUpDigestSender>(), other.Get<FollowUpDigestSender>()];
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => senders[i % 2].SendDueAsync(CancellationToken.None))));

        Assert.Equal(15, runs.Sum(r => r.Items));
        Assert.Equal(5, _smtp.Mails.Count);
        for (var c = 0; c < 5; c++)
            Assert.Single(_smtp.MailsTo($"parallel{c}@bezirk.example"));
        foreach (var number in numbers)
            Assert.Single(_smtp.Mails, m => m.Text.Contains(number));
        Assert.Equal(["sent"], await QueryAsync<string>("select distinct status from counselling.digest_items"));
    }

    [Fact]
    public async Task After_a_failed_send_the_next_run_mails_what_is_left_and_nothing_twice()
    {
        var anna = await CounsellorAsync("anna", "anna@bezirk.example");
        var monday = await ClientAsync(anna);
        await TaskAsync(monday.Id, anna, Today);
        var tuesday = await ClientAsync(anna);
        await TaskAsync(tuesday.Id, anna, Today.AddDays(1));
        var wednesday = await ClientAsync(anna);
        await TaskAsync(wednesday.Id, anna, Today.AddDays(2));
        await RunAsync();

        _smtp.Refuse = true;
        _app.Clock.Set(Morning.AddDays(1));
        Assert.Equal(new DigestRun(1, 0, 0, 1), await RunAsync());
        var failed = await QueryAsync<(string Status, string LastError)>(
            "select status, last_error from counselling.digest_items where status <> 'sent'");
        Assert.Equal("failed", Assert.Single(failed).Status);
        Assert.Contains("451", failed[0].LastError);

        _smtp.Refuse = false;
        _app.Clock.Set(Morning.AddDays(2));
        Assert.Equal(new DigestRun(2, 1, 0, 0), await RunAsync());
        Assert.Equal(2, _smtp.Mails.Count);
        var retry = _smtp.Mails[1];
        Assert.Contains(tuesday.Number, retry.Text);
        Assert.Contains(wednesday.Number, retry.Text);
        Assert.DoesNotContain(monday.Number, retry.Text);
        Assert.Equal(["sent"], await QueryAsync<string>("select distinct status from counselling.digest_items"));
        Assert.Equal([1, 2, 1], await QueryAsync<int>("select attempts from counselling.digest_items order by due_on"));
    }

    [Fact]
    public async Task Items_of_an_inactive_account_or_one_without_address_are_skipped_with_the_reason_and_a_done_item_is_cancelled()
    {
        var gone = await CounsellorAsync("ausgeschieden", "weg@bezirk.example", active: false);
        var noMail = await CounsellorAsync("ohnemail", null);
        var anna = await CounsellorAsync("anna", "anna@bezirk.example");
        await TaskAsync((await ClientAsync(gone)).Id, gone, Today);
        await TaskAsync((await ClientAsync(noMail)).Id, noMail, Today);

        _smtp.Refuse = true;
        var done = await ClientAsync(anna);
        var task = await TaskAsync(done.Id, anna, Today);
        Assert.Equal(new DigestRun(3, 0, 2, 1), await RunAsync());
        Assert.Equal(
            ["Das Konto ausgeschieden ist deaktiviert.", "Das Konto ohnemail hat keine E-Mail-Adresse."],
            await QueryAsync<string>("select last_error from counselling.digest_items where status = 'skipped' order by last_error"));

        // Done before the retry: it is not sent any more; the skipped ones stay skipped.
        _smtp.Refuse = false;
        await ExecuteAsync("update counselling.case_activities set done_at = now() where id = @task", new { task });
        Assert.Equal(new DigestRun(0, 0, 0, 0), await RunAsync());
        Assert.Empty(_smtp.Mails);
        Assert.Equal(["cancelled", "skipped", "skipped"], await QueryAsync<string>("select status from counselling.digest_items order by status"));
    }

    [Fact]
    public void The_job_runs_daily_at_half_past_six_Berlin_time()
    {
        var job = Assert.Single(new CounsellingModule().Jobs, j => j.Key == "counselling.follow-up-digest");
        Assert.Equal("0 30 6 * * ?", job.Cron); // the scheduler reads cron expressions in Europe/Berlin (JobsSetup)
        Assert.Equal(typeof(SendFollowUpDigestJob), job.JobType);
    }
}
