using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Coaching.Staff;

namespace Bezirksplattform.Coaching.Sessions;

internal static class SessionOutcomes
{
    public const string Held = "held";
    public const string NoShow = "no_show";
    public const string LateCancelled = "late_cancelled";

    public static readonly string[] All = [Held, NoShow, LateCancelled];
}

internal sealed record SessionRow(Guid Id, Guid CoachId, Guid SessionTypeId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status, string? Outcome);

internal sealed record SessionAttendee(Guid BookingId, Guid FounderId, string Name, string BookingStatus, bool? Attended);

/// <summary>
/// What the coach records about a session: the outcome, who attended, and private notes. Staff API
/// only; the notes never appear in a public answer, a mail or an event.
/// </summary>
internal sealed record SessionRecordView(
    Guid SessionId, Guid CoachId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status, string? Outcome, DateTimeOffset? OutcomeRecordedAt,
    string? CoachNotes, DateTimeOffset? NotesUpdatedAt, IReadOnlyList<SessionAttendee> Attendees);

internal static class SessionRecords
{
    private sealed record SessionRecordRow(
        Guid Id, Guid CoachId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string Status, string? Outcome, DateTimeOffset? OutcomeRecordedAt,
        string? CoachNotes, DateTimeOffset? NotesUpdatedAt);

    /// <summary>The session, checked against the viewer (404 unknown, 403 another coach's).</summary>
    public static async Task<SessionRow> LoadAsync(IDbSession db, Guid sessionId, StaffViewer viewer, CancellationToken ct, bool forUpdate = false)
    {
        var session = await db.QuerySingleOrDefaultAsync<SessionRow>(
            $"select id, coach_id, session_type_id, starts_at, ends_at, status, outcome from coaching.sessions where id = @sessionId{(forUpdate ? " for update" : "")}",
            new { sessionId }, ct) ?? throw new NotFoundException("Diese Sitzung gibt es nicht.");
        await viewer.RequireCoachAsync(db, session.CoachId, ct);
        return session;
    }

    public static async Task<SessionRecordView> ViewAsync(IDbSession db, Guid sessionId, CancellationToken ct)
    {
        var attendees = await db.QueryAsync<SessionAttendee>(
            """
            select id as booking_id, founder_id, name, status as booking_status, attended from coaching.bookings
            where session_id = @sessionId and status in ('confirmed', 'cancelled')
            order by created_at, id
            """, new { sessionId }, ct);
        var row = await db.QuerySingleAsync<SessionRecordRow>(
            "select id, coach_id, starts_at, ends_at, status, outcome, outcome_recorded_at, coach_notes, notes_updated_at from coaching.sessions where id = @sessionId",
            new { sessionId }, ct);
        return new SessionRecordView(row.Id, row.CoachId, row.StartsAt, row.EndsAt, row.Status, row.Outcome, row.OutcomeRecordedAt, row.CoachNotes,
            row.NotesUpdatedAt, attendees);
    }
}
