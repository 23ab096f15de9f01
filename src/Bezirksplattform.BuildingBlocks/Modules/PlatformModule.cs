using System.Reflection;
using Bezirksplattform.BuildingBlocks.Jobs;
using Bezirksplattform.BuildingBlocks.Mediator;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.BuildingBlocks.Modules;

/// <summary>
/// What the host knows of a module: its name, its schema, its assemblies, its services,
/// endpoints and jobs. Each module has exactly one public subclass; everything else is internal.
/// </summary>
public abstract class PlatformModule
{
    /// <summary>English name, also the folder name under <c>modules/</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The PostgreSQL schema this module owns; its SQL names no other.</summary>
    public abstract string Schema { get; }

    public Assembly Assembly => GetType().Assembly;

    /// <summary>The module's Contracts assembly, found by convention (<c>&lt;Module&gt;.Contracts</c>).</summary>
    public virtual Assembly? ContractsAssembly
    {
        get
        {
            var name = Assembly.GetName().Name + ".Contracts";
            try { return Assembly.Load(new AssemblyName(name)); }
            catch (FileNotFoundException) { return null; }
        }
    }

    /// <summary>Recurring jobs of this module, scheduled by Quartz in clustered mode.</summary>
    public virtual IEnumerable<RecurringJob> Jobs => [];

    /// <summary>Command-line verbs this module adds to the host (e.g. create-admin).</summary>
    public virtual IEnumerable<Hosting.PlatformCommand> Commands => [];

    /// <summary>
    /// Whether a request, handler or event type belongs to this module. By assembly: a module is
    /// its project plus its Contracts project.
    /// </summary>
    public virtual bool Owns(Type type) => type.Assembly == Assembly || type.Assembly == ContractsAssembly;

    /// <summary>Registers the module's handlers, validators and own services.</summary>
    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(this);
        services.AddMediatorHandlersFrom(Assembly, Owns);
        AddModuleServices(services, configuration);
    }

    protected virtual void AddModuleServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    public abstract void MapEndpoints(IEndpointRouteBuilder endpoints);

    public override string ToString() => Name;
}

/// <summary>Finds the module a request, handler or event belongs to, by assembly.</summary>
public sealed class ModuleCatalog(IEnumerable<PlatformModule> modules)
{
    private readonly PlatformModule[] _modules = modules.ToArray();

    public IReadOnlyList<PlatformModule> All => _modules;

    public PlatformModule ForType(Type type) =>
        _modules.FirstOrDefault(m => m.Owns(type))
        ?? throw new InvalidOperationException($"{type.FullName} belongs to no registered module.");
}
