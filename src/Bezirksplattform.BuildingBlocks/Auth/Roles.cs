using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Bezirksplattform.BuildingBlocks.Auth;

/// <summary>Staff roles. A user may hold several.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Counsellor = "counsellor";
    public const string Coach = "coach";
    public const string Editor = "editor";
    public const string Coordinator = "coordinator";
    public const string Reporting = "reporting";

    /// <summary>
    /// Extra permission, held together with counsellor or admin: read and record special categories
    /// of personal data (DSGVO Art. 9), e.g. the ESF Plus items disability and minority.
    /// </summary>
    public const string SpecialCategories = "special_categories";

    public static readonly IReadOnlyList<string> All = [Admin, Counsellor, Coach, Editor, Coordinator, Reporting, SpecialCategories];
}

public static class Policies
{
    public const string Admin = "admin-only";
}

public static class PlatformClaims
{
    public const string UserId = "sub";
    public const string UserName = "name";
    public const string DisplayName = "display_name";
    public const string Role = "role";
}

/// <summary>The staff user behind the current request.</summary>
public sealed record CurrentUser(Guid Id, string UserName, IReadOnlySet<string> Roles)
{
    public bool IsInRole(string role) => Roles.Contains(role);

    public static CurrentUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        if (!Guid.TryParse(principal.FindFirstValue(PlatformClaims.UserId), out var id)) return null;
        return new CurrentUser(id, principal.FindFirstValue(PlatformClaims.UserName) ?? "",
            principal.FindAll(PlatformClaims.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
    }

    public static CurrentUser Required(HttpContext context) =>
        From(context.User) ?? throw new InvalidOperationException("Endpoint requires an authenticated user.");
}
