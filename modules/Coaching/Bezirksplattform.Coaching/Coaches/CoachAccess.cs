using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bezirksplattform.Coaching.Coaches;

/// <summary>The signed-in staff member behind a setup request: a coach edits their own profile, an admin every one.</summary>
internal sealed record StaffActor(Guid UserId, bool IsAdmin)
{
    public static StaffActor From(HttpContext http)
    {
        var user = CurrentUser.Required(http);
        return new StaffActor(user.Id, user.IsInRole(Roles.Admin));
    }
}

internal static class CoachAccess
{
    public const string NotYours = "Sie können nur Ihr eigenes Coaching-Profil bearbeiten.";

    /// <summary>Session types are the office's offer: admins edit them, coaches read them.</summary>
    public static TBuilder RequireCoachingAdmin<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(p => p.RequireRole(Roles.Admin));

    /// <summary>
    /// Locks the coach's row (so concurrent edits of the same schedule queue up) and checks that the
    /// actor may edit it: 404 if there is no such coach, 403 if it is another coach's profile.
    /// </summary>
    public static async Task<Guid?> LockEditableAsync(IDbSession db, Guid coachId, StaffActor actor, CancellationToken ct)
    {
        var owner = await db.QuerySingleOrDefaultAsync<Owner>(
            "select staff_user_id from coaching.coaches where id = @coachId for update", new { coachId }, ct)
            ?? throw new NotFoundException("Diesen Coach gibt es nicht.");
        Require(actor, owner.StaffUserId);
        return owner.StaffUserId;
    }

    /// <summary>The same check for reads of private data (the calendar): no lock.</summary>
    public static async Task RequireReadableAsync(IDbSession db, Guid coachId, StaffActor actor, CancellationToken ct)
    {
        var owner = await db.QuerySingleOrDefaultAsync<Owner>(
            "select staff_user_id from coaching.coaches where id = @coachId", new { coachId }, ct)
            ?? throw new NotFoundException("Diesen Coach gibt es nicht.");
        Require(actor, owner.StaffUserId);
    }

    /// <summary>The coach profile linked to the signed-in user, if any.</summary>
    public static Task<Guid?> OwnCoachIdAsync(IDbSession db, Guid userId, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<Guid?>("select id from coaching.coaches where staff_user_id = @userId", new { userId }, ct);

    private static void Require(StaffActor actor, Guid? owner)
    {
        if (!actor.IsAdmin && owner != actor.UserId)
            throw new ProblemException(StatusCodes.Status403Forbidden, "Keine Berechtigung", NotYours);
    }

    private sealed record Owner(Guid? StaffUserId);
}
