using MediatR;

namespace Bezirksplattform.BuildingBlocks.Contracts;

/// <summary>
/// A fact one module tells the others. Delivered at least once through the publishing module's
/// outbox; consumers make it exactly-once through their inbox. Never rename a published event:
/// give a changed shape a new versioned name instead.
/// </summary>
public abstract record IntegrationEvent : INotification
{
    public Guid EventId { get; init; } = Guid.NewGuid();

    /// <summary>Set by the outbox from the platform clock when the event is enqueued.</summary>
    public DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// The stable wire name of an integration event, e.g. <c>coaching.session-booked.v1</c>.
/// Stored in the outbox instead of a CLR type name so types can move and be renamed.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class IntegrationEventNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>A read-only request. Contracts may declare queries for other modules; never commands.</summary>
public interface IQuery<out TResult> : IRequest<TResult>;

/// <summary>A request that changes state inside one module and runs in one transaction.</summary>
public interface ICommand<out TResult> : IRequest<TResult>;
