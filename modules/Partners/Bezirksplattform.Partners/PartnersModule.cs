using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.BuildingBlocks.Jobs;
using Bezirksplattform.BuildingBlocks.Modules;
using Bezirksplattform.Partners.Areas;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Partners;

/// <summary>
/// Partnernetzwerk: districts and regions, organisations and people, cooperation agreements,
/// committees, fields of action, action plans, projects and funding. Staff API under
/// /api/partners (every staff role reads, coordinators change); its data lives in schema partners.
/// </summary>
public sealed class PartnersModule : PlatformModule
{
    public override string Name => "Partners";

    public override string Schema => "partners";

    public override IEnumerable<RecurringJob> Jobs =>
        [.. NetworkArea.Jobs, .. AgreementsArea.Jobs, .. CommitteesArea.Jobs, .. ProgrammesArea.Jobs];

    protected override void AddModuleServices(IServiceCollection services, IConfiguration configuration)
    {
        NetworkArea.AddServices(services, configuration);
        AgreementsArea.AddServices(services, configuration);
        CommitteesArea.AddServices(services, configuration);
        ProgrammesArea.AddServices(services, configuration);
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var partners = endpoints.MapStaffApi("partners", "Partnernetzwerk");
        NetworkArea.Map(partners);
        AgreementsArea.Map(partners);
        CommitteesArea.Map(partners);
        ProgrammesArea.Map(partners);
    }
}
