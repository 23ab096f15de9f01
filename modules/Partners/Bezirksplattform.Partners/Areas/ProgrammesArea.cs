using Bezirksplattform.BuildingBlocks.Jobs;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Partners.Areas;

/// <summary>fields of action, action plans, projects, funding programmes, budgets, project publishing: endpoints, services and jobs of this part of the module.</summary>
internal static class ProgrammesArea
{
    public static IEnumerable<RecurringJob> Jobs => [];

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    public static void Map(IEndpointRouteBuilder partners)
    {
    }
}
