using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Identity.Contracts;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Identity.Features.ListStaffUsers;

internal sealed record ListStaffUsersQuery : IQuery<IReadOnlyList<StaffUserInfo>>;

internal sealed class ListStaffUsersHandler(IDbSession db) : IRequestHandler<ListStaffUsersQuery, IReadOnlyList<StaffUserInfo>>
{
    public Task<IReadOnlyList<StaffUserInfo>> Handle(ListStaffUsersQuery request, CancellationToken ct) =>
        db.QueryAsync<StaffUserInfo>(
            "select id, user_name, display_name, email, roles, is_active from identity.staff_users order by user_name", ct: ct);
}

internal static class ListStaffUsersEndpoint
{
    public static void MapListStaffUsers(this IEndpointRouteBuilder users) =>
        users.MapGet("/", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new ListStaffUsersQuery(), ct)))
            .WithName("ListStaffUsers")
            .WithSummary("Alle Mitarbeiterkonten")
            .Produces<IReadOnlyList<StaffUserInfo>>();
}
