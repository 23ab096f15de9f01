using Bezirksplattform.BuildingBlocks.Jobs;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Partners.Areas;

/// <summary>cooperation agreements, signatories, documents, expiry reminders: endpoints, services and jobs of this part of the module.</summary>
internal static class AgreementsArea
{
    public static IEnumerable<RecurringJob> Jobs => [];

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    public static void Map(IEndpointRouteBuilder partners)
    {
    }
}
