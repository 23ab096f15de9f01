using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.BuildingBlocks.Modules;
using Bezirksplattform.Counselling.Esf;
using Bezirksplattform.Counselling.Features.CreateClient;
using Bezirksplattform.Counselling.Features.EnterEsfProject;
using Bezirksplattform.Counselling.Features.GetCounsellingFigures;
using Bezirksplattform.Counselling.Features.GetEsfIndicators;
using Bezirksplattform.Counselling.Features.GetEsfParticipations;
using Bezirksplattform.Counselling.Features.ListEsfOverdue;
using Bezirksplattform.Counselling.Features.RecordEsfEntryData;
using Bezirksplattform.Counselling.Features.RecordEsfExitData;
using Bezirksplattform.Counselling.Features.RecordEsfLeaving;
using Bezirksplattform.Counselling.Features.RecordEsfSixMonthResult;
using Bezirksplattform.Counselling.Features.GetClient;
using Bezirksplattform.Counselling.Features.ListClients;
using Bezirksplattform.Counselling.Features.ListConsultations;
using Bezirksplattform.Counselling.Features.ManageTeams;
using Bezirksplattform.Counselling.Features.RecordConsultation;
using Bezirksplattform.Counselling.Features.RecordShortContacts;
using Bezirksplattform.Counselling.Features.UpdateClient;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Counselling;

/// <summary>
/// Beschäftigungsberatung: clients, consultations, short-contact tallies, teams and the access log.
/// Staff API under /api/counselling for the roles counsellor and admin (role reporting gets
/// aggregates only: the figures and ESF indicators, also as Contracts queries); data in schema counselling.
/// </summary>
public sealed class CounsellingModule : PlatformModule
{
    public override string Name => "Counselling";

    public override string Schema => "counselling";

    protected override void AddModuleServices(IServiceCollection services, IConfiguration configuration) =>
        services.AddSingleton(EsfOptions.From(configuration));

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var staff = endpoints.MapStaffApi("counselling", "Beschäftigungsberatung")
            .RequireAuthorization(p => p.RequireRole(Roles.Counsellor, Roles.Admin));
        staff.MapCreateClient();
        staff.MapGetClient();
        staff.MapListClients();
        staff.MapUpdateClient();
        staff.MapRecordConsultation();
        staff.MapListConsultations();
        staff.MapRecordShortContacts();
        staff.MapManageTeams();
        staff.MapEnterEsfProject();
        staff.MapRecordEsfEntryData();
        staff.MapRecordEsfLeaving();
        staff.MapRecordEsfExitData();
        staff.MapRecordEsfSixMonthResult();
        staff.MapGetEsfParticipations();
        staff.MapListEsfOverdue();

        // Role reporting sees aggregates only: these two routes and nothing else of the module.
        var reporting = endpoints.MapStaffApi("counselling", "Beschäftigungsberatung")
            .RequireAuthorization(p => p.RequireRole(Roles.Reporting, Roles.Admin));
        reporting.MapGetCounsellingFigures();
        reporting.MapGetEsfIndicators();
    }
}
