using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.Identity.Contracts;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Identity.Features.GetCurrentUser;

internal static class GetCurrentUserEndpoint
{
    public static void MapGetCurrentUser(this IEndpointRouteBuilder auth) =>
        auth.MapGet("/me", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var user = CurrentUser.Required(http);
                var info = await mediator.Send(new GetStaffUserQuery(user.Id), ct);
                return info is { IsActive: true } ? Results.Ok(info) : Results.Problem(statusCode: 401, detail: "Das Konto ist nicht mehr aktiv.");
            })
            .RequireAuthorization()
            .WithName("GetCurrentUser")
            .WithSummary("Das angemeldete Konto")
            .Produces<StaffUserInfo>();
}
