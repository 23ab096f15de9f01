using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;

namespace Bezirksplattform.Coaching.Coaches;

/// <summary>
/// A session type with every rule slots and bookings follow, and the coaches who offer it.
/// ReservedHoursOnly: offered only in windows the coaches reserve for it (e.g. workshop Saturdays).
/// </summary>
internal sealed record SessionTypeView(
    Guid Id, string Slug, string Name, string? Description, string? Topic, int DurationMinutes, string LocationKind, int Capacity,
    int BufferBeforeMinutes, int BufferAfterMinutes, int SlotStepMinutes, int MinNoticeMinutes, int HorizonDays, int CancelCutoffMinutes,
    int RescheduleCutoffMinutes, int? DailyLimitPerCoach, bool ReservedHoursOnly, bool IsActive, Guid[] CoachIds, int Version, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

internal static class SessionTypeReads
{
    private const string Select =
        """
        select t.id, t.slug, t.name, t.description, t.topic, t.duration_minutes, t.location_kind, t.capacity, t.buffer_before_minutes,
               t.buffer_after_minutes, t.slot_step_minutes, t.min_notice_minutes, t.horizon_days, t.cancel_cutoff_minutes,
               t.reschedule_cutoff_minutes, t.daily_limit_per_coach, t.reserved_hours_only, t.is_active,
               coalesce((select array_agg(stc.coach_id order by stc.coach_id)
                         from coaching.session_type_coaches stc where stc.session_type_id = t.id), '{}') as coach_ids,
               t.version, t.created_at, t.updated_at
        from coaching.session_types t
        """;

    public static async Task<SessionTypeView> RequireAsync(IDbSession db, Guid id, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<SessionTypeView>(Select + " where t.id = @id", new { id }, ct)
        ?? throw new NotFoundException("Diese Terminart gibt es nicht.");

    public static Task<IReadOnlyList<SessionTypeView>> ListAsync(IDbSession db, CancellationToken ct) =>
        db.QueryAsync<SessionTypeView>(Select + " order by t.is_active desc, t.name, t.id", null, ct);
}
