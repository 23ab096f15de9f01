using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.BuildingBlocks.Jobs;
using Bezirksplattform.BuildingBlocks.Modules;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.Counselling.Data;
using Bezirksplattform.Counselling.DataProtection;
using Bezirksplattform.Counselling.Esf;
using Bezirksplattform.Counselling.Features.AddCaseActivity;
using Bezirksplattform.Counselling.Features.ChangeReferralStatus;
using Bezirksplattform.Counselling.Features.CloseCase;
using Bezirksplattform.Counselling.Features.CompleteCaseTask;
using Bezirksplattform.Counselling.Features.CreateClient;
using Bezirksplattform.Counselling.Features.EnterEsfProject;
using Bezirksplattform.Counselling.Features.EraseClient;
using Bezirksplattform.Counselling.Features.ExportClient;
using Bezirksplattform.Counselling.Features.GetCase;
using Bezirksplattform.Counselling.Features.GetClient;
using Bezirksplattform.Counselling.Features.GetCounsellingFigures;
using Bezirksplattform.Counselling.Features.GetEsfIndicators;
using Bezirksplattform.Counselling.Features.GetEsfParticipations;
using Bezirksplattform.Counselling.Features.GetRecordsOfProcessing;
using Bezirksplattform.Counselling.Features.GiveConsent;
using Bezirksplattform.Counselling.Features.ListCases;
using Bezirksplattform.Counselling.Features.ListClientReferrals;
using Bezirksplattform.Counselling.Features.ListClients;
using Bezirksplattform.Counselling.Features.ListConsultations;
using Bezirksplattform.Counselling.Features.ListEsfOverdue;
using Bezirksplattform.Counselling.Features.ListReferralPartners;
using Bezirksplattform.Counselling.Features.ListReferrals;
using Bezirksplattform.Counselling.Features.MakeReferral;
using Bezirksplattform.Counselling.Features.ManageTeams;
using Bezirksplattform.Counselling.Features.OpenCase;
using Bezirksplattform.Counselling.Features.RecordConsultation;
using Bezirksplattform.Counselling.Features.RecordEsfEntryData;
using Bezirksplattform.Counselling.Features.RecordEsfExitData;
using Bezirksplattform.Counselling.Features.RecordEsfLeaving;
using Bezirksplattform.Counselling.Features.RecordEsfSixMonthResult;
using Bezirksplattform.Counselling.Features.RecordShortContacts;
using Bezirksplattform.Counselling.Features.RestrictClient;
using Bezirksplattform.Counselling.Features.UpdateCasePlan;
using Bezirksplattform.Counselling.Features.UpdateClient;
using Bezirksplattform.Counselling.Features.WithdrawConsent;
using Bezirksplattform.Counselling.Jobs.ApplyRetention;
using Bezirksplattform.Counselling.Jobs.SendFollowUpDigest;
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

    public override IEnumerable<RecurringJob> Jobs =>
    [
        RecurringJob.AtCron<SendFollowUpDigestJob>(SendFollowUpDigestJob.Key, SendFollowUpDigestJob.Cron,
            "Schickt jeder Beraterin und jedem Berater eine Übersicht der fälligen Wiedervorlagen, Aufgaben und ESF-Fristen (holt verpasste Tage nach)."),
        RecurringJob.AtCron<ApplyRetentionJob>(ApplyRetentionJob.Key, ApplyRetentionJob.Cron,
            "Löscht Klientendaten nach Ablauf der Fristen (Inaktivität, ESF-Aufbewahrung) und alte Zugriffsprotokolle."),
    ];

    protected override void AddModuleServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<FollowUpDigestSender>();
        services.AddSingleton<IDemoDataSeeder, DemoCounselling>();
        services.AddSingleton(RetentionOptions.From(configuration));
        services.AddSingleton<RetentionRunner>();
        services.AddSingleton(EsfOptions.From(configuration));
    }

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
        // Cases, referrals and consents (docs/counselling/cases-and-referrals.md).
        staff.MapOpenCase();
        staff.MapGetCase();
        staff.MapListCases();
        staff.MapUpdateCasePlan();
        staff.MapAddCaseActivity();
        staff.MapCompleteCaseTask();
        staff.MapCloseCase();
        staff.MapListReferralPartners();
        staff.MapMakeReferral();
        staff.MapChangeReferralStatus();
        staff.MapListClientReferrals();
        staff.MapListReferrals();
        staff.MapGiveConsent();
        staff.MapWithdrawConsent();
        staff.MapExportClient();
        staff.MapRestrictClient();
        staff.MapEraseClient();
        staff.MapGetRecordsOfProcessing();
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
