using Bezirksplattform.BuildingBlocks.Jobs;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Coaching.Areas;

/// <summary>outgoing mail queue, iCalendar attachments, reminders, session outcomes, founder journey, integration events, demo data.</summary>
internal static class NotificationsArea
{
    public static IEnumerable<RecurringJob> Jobs => [];

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<Notifications.BookingNotifications>();
    }

    /// <param name="staff">/api/coaching, signed-in staff with role coach or admin.</param>
    /// <param name="publicApi">/api/public/v1, anonymous.</param>
    public static void Map(IEndpointRouteBuilder staff, IEndpointRouteBuilder publicApi)
    {
    }
}
