using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Identity.Contracts;
using MediatR;

namespace Bezirksplattform.Identity.Features.LookUpStaffUsers;

internal sealed class GetStaffUserHandler(IDbSession db) : IRequestHandler<GetStaffUserQuery, StaffUserInfo?>
{
    public async Task<StaffUserInfo?> Handle(GetStaffUserQuery request, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<StaffUserInfo>(
            "select id, user_name, display_name, email, roles, is_active from identity.staff_users where id = @Id",
            request, ct);
}

internal sealed class ListStaffUsersInRoleHandler(IDbSession db) : IRequestHandler<ListStaffUsersInRoleQuery, IReadOnlyList<StaffUserInfo>>
{
    public Task<IReadOnlyList<StaffUserInfo>> Handle(ListStaffUsersInRoleQuery request, CancellationToken ct) =>
        db.QueryAsync<StaffUserInfo>(
            """
            select id, user_name, display_name, email, roles, is_active
            from identity.staff_users where is_active and @Role = any(roles) order by user_name
            """, request, ct);
}
