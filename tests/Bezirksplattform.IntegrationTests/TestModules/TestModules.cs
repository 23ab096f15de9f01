using System.Collections.Concurrent;
using System.Reflection;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.BuildingBlocks.Modules;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

// Three small modules that exist only in the tests, so the platform's messaging can be shown
// end to end before the business modules publish anything. They follow the same rules:
// own schema, own outbox and inbox, events as versioned records.

namespace Bezirksplattform.IntegrationTests.TestModules
{
    /// <summary>A test module lives in the test assembly, so it owns types by namespace.</summary>
    public abstract class TestModule : PlatformModule
    {
        public override Assembly? ContractsAssembly => Assembly;

        public override bool Owns(Type type) => type.Namespace?.StartsWith(GetType().Namespace!, StringComparison.Ordinal) == true;
    }
}

namespace Bezirksplattform.IntegrationTests.TestModules.Sender
{
    [IntegrationEventName("test.thing-recorded.v1")]
    public sealed record ThingRecorded(Guid ThingId, string Name) : IntegrationEvent;

    public sealed record RecordThingCommand(string Name, bool FailAfterEnqueue = false) : ICommand<Guid>;

    internal sealed class RecordThingValidator : AbstractValidator<RecordThingCommand>
    {
        public RecordThingValidator() => RuleFor(x => x.Name).NotEmpty();
    }

    internal sealed class RecordThingHandler(IDbSession db, IIntegrationEventOutbox outbox) : IRequestHandler<RecordThingCommand, Guid>
    {
        public async Task<Guid> Handle(RecordThingCommand request, CancellationToken ct)
        {
            var id = Guid.CreateVersion7();
            await db.ExecuteAsync("insert into test_sender.things (id, name) values (@id, @Name)", new { id, request.Name }, ct);
            await outbox.EnqueueAsync(new ThingRecorded(id, request.Name), ct);
            if (request.FailAfterEnqueue) throw new InvalidOperationException("Handler failed after enqueueing.");
            return id;
        }
    }

    /// <summary>Reads another module's data the only allowed way: a query from its Contracts.</summary>
    public sealed record RecordStaffNameCommand(Guid StaffUserId) : ICommand<string>;

    internal sealed class RecordStaffNameHandler(IDbSession db, IMediator mediator) : IRequestHandler<RecordStaffNameCommand, string>
    {
        public async Task<string> Handle(RecordStaffNameCommand request, CancellationToken ct)
        {
            await db.ExecuteAsync("insert into test_sender.things (id, name) values (@id, 'before')", new { id = Guid.CreateVersion7() }, ct);
            var user = await mediator.Send(new Identity.Contracts.GetStaffUserQuery(request.StaffUserId), ct)
                ?? throw new Bezirksplattform.BuildingBlocks.Errors.NotFoundException();
            // Back in this module's transaction after the other module answered on its own connection.
            await db.ExecuteAsync("insert into test_sender.things (id, name) values (@id, @name)", new { id = Guid.CreateVersion7(), name = user.DisplayName }, ct);
            return db.Module.Schema;
        }
    }

    public sealed class SenderModule : TestModule
    {
        public const string SecretDetail = "geheimes-internes-detail-4711";

        public override string Name => "TestSender";

        public override string Schema => "test_sender";

        public override void MapEndpoints(IEndpointRouteBuilder endpoints)
        {
            var group = endpoints.MapGroup("/api/test");
            group.MapGet("/boom", string () => throw new InvalidOperationException("Connection to 10.0.0.5 failed: " + SecretDetail));
            group.MapPost("/things", async (RecordThingCommand command, IMediator mediator) => Results.Ok(await mediator.Send(command)));
        }
    }
}

namespace Bezirksplattform.IntegrationTests.TestModules.Receiver
{
    using Sender;

    /// <summary>Fails on purpose for names starting with "flaky" (first delivery only) or "poison" (always).</summary>
    internal sealed class ThingRecordedHandler(InboxProcessor inbox) : IntegrationEventHandler<ThingRecorded>(inbox)
    {
        public static readonly ConcurrentDictionary<Guid, int> Attempts = new();

        protected override async Task HandleAsync(ThingRecorded @event, IDbSession session, CancellationToken ct)
        {
            var attempt = Attempts.AddOrUpdate(@event.EventId, 1, (_, n) => n + 1);
            await session.ExecuteAsync(
                "insert into test_receiver.received (event_id, thing_id, name) values (@EventId, @ThingId, @Name)", @event, ct);
            if (@event.Name.StartsWith("poison", StringComparison.Ordinal))
                throw new InvalidOperationException("Receiver cannot process " + @event.Name);
            if (@event.Name.StartsWith("flaky", StringComparison.Ordinal) && attempt == 1)
                throw new InvalidOperationException("Receiver was unavailable on the first delivery.");
        }
    }

    public sealed class ReceiverModule : TestModule
    {
        public override string Name => "TestReceiver";

        public override string Schema => "test_receiver";

        public override void MapEndpoints(IEndpointRouteBuilder endpoints)
        {
        }
    }
}

namespace Bezirksplattform.IntegrationTests.TestModules.Audit
{
    using Sender;

    internal sealed class ThingRecordedAuditHandler(InboxProcessor inbox) : IntegrationEventHandler<ThingRecorded>(inbox)
    {
        protected override Task HandleAsync(ThingRecorded @event, IDbSession session, CancellationToken ct) =>
            session.ExecuteAsync("insert into test_audit.audited (event_id, name) values (@EventId, @Name)", @event, ct);
    }

    public sealed class AuditModule : TestModule
    {
        public override string Name => "TestAudit";

        public override string Schema => "test_audit";

        public override void MapEndpoints(IEndpointRouteBuilder endpoints)
        {
        }
    }
}
