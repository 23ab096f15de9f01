using Bezirksplattform.BuildingBlocks.Jobs;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Coaching.Areas;

/// <summary>public booking, idempotency, manage links (cancel, reschedule), waitlist and offers.</summary>
internal static class BookingArea
{
    public static IEnumerable<RecurringJob> Jobs => [];

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    /// <param name="staff">/api/coaching, signed-in staff with role coach or admin.</param>
    /// <param name="publicApi">/api/public/v1, anonymous.</param>
    public static void Map(IEndpointRouteBuilder staff, IEndpointRouteBuilder publicApi)
    {
    }
}
