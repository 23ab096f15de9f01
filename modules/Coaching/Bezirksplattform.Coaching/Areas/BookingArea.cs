using System.Threading.RateLimiting;
using Bezirksplattform.BuildingBlocks.Jobs;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.Coaching.Booking;
using Bezirksplattform.Coaching.Data;
using Bezirksplattform.Coaching.Features.AcceptOffer;
using Bezirksplattform.Coaching.Features.BookSession;
using Bezirksplattform.Coaching.Features.CancelBooking;
using Bezirksplattform.Coaching.Features.GetBooking;
using Bezirksplattform.Coaching.Features.JoinWaitlist;
using Bezirksplattform.Coaching.Features.ListBookings;
using Bezirksplattform.Coaching.Features.RescheduleBooking;
using Bezirksplattform.Coaching.Jobs.ExpireWaitlistOffers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bezirksplattform.Coaching.Areas;

/// <summary>public booking, idempotency, manage links (cancel, reschedule), waitlist and offers.</summary>
internal static class BookingArea
{
    /// <summary>Rate limit of the anonymous writes (book, cancel, reschedule, accept, waitlist), per client address.</summary>
    public const string PublicWritesPolicy = "coaching-public-writes";

    public static IEnumerable<RecurringJob> Jobs =>
    [
        RecurringJob.Every<ExpireWaitlistOffersJob>(ExpireWaitlistOffersJob.Key, ExpireWaitlistOffersJob.Interval,
            "Beendet abgelaufene Wartelisten-Angebote und bietet den Platz der nächsten Person an."),
    ];

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        var options = BookingOptions.From(configuration);
        services.AddSingleton(options);
        services.AddSingleton<ManageLinks>();
        services.AddHostedService<ManageLinkKeyCheck>();
        services.AddScoped<WaitlistOffers>();
        services.AddSingleton<WaitlistOfferExpiry>();
        services.AddSingleton<IDemoDataSeeder, DemoBookings>();
        services.Configure<RateLimiterOptions>(limiter => limiter.AddPolicy(PublicWritesPolicy, http => RateLimitPartition.GetFixedWindowLimiter(
            http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = options.PublicWritesPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
    }

    /// <param name="staff">/api/coaching, signed-in staff with role coach or admin.</param>
    /// <param name="publicApi">/api/public/v1, anonymous.</param>
    public static void Map(IEndpointRouteBuilder staff, IEndpointRouteBuilder publicApi)
    {
        publicApi.MapGetBooking();
        var writes = publicApi.MapGroup("").RequireRateLimiting(PublicWritesPolicy);
        writes.MapBookSession();
        writes.MapCancelBookingByFounder();
        writes.MapRescheduleBooking();
        writes.MapAcceptOffer();
        writes.MapJoinWaitlist();

        staff.MapListBookings();
        staff.MapCancelBookingByStaff();
    }

    /// <summary>Fails the start in Production when no manage-link key is configured (and anywhere when the key is unusable).</summary>
    private sealed class ManageLinkKeyCheck(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = services.GetRequiredService<ManageLinks>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
