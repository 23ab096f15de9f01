using Bezirksplattform.BuildingBlocks.Jobs;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.Partners.Data;
using Bezirksplattform.Partners.Features.AddAgreementDocument;
using Bezirksplattform.Partners.Features.AgreementHistory;
using Bezirksplattform.Partners.Features.GetAgreement;
using Bezirksplattform.Partners.Features.ListAgreementReminders;
using Bezirksplattform.Partners.Features.ListAgreements;
using Bezirksplattform.Partners.Features.ManageAgreementParties;
using Bezirksplattform.Partners.Features.ManageAgreementSignatories;
using Bezirksplattform.Partners.Features.SaveAgreement;
using Bezirksplattform.Partners.Features.TerminateAgreement;
using Bezirksplattform.Partners.Jobs.SendAgreementReminders;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Partners.Areas;

/// <summary>cooperation agreements, signatories, documents, expiry reminders: endpoints, services and jobs of this part of the module.</summary>
internal static class AgreementsArea
{
    public static IEnumerable<RecurringJob> Jobs =>
    [
        RecurringJob.AtCron<SendAgreementRemindersJob>(SendAgreementRemindersJob.Key, SendAgreementRemindersJob.Cron,
            "Erinnert die Koordination 90 und 30 Tage vor dem Ende einer Kooperationsvereinbarung (holt verpasste Tage nach)."),
    ];

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AgreementReminderSender>();
        services.AddSingleton<IDemoDataSeeder, DemoAgreements>();
    }

    public static void Map(IEndpointRouteBuilder partners)
    {
        var agreements = partners.MapGroup("/agreements");
        agreements.MapListAgreements();
        agreements.MapListAgreementReminders();
        agreements.MapGetAgreement();
        agreements.MapSaveAgreement();
        agreements.MapManageAgreementParties();
        agreements.MapManageAgreementSignatories();
        agreements.MapAddAgreementDocument();
        agreements.MapTerminateAgreement();
        agreements.MapAgreementHistory();
    }
}
