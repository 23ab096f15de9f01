using Bezirksplattform.BuildingBlocks.Jobs;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.Coaching.Data;
using Bezirksplattform.Coaching.Features.GetCoachCalendar;
using Bezirksplattform.Coaching.Features.GetCoachFeed;
using Bezirksplattform.Coaching.Features.ListCoaches;
using Bezirksplattform.Coaching.Features.ManageAbsences;
using Bezirksplattform.Coaching.Features.ManageAvailability;
using Bezirksplattform.Coaching.Features.ManageFeedToken;
using Bezirksplattform.Coaching.Features.PublicListSessionTypes;
using Bezirksplattform.Coaching.Features.PublicListSlots;
using Bezirksplattform.Coaching.Features.SaveCoach;
using Bezirksplattform.Coaching.Features.SaveSessionType;
using Bezirksplattform.Coaching.PublicApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Coaching.Areas;

/// <summary>coaches, session types, availability, the coach's calendar and iCalendar feed; the public session-type and slot lists.</summary>
internal static class SetupArea
{
    public static IEnumerable<RecurringJob> Jobs => [];

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddPublicCoachingReadLimit(configuration);
        services.AddSingleton<IDemoDataSeeder, DemoCoaching>();
    }

    /// <param name="staff">/api/coaching, signed-in staff with role coach or admin.</param>
    /// <param name="publicApi">/api/public/v1, anonymous.</param>
    public static void Map(IEndpointRouteBuilder staff, IEndpointRouteBuilder publicApi)
    {
        staff.MapListCoaches();
        staff.MapSaveCoach();
        staff.MapSaveSessionType();
        staff.MapManageAvailability();
        staff.MapManageAbsences();
        staff.MapGetCoachCalendar();
        staff.MapManageFeedToken();

        publicApi.MapPublicListSessionTypes().WithPublicCoachingReadLimit();
        publicApi.MapPublicListSlots().WithPublicCoachingReadLimit();
        publicApi.MapGetCoachFeed().WithPublicCoachingReadLimit();
    }
}
