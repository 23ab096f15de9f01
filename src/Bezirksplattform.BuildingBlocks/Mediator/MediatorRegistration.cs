using System.Reflection;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bezirksplattform.BuildingBlocks.Mediator;

/// <summary>
/// MediatR 5.1.0 has no DI package (see docs/adr/0002): the mediator, its behaviours and each
/// module's handlers and validators are registered here by hand.
/// </summary>
public static class MediatorRegistration
{
    private static readonly Type[] HandlerInterfaces =
    [
        typeof(IRequestHandler<,>),
        typeof(INotificationHandler<>),
    ];

    public static IServiceCollection AddPlatformMediator(this IServiceCollection services)
    {
        services.TryAddScoped<ServiceFactory>(sp => sp.GetService!);
        services.TryAddScoped<IMediator, MediatR.Mediator>();
        // Registration order is nesting order: logging sees the whole request, validation runs
        // before any connection is opened, the unit of work wraps only the handler.
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));
        services.AddTransient(typeof(IPipelineBehavior<,>), typeof(UnitOfWorkBehavior<,>));
        return services;
    }

    public static IServiceCollection AddMediatorHandlersFrom(this IServiceCollection services, Assembly assembly, Func<Type, bool>? owns = null)
    {
        owns ??= _ => true;
        foreach (var type in LoadableTypes(assembly))
        {
            if (type.IsAbstract || type.IsInterface || type.ContainsGenericParameters || !owns(type)) continue;
            foreach (var @interface in type.GetInterfaces())
            {
                if (!@interface.IsGenericType) continue;
                var definition = @interface.GetGenericTypeDefinition();
                if (HandlerInterfaces.Contains(definition))
                    services.AddTransient(@interface, type);
            }
        }

        foreach (var result in AssemblyScanner.FindValidatorsInAssembly(assembly, includeInternalTypes: true).Where(r => owns(r.ValidatorType)))
            services.AddTransient(result.InterfaceType, result.ValidatorType);

        return services;
    }

    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.Where(t => t is not null)!; }
    }
}
