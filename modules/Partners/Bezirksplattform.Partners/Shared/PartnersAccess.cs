using Bezirksplattform.BuildingBlocks.Auth;
using Microsoft.AspNetCore.Builder;

namespace Bezirksplattform.Partners.Shared;

/// <summary>Every signed-in staff role reads the partner network; coordinators (and admins) change it.</summary>
internal static class PartnersAccess
{
    public static TBuilder RequireCoordinator<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(p => p.RequireRole(Roles.Coordinator, Roles.Admin));
}
