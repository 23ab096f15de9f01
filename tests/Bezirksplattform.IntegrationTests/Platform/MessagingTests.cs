using System.Net;
using System.Net.Http.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Bezirksplattform.IntegrationTests.TestModules.Audit;
using Bezirksplattform.IntegrationTests.TestModules.Receiver;
using Bezirksplattform.IntegrationTests.TestModules.Sender;
using Dapper;

namespace Bezirksplattform.IntegrationTests.Platform;

/// <summary>Integration events: committed → delivered exactly once; rolled back → never.</summary>
public sealed class MessagingTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private PlatformFactory _host = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync();
        _host = NewHost();
        _ = _host.Server; // start: applies the test modules' migrations
        // The production migrations leave events of their own pending (partners 0002 publishes the
        // reference regions); deliver them first so that every count below is this test's.
        await _host.Get<OutboxDispatcher>().DispatchAllAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    private PlatformFactory NewHost(TestClock? clock = null) => new(_db, clock,
        settings: new Dictionary<string, string?> { ["Outbox:MaxAttempts"] = "3", ["Outbox:FirstRetryDelay"] = "00:00:05" },
        extraModules: [new SenderModule(), new ReceiverModule(), new AuditModule()]);

    private async Task<long> CountAsync(string sql, object? args = null)
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>(sql, args);
    }

    private async Task<OutboxRow> OutboxRowAsync(Guid thingId)
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<OutboxRow>(
            "select status, attempts, last_error, next_attempt_at from test_sender.outbox_messages where payload->>'thingId' = @id",
            new { id = thingId.ToString() });
    }

    private sealed record OutboxRow(string Status, int Attempts, string? LastError, DateTimeOffset NextAttemptAt);

    [Fact]
    public async Task Committed_event_reaches_each_other_module_exactly_once_even_when_dispatched_again()
    {
        var thing = await _host.SendAsync(new RecordThingCommand("ordinary"));

        var dispatcher = _host.Get<OutboxDispatcher>();
        await dispatcher.DispatchAllAsync(CancellationToken.None);
        await dispatcher.DispatchAllAsync(CancellationToken.None);

        Assert.Equal(1, await CountAsync("select count(*) from test_receiver.received where thing_id = @thing", new { thing }));
        Assert.Equal(1, await CountAsync("select count(*) from test_audit.audited where name = 'ordinary'"));
        var row = await OutboxRowAsync(thing);
        Assert.Equal("dispatched", row.Status);
        Assert.Equal(1, row.Attempts);
    }

    [Fact]
    public async Task Event_of_a_rolled_back_command_is_never_published()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => _host.SendAsync(new RecordThingCommand("rolled-back", FailAfterEnqueue: true)));

        await _host.Get<OutboxDispatcher>().DispatchAllAsync(CancellationToken.None);

        Assert.Equal(0, await CountAsync("select count(*) from test_sender.things where name = 'rolled-back'"));
        Assert.Equal(0, await CountAsync("select count(*) from test_sender.outbox_messages where payload->>'name' = 'rolled-back'"));
        Assert.Equal(0, await CountAsync("select count(*) from test_receiver.received where name = 'rolled-back'"));
    }

    [Fact]
    public async Task Handler_failing_on_first_delivery_gets_the_event_again_after_the_backoff_and_other_handlers_do_not_repeat()
    {
        var thing = await _host.SendAsync(new RecordThingCommand("flaky-1"));
        var dispatcher = _host.Get<OutboxDispatcher>();

        await dispatcher.DispatchAllAsync(CancellationToken.None);
        var failed = await OutboxRowAsync(thing);
        Assert.Equal("pending", failed.Status);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("unavailable on the first delivery", failed.LastError);
        Assert.Equal(_host.Clock.GetUtcNow().AddSeconds(5), failed.NextAttemptAt);
        Assert.Equal(0, await CountAsync("select count(*) from test_receiver.received where thing_id = @thing", new { thing }));

        // Not due yet: nothing happens before the backoff has passed.
        await dispatcher.DispatchAllAsync(CancellationToken.None);
        Assert.Equal(1, (await OutboxRowAsync(thing)).Attempts);

        _host.Clock.Advance(TimeSpan.FromSeconds(6));
        await dispatcher.DispatchAllAsync(CancellationToken.None);

        Assert.Equal(1, await CountAsync("select count(*) from test_receiver.received where thing_id = @thing", new { thing }));
        Assert.Equal(1, await CountAsync("select count(*) from test_audit.audited where name = 'flaky-1'"));
        var delivered = await OutboxRowAsync(thing);
        Assert.Equal("dispatched", delivered.Status);
        Assert.Equal(2, delivered.Attempts);
    }

    [Fact]
    public async Task Dispatchers_of_two_hosts_running_at_once_deliver_every_event_exactly_once()
    {
        const int events = 150;
        for (var i = 0; i < events; i++)
            await _host.SendAsync(new RecordThingCommand($"concurrent-{i}"));

        await using var second = NewHost(_host.Clock);
        var first = _host.Get<OutboxDispatcher>();
        var other = second.Get<OutboxDispatcher>();
        var runs = Enumerable.Range(0, 4).SelectMany(_ => new[]
        {
            Task.Run(() => first.DispatchAllAsync(CancellationToken.None)),
            Task.Run(() => other.DispatchAllAsync(CancellationToken.None)),
        });
        var handled = await Task.WhenAll(runs);

        Assert.Equal(events, handled.Sum());
        Assert.Equal(events, await CountAsync("select count(*) from test_receiver.received where name like 'concurrent-%'"));
        Assert.Equal(events, await CountAsync("select count(distinct event_id) from test_receiver.received where name like 'concurrent-%'"));
        Assert.Equal(events, await CountAsync("select count(*) from test_audit.audited where name like 'concurrent-%'"));
        Assert.Equal(0, await CountAsync("select count(*) from test_sender.outbox_messages where status <> 'dispatched' or attempts <> 1"));
    }

    [Fact]
    public async Task Poison_message_is_parked_as_dead_with_its_error_and_an_admin_can_requeue_it()
    {
        var thing = await _host.SendAsync(new RecordThingCommand("poison-1"));
        var dispatcher = _host.Get<OutboxDispatcher>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await dispatcher.DispatchAllAsync(CancellationToken.None);
            _host.Clock.Advance(TimeSpan.FromMinutes(5));
        }

        var dead = await OutboxRowAsync(thing);
        Assert.Equal("dead", dead.Status);
        Assert.Equal(3, dead.Attempts);
        Assert.Contains("Receiver cannot process poison-1", dead.LastError);
        Assert.Equal(0, await CountAsync("select count(*) from test_receiver.received where thing_id = @thing", new { thing }));

        var counsellor = await _host.ClientForRoleAsync(Roles.Counsellor);
        Assert.Equal(HttpStatusCode.Forbidden, (await counsellor.GetAsync("/api/admin/outbox?status=dead")).StatusCode);

        var admin = await _host.ClientForRoleAsync(Roles.Admin);
        var listed = await admin.GetFromJsonAsync<List<DeadMessage>>("/api/admin/outbox?status=dead");
        var message = Assert.Single(listed!, m => m.EventName == "test.thing-recorded.v1" && m.LastError!.Contains("poison-1"));
        Assert.Equal("TestSender", message.Module);

        var requeue = await admin.PostAsync($"/api/admin/outbox/{message.Module}/{message.Id}/requeue", null);
        Assert.Equal(HttpStatusCode.NoContent, requeue.StatusCode);
        var again = await OutboxRowAsync(thing);
        Assert.Equal("pending", again.Status);
        Assert.Equal(0, again.Attempts);

        var twice = await admin.PostAsync($"/api/admin/outbox/{message.Module}/{message.Id}/requeue", null);
        Assert.Equal(HttpStatusCode.NotFound, twice.StatusCode);
    }

    [Fact]
    public async Task A_module_reads_another_modules_data_through_its_contracts_query_inside_its_own_transaction()
    {
        var userId = await StaffUsers.CreateAsync(_db, "anna.beraterin", "irrelevant-password", "counsellor");

        var schemaAfterQuery = await _host.SendAsync(new RecordStaffNameCommand(userId));

        Assert.Equal("test_sender", schemaAfterQuery);
        Assert.Equal(1, await CountAsync("select count(*) from test_sender.things where name = 'anna.beraterin'"));
        Assert.Equal(1, await CountAsync("select count(*) from test_sender.things where name = 'before'"));
        // An unknown user makes the command fail as a whole: the row written before the query is rolled back.
        await Assert.ThrowsAsync<Bezirksplattform.BuildingBlocks.Errors.NotFoundException>(() => _host.SendAsync(new RecordStaffNameCommand(Guid.NewGuid())));
        Assert.Equal(1, await CountAsync("select count(*) from test_sender.things where name = 'before'"));
    }

    private sealed record DeadMessage(string Module, Guid Id, string EventName, string Status, int Attempts, string? LastError);
}
