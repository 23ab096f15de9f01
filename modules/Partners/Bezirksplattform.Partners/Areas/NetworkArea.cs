using Bezirksplattform.BuildingBlocks.Jobs;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.Partners.Data;
using Bezirksplattform.Partners.Features.GetOrganisation;
using Bezirksplattform.Partners.Features.GetPerson;
using Bezirksplattform.Partners.Features.ListAffiliations;
using Bezirksplattform.Partners.Features.ListHistory;
using Bezirksplattform.Partners.Features.ListOrganisations;
using Bezirksplattform.Partners.Features.ListPeople;
using Bezirksplattform.Partners.Features.ListRegions;
using Bezirksplattform.Partners.Features.SaveAffiliation;
using Bezirksplattform.Partners.Features.SaveOrganisation;
using Bezirksplattform.Partners.Features.SavePerson;
using Bezirksplattform.Partners.Features.SaveRegion;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Partners.Areas;

/// <summary>regions, districts, organisations, people, affiliations, history: endpoints, services and jobs of this part of the module.</summary>
internal static class NetworkArea
{
    public static IEnumerable<RecurringJob> Jobs => [];

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IDemoDataSeeder, DemoNetwork>();
    }

    public static void Map(IEndpointRouteBuilder partners)
    {
        partners.MapListRegions();
        partners.MapSaveRegion();
        partners.MapListOrganisations();
        partners.MapGetOrganisation();
        partners.MapSaveOrganisation();
        partners.MapListPeople();
        partners.MapGetPerson();
        partners.MapSavePerson();
        partners.MapSaveAffiliation();
        partners.MapListAffiliations();
        partners.MapListHistory();
    }
}
