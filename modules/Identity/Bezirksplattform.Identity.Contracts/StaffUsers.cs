using Bezirksplattform.BuildingBlocks.Contracts;

namespace Bezirksplattform.Identity.Contracts;

/// <summary>A staff member as other modules may see them (no credentials).</summary>
public sealed record StaffUserInfo(Guid Id, string UserName, string DisplayName, string? Email, string[] Roles, bool IsActive);

/// <summary>One staff member by id, or null.</summary>
public sealed record GetStaffUserQuery(Guid Id) : IQuery<StaffUserInfo?>;

/// <summary>Active staff members holding a role, e.g. the coordinators to notify of an expiring agreement.</summary>
public sealed record ListStaffUsersInRoleQuery(string Role) : IQuery<IReadOnlyList<StaffUserInfo>>;
