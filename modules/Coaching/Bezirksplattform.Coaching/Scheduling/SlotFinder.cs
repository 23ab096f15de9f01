using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.BuildingBlocks.Data;

namespace Bezirksplattform.Coaching.Scheduling;

/// <summary>
/// The free slots of a session type as the public slot list shows them, for any caller inside the
/// module (the slot list, booking's "is this start still offered?" check, waitlist offers).
/// <list type="bullet">
/// <item><c>FindAsync(db, sessionTypeId, coachId, from, to, now, ct)</c>: free slots between the Berlin
/// dates <c>from</c> and <c>to</c> (inclusive), ordered by start. With <c>coachId</c> only that coach's;
/// without, each start once, fairly distributed (<see cref="SlotEngine.FreeSlotsAnyCoach"/>).
/// An unknown or inactive session type, or a coach who is inactive or does not offer it, gives no slots.</item>
/// <item><c>FindOfferedAsync(db, sessionTypeId, coachId, start, now, ct)</c>: the slot starting exactly at
/// <c>start</c> if it is offered right now, else null. Pass the coach the founder chose; with null
/// the slot is the one the fair distribution picks. Call it inside the booking transaction after
/// locking what you lock; the exclusion constraint on sessions still has the last word.</item>
/// </list>
/// Seats taken are bookings with status confirmed or offered (a waitlist offer holds its seat).
/// Everything is read in one round trip, one query per kind of data for all coaches.
/// </summary>
internal static class SlotFinder
{
    public static async Task<IReadOnlyList<Slot>> FindAsync(
        IDbSession db, Guid sessionTypeId, Guid? coachId, DateOnly from, DateOnly to, DateTimeOffset now, CancellationToken ct)
    {
        var input = await LoadAsync(db, sessionTypeId, coachId, from, to, ct);
        if (input is null) return [];
        var (rules, calendars) = input.Value;
        if (calendars.Count == 0) return [];
        return coachId is null
            ? SlotEngine.FreeSlotsAnyCoach(rules, calendars, from, to, now)
            : SlotEngine.FreeSlots(rules, calendars[0], from, to, now);
    }

    public static async Task<Slot?> FindOfferedAsync(
        IDbSession db, Guid sessionTypeId, Guid? coachId, DateTimeOffset start, DateTimeOffset now, CancellationToken ct)
    {
        var date = start.BerlinDate();
        var slots = await FindAsync(db, sessionTypeId, coachId, date, date, now, ct);
        return slots.FirstOrDefault(s => s.Start == start);
    }

    private sealed record RulesRow(
        Guid Id, int DurationMinutes, int BufferBeforeMinutes, int BufferAfterMinutes, int SlotStepMinutes, int MinNoticeMinutes,
        int HorizonDays, int Capacity, int? DailyLimitPerCoach, bool ReservedHoursOnly);

    private sealed record WeeklyRow(
        Guid CoachId, short Weekday, TimeOnly StartTime, TimeOnly EndTime, DateOnly? ValidFrom, DateOnly? ValidUntil, Guid? SessionTypeId);

    private sealed record OverrideRow(Guid CoachId, DateOnly OnDate, TimeOnly? StartTime, TimeOnly? EndTime, Guid? SessionTypeId);

    private sealed record AbsenceRow(Guid CoachId, DateTimeOffset FromAt, DateTimeOffset UntilAt);

    private sealed record SessionRow(
        Guid CoachId, Guid SessionTypeId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset BlockedFrom, DateTimeOffset BlockedUntil,
        int Capacity, int SeatsTaken);

    /// <summary>The session type's rules and the calendars of its (chosen) coaches; null for an unknown or inactive type.</summary>
    public static async Task<(SlotRules Rules, IReadOnlyList<CoachCalendar> Calendars)?> LoadAsync(
        IDbSession db, Guid sessionTypeId, Guid? coachId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (to < from) return null;
        // A day either side: sessions, buffers and absences that reach into the range from outside.
        var rangeFrom = SlotEngine.StartOfDay(from.AddDays(-1));
        var rangeUntil = SlotEngine.StartOfDay(to.AddDays(2));
        await using var grid = await db.QueryMultipleAsync(
            """
            select id, duration_minutes, buffer_before_minutes, buffer_after_minutes, slot_step_minutes, min_notice_minutes,
                   horizon_days, capacity, daily_limit_per_coach, reserved_hours_only
            from coaching.session_types where id = @sessionTypeId and is_active;

            select c.id from coaching.coaches c
            join coaching.session_type_coaches stc on stc.coach_id = c.id and stc.session_type_id = @sessionTypeId
            where c.is_active and (@coachId::uuid is null or c.id = @coachId)
            order by c.id;

            select r.coach_id, r.weekday, r.start_time, r.end_time, r.valid_from, r.valid_until, r.session_type_id
            from coaching.availability_rules r
            join coaching.session_type_coaches stc on stc.coach_id = r.coach_id and stc.session_type_id = @sessionTypeId
            where (@coachId::uuid is null or r.coach_id = @coachId)
              and (r.valid_from is null or r.valid_from <= @to) and (r.valid_until is null or r.valid_until >= @from)
              and (r.session_type_id is null or r.session_type_id = @sessionTypeId);

            select o.coach_id, o.on_date, o.start_time, o.end_time, o.session_type_id
            from coaching.date_overrides o
            join coaching.session_type_coaches stc on stc.coach_id = o.coach_id and stc.session_type_id = @sessionTypeId
            where (@coachId::uuid is null or o.coach_id = @coachId) and o.on_date between @from and @to
              and (o.session_type_id is null or o.session_type_id = @sessionTypeId);

            select a.coach_id, coalesce(lower(a.during), @rangeFrom) as from_at, coalesce(upper(a.during), @rangeUntil) as until_at
            from coaching.absences a
            join coaching.session_type_coaches stc on stc.coach_id = a.coach_id and stc.session_type_id = @sessionTypeId
            where (@coachId::uuid is null or a.coach_id = @coachId) and a.during && tstzrange(@rangeFrom, @rangeUntil);

            select s.coach_id, s.session_type_id, s.starts_at, s.ends_at, lower(s.blocked) as blocked_from, upper(s.blocked) as blocked_until,
                   s.capacity,
                   (select count(*)::int from coaching.bookings b where b.session_id = s.id and b.status in ('confirmed', 'offered')) as seats_taken
            from coaching.sessions s
            join coaching.session_type_coaches stc on stc.coach_id = s.coach_id and stc.session_type_id = @sessionTypeId
            where (@coachId::uuid is null or s.coach_id = @coachId) and s.status = 'active'
              and s.blocked && tstzrange(@rangeFrom, @rangeUntil);
            """,
            new { sessionTypeId, coachId, from, to, rangeFrom, rangeUntil }, ct);

        var type = await grid.ReadSingleOrDefaultAsync<RulesRow>();
        var coachIds = (await grid.ReadAsync<Guid>()).ToList();
        var weekly = (await grid.ReadAsync<WeeklyRow>()).ToLookup(r => r.CoachId);
        var overrides = (await grid.ReadAsync<OverrideRow>()).ToLookup(r => r.CoachId);
        var absences = (await grid.ReadAsync<AbsenceRow>()).ToLookup(r => r.CoachId);
        var sessions = (await grid.ReadAsync<SessionRow>()).ToLookup(r => r.CoachId);
        if (type is null) return null;

        var rules = new SlotRules(type.Id, type.DurationMinutes, type.BufferBeforeMinutes, type.BufferAfterMinutes, type.SlotStepMinutes,
            type.MinNoticeMinutes, type.HorizonDays, type.Capacity, type.DailyLimitPerCoach, type.ReservedHoursOnly);
        var calendars = coachIds.Select(id => new CoachCalendar(
            id,
            [.. weekly[id].Select(r => new WeeklyWindow(r.Weekday, r.StartTime, r.EndTime, r.ValidFrom, r.ValidUntil, r.SessionTypeId))],
            [.. overrides[id].Select(o => new DateOverride(o.OnDate, o.StartTime, o.EndTime, o.SessionTypeId))],
            [.. absences[id].Select(a => (a.FromAt, a.UntilAt))],
            [.. sessions[id].Select(s => new BusySession(s.SessionTypeId, s.StartsAt, s.EndsAt, s.BlockedFrom, s.BlockedUntil, s.Capacity, s.SeatsTaken))]))
            .ToList();
        return (rules, calendars);
    }
}
