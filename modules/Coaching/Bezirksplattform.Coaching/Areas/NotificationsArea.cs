using Bezirksplattform.BuildingBlocks.Jobs;
using Bezirksplattform.Coaching.Features.GetFounder;
using Bezirksplattform.Coaching.Features.ListFounders;
using Bezirksplattform.Coaching.Features.ListNotifications;
using Bezirksplattform.Coaching.Features.RecordSessionOutcome;
using Bezirksplattform.Coaching.Features.RetryNotification;
using Bezirksplattform.Coaching.Features.SaveCoachNotes;
using Bezirksplattform.Coaching.Features.UpdateFounderJourney;
using Bezirksplattform.Coaching.Jobs.SendNotifications;
using Bezirksplattform.Coaching.Notifications;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Coaching.Areas;

/// <summary>outgoing mail queue, iCalendar attachments, reminders, session outcomes, founder journey, integration events, demo data.</summary>
internal static class NotificationsArea
{
    public static IEnumerable<RecurringJob> Jobs =>
    [
        RecurringJob.Every<SendMailsJob>(SendMailsJob.Key, SendMailsJob.Interval,
            "Versendet Bestätigungs-, Änderungs-, Absage- und Angebotsmails des Gründungscoachings (mit Wiederholung bei Fehlern)."),
        RecurringJob.Every<SendRemindersJob>(SendRemindersJob.Key, SendRemindersJob.Interval,
            "Versendet fällige Terminerinnerungen des Gründungscoachings, jede genau einmal."),
    ];

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection("Coaching"));
        services.AddScoped<BookingNotifications>();
        services.AddSingleton<NotificationSender>();
    }

    /// <param name="staff">/api/coaching, signed-in staff with role coach or admin.</param>
    /// <param name="publicApi">/api/public/v1, anonymous.</param>
    public static void Map(IEndpointRouteBuilder staff, IEndpointRouteBuilder publicApi)
    {
        staff.MapListNotifications();
        staff.MapRetryNotification();
        staff.MapRecordSessionOutcome();
        staff.MapSaveCoachNotes();
        staff.MapListFounders();
        staff.MapGetFounder();
        staff.MapUpdateFounderJourney();
    }
}
