using Bezirksplattform.BuildingBlocks.Jobs;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.Partners.Data;
using Bezirksplattform.Partners.Features.FundingTotals;
using Bezirksplattform.Partners.Features.ListProjects;
using Bezirksplattform.Partners.Features.ManageActionPlans;
using Bezirksplattform.Partners.Features.ManageFieldsOfAction;
using Bezirksplattform.Partners.Features.ManageFundingLines;
using Bezirksplattform.Partners.Features.ManageFundingProgrammes;
using Bezirksplattform.Partners.Features.PublishProject;
using Bezirksplattform.Partners.Features.ReviseActionPlan;
using Bezirksplattform.Partners.Features.SaveProject;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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
        services.AddSingleton<IDemoDataSeeder, DemoProgrammes>();
    }

    public static void Map(IEndpointRouteBuilder partners)
    {
        partners.MapManageFieldsOfAction();

        var plans = partners.MapGroup("/action-plans").WithTags("Partnernetzwerk: Aktionspläne");
        plans.MapManageActionPlans();
        plans.MapReviseActionPlan();

        var projects = partners.MapGroup("/projects").WithTags("Partnernetzwerk: Projekte");
        projects.MapListProjects();
        projects.MapSaveProject();
        projects.MapPublishProject();
        projects.MapManageFundingLines();

        var programmes = partners.MapGroup("/funding-programmes").WithTags("Partnernetzwerk: Förderprogramme");
        programmes.MapManageFundingProgrammes();
        programmes.MapFundingTotals();
    }
}
