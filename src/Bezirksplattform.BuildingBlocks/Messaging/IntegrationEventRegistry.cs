using System.Reflection;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.BuildingBlocks.Modules;

namespace Bezirksplattform.BuildingBlocks.Messaging;

/// <summary>Maps stable event names to the Contracts records that carry them, and back.</summary>
public sealed class IntegrationEventRegistry
{
    private readonly Dictionary<string, Type> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<Type, string> _byType = new();

    public IntegrationEventRegistry(ModuleCatalog modules)
    {
        var assemblies = modules.All.SelectMany(m => new[] { m.ContractsAssembly, m.Assembly })
            .Where(a => a is not null).Distinct();
        foreach (var type in assemblies.SelectMany(a => a!.GetTypes()))
        {
            if (type.IsAbstract || !typeof(IntegrationEvent).IsAssignableFrom(type) || !modules.All.Any(m => m.Owns(type))) continue;
            var name = NameOf(type);
            if (_byName.TryGetValue(name, out var other) && other != type)
                throw new InvalidOperationException($"Integration event name '{name}' is used by both {other.FullName} and {type.FullName}.");
            _byName[name] = type;
            _byType[type] = name;
        }
    }

    public static string NameOf(Type type) =>
        type.GetCustomAttribute<IntegrationEventNameAttribute>()?.Name
        ?? throw new InvalidOperationException($"{type.FullName} needs an [IntegrationEventName(\"module.event-name.v1\")].");

    public IReadOnlyDictionary<string, Type> Events => _byName;

    public string NameFor(IntegrationEvent @event) =>
        _byType.TryGetValue(@event.GetType(), out var name) ? name : NameOf(@event.GetType());

    public string Serialize(IntegrationEvent @event) =>
        JsonSerializer.Serialize(@event, @event.GetType(), PlatformJson.Options);

    public IntegrationEvent Deserialize(string name, string payload)
    {
        if (!_byName.TryGetValue(name, out var type))
            throw new UnknownIntegrationEventException(name);
        return (IntegrationEvent)(JsonSerializer.Deserialize(payload, type, PlatformJson.Options)
            ?? throw new JsonException($"Empty payload for {name}."));
    }
}

public sealed class UnknownIntegrationEventException(string name)
    : Exception($"No integration event is registered under the name '{name}'.");
