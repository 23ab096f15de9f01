using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Hosting;
using Bezirksplattform.BuildingBlocks.Modules;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.Identity.Data;
using Bezirksplattform.Identity.Features.BootstrapAdmin;
using Bezirksplattform.Identity.Features.CreateStaffUser;
using Bezirksplattform.Identity.Features.GetCurrentUser;
using Bezirksplattform.Identity.Features.ListStaffUsers;
using Bezirksplattform.Identity.Features.Login;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Identity;

/// <summary>
/// Staff accounts (Mitarbeiterkonten) and login. A module of its own (docs/adr/0006) so that
/// accounts get their own schema and other modules look staff up only through its Contracts.
/// </summary>
public sealed class IdentityModule : PlatformModule
{
    public override string Name => "Identity";

    public override string Schema => "identity";

    public override IEnumerable<PlatformCommand> Commands =>
    [
        new("create-admin", CreateAdminCommandLine.Usage, CreateAdminCommandLine.RunAsync),
    ];

    protected override void AddModuleServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IDemoDataSeeder, DemoStaffUsers>();
        services.AddHostedService<BootstrapAdminOnStartup>();
    }

    public override void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var auth = endpoints.MapGroup("/api/auth").WithTags("Anmeldung");
        auth.MapLogin();
        auth.MapGetCurrentUser();

        var users = endpoints.MapGroup("/api/admin/users").WithTags("Betrieb").RequireAuthorization(Policies.Admin);
        users.MapCreateStaffUser();
        users.MapListStaffUsers();
    }
}
