using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Microsoft.AspNetCore.Http;

namespace Bezirksplattform.Counselling.Access;

/// <summary>The signed-in staff member asking for client data: an admin sees every client, a counsellor those of their teams and their own.</summary>
internal sealed record Viewer(Guid UserId, bool IsAdmin)
{
    public static Viewer From(HttpContext http)
    {
        var user = CurrentUser.Required(http);
        return new Viewer(user.Id, user.IsInRole(Roles.Admin));
    }
}

/// <summary>
/// The one access rule for client records, used by every slice. A client nobody may see is
/// answered exactly like a client that does not exist (404): a 403 would tell that it exists.
/// Lists and searches filter with <see cref="Visible"/>, so they never include such clients.
/// </summary>
internal static class ClientAccess
{
    public const string NotFound = "Diesen Klienten gibt es nicht.";

    /// <summary>
    /// An SQL condition on a client row aliased <paramref name="alias"/>; needs the parameters
    /// @ViewerId and @ViewerIsAdmin (<see cref="Parameters"/>). Erased clients are never visible.
    /// </summary>
    public static string Visible(string alias) =>
        $"""
        ({alias}.erased_at is null and (@ViewerIsAdmin or {alias}.owner_id = @ViewerId
            or {alias}.team_id in (select tm.team_id from counselling.team_members tm where tm.staff_user_id = @ViewerId)))
        """;

    public static object Parameters(Viewer viewer) => new { ViewerId = viewer.UserId, ViewerIsAdmin = viewer.IsAdmin };

    /// <summary>
    /// The client's version if the viewer may see it, else a 404. With <paramref name="forUpdate"/>
    /// the row is locked so that concurrent changes of one client queue up.
    /// </summary>
    public static async Task<int> RequireVisibleAsync(IDbSession db, Viewer viewer, Guid clientId, bool forUpdate, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<int?>(
            $"select c.version from counselling.clients c where c.id = @clientId and {Visible("c")}{(forUpdate ? " for update" : "")}",
            new { clientId, ViewerId = viewer.UserId, ViewerIsAdmin = viewer.IsAdmin }, ct)
        ?? throw new NotFoundException(NotFound);

    public const string Restricted =
        "Die Verarbeitung der Daten dieses Klienten ist eingeschränkt (Art. 18 DSGVO). Lesen und Auskunft bleiben möglich; "
        + "neue Beratungen, Fälle, Vermittlungen und ESF-Daten erst, wenn die Einschränkung aufgehoben ist.";

    /// <summary>
    /// For every slice that processes a client's data further (new consultations, cases, referrals,
    /// ESF data): a client the viewer may not see is a 404, a restricted client (Art. 18) a 409.
    /// Reads, the subject access export, rectification and erasure use <see cref="RequireVisibleAsync"/>
    /// instead, because they stay allowed under a restriction. The row is share-locked, so a
    /// restriction set concurrently waits for this transaction and the check cannot go stale.
    /// </summary>
    public static async Task<int> RequireProcessableAsync(IDbSession db, Viewer viewer, Guid clientId, CancellationToken ct, bool forUpdate = false)
    {
        var row = await db.QuerySingleOrDefaultAsync<ProcessingRow>(
            $"select c.version, c.restricted_at is not null as restricted from counselling.clients c where c.id = @clientId and {Visible("c")} for {(forUpdate ? "update" : "share")}",
            new { clientId, ViewerId = viewer.UserId, ViewerIsAdmin = viewer.IsAdmin }, ct)
            ?? throw new NotFoundException(NotFound);
        return row.Restricted ? throw new ConflictException(Restricted) : row.Version;
    }

    private sealed record ProcessingRow(int Version, bool Restricted);

    /// <summary>Whether the viewer may file clients into this team: an existing team they belong to (any team for an admin).</summary>
    public static Task<bool> MayFileIntoTeamAsync(IDbSession db, Viewer viewer, Guid teamId, CancellationToken ct) =>
        db.ExecuteScalarAsync<bool>(
            """
            select exists (select 1 from counselling.teams t where t.id = @teamId
                and (@admin or exists (select 1 from counselling.team_members m where m.team_id = t.id and m.staff_user_id = @user)))
            """, new { teamId, admin = viewer.IsAdmin, user = viewer.UserId }, ct);

    public const string NotYourTeam = "Dieses Team gibt es nicht oder Sie gehören nicht dazu.";

    /// <summary>Writes one access-log row in the caller's transaction: the log and the read commit together.</summary>
    public static Task LogAsync(IDbSession db, Viewer viewer, string action, Guid? clientId, string? detail, DateTimeOffset now, CancellationToken ct) =>
        db.ExecuteAsync(
            """
            insert into counselling.access_log (staff_user_id, occurred_at, action, client_id, detail)
            values (@UserId, @now, @action, @clientId, @detail)
            """, new { viewer.UserId, now, action, clientId, detail }, ct);
}
