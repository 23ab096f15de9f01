using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Microsoft.AspNetCore.Http;

namespace Bezirksplattform.Coaching.Staff;

/// <summary>The signed-in staff member: an admin sees every coach's data, a coach only their own.</summary>
internal sealed record StaffViewer(Guid UserId, bool IsAdmin)
{
    public static StaffViewer From(HttpContext http)
    {
        var user = CurrentUser.Required(http);
        return new StaffViewer(user.Id, user.IsInRole(Roles.Admin));
    }

    /// <summary>
    /// The coach whose data this viewer may see: null for an admin (all coaches); for a coach the
    /// profile linked to their account, or <see cref="Guid.Empty"/> if none is (they then see nothing).
    /// </summary>
    public async Task<Guid?> CoachFilterAsync(IDbSession db, CancellationToken ct) =>
        IsAdmin ? null : await db.ExecuteScalarAsync<Guid?>("select id from coaching.coaches where staff_user_id = @UserId", new { UserId }, ct) ?? Guid.Empty;

    /// <summary>Refuses (403) unless the viewer is an admin or the given coach.</summary>
    public async Task RequireCoachAsync(IDbSession db, Guid coachId, CancellationToken ct)
    {
        if (await CoachFilterAsync(db, ct) is { } own && own != coachId)
            throw new ProblemException(StatusCodes.Status403Forbidden, "Kein Zugriff", "Das gehört zu einem anderen Coach.");
    }
}
