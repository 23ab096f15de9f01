using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.BuildingBlocks.Jobs;
using Bezirksplattform.BuildingBlocks.Modules;
using Bezirksplattform.Coaching.Areas;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Coaching;

/// <summary>
/// Gründungscoaching: coaches publish their offer and availability, founders book without an
/// account, reminders go out. Staff API under /api/coaching (coach, admin); public booking API
/// under /api/public/v1/coaching; data in schema coaching.
/// </summary>
public sealed class CoachingModule : PlatformModule
{
    public override string Name => "Coaching";

    public override string Schema => "coaching";

    public override IEnumerable<RecurringJob> Jobs => [.. SetupArea.Jobs, .. BookingArea.Jobs, .. NotificationsArea.Jobs];

    protected override void AddModuleServices(IServiceCollection services, IConfiguration configuration)
    {
        SetupArea.AddServices(services, configuration);
        BookingArea.AddServices(services, configuration);
        NotificationsArea.AddServices(services, configuration);
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var staff = endpoints.MapStaffApi("coaching", "Gründungscoaching").RequireAuthorization(p => p.RequireRole(Roles.Coach, Roles.Admin));
        var publicApi = endpoints.MapPublicApi("Gründungscoaching (öffentlich)");
        SetupArea.Map(staff, publicApi);
        BookingArea.Map(staff, publicApi);
        NotificationsArea.Map(staff, publicApi);
    }
}
