using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Coaching.Scheduling;
using Microsoft.AspNetCore.Http;

namespace Bezirksplattform.Coaching.Booking;

/// <summary>A session type as booking needs it.</summary>
internal sealed record BookableType(
    Guid Id, string Slug, string Name, int DurationMinutes, string LocationKind, int Capacity, int BufferBeforeMinutes,
    int BufferAfterMinutes, int SlotStepMinutes, int MinNoticeMinutes, int HorizonDays, int CancelCutoffMinutes,
    int RescheduleCutoffMinutes, int? DailyLimitPerCoach)
{
    public const string Columns =
        """
        t.id, t.slug, t.name, t.duration_minutes, t.location_kind, t.capacity, t.buffer_before_minutes, t.buffer_after_minutes,
        t.slot_step_minutes, t.min_notice_minutes, t.horizon_days, t.cancel_cutoff_minutes, t.reschedule_cutoff_minutes, t.daily_limit_per_coach
        """;

    public SlotRules Rules => new(Id, DurationMinutes, BufferBeforeMinutes, BufferAfterMinutes, SlotStepMinutes, MinNoticeMinutes,
        HorizonDays, Capacity, DailyLimitPerCoach);

    /// <summary>An active session type by id or slug, or a 400 naming <paramref name="field"/>.</summary>
    public static async Task<BookableType> FindAsync(IDbSession db, string idOrSlug, string field, CancellationToken ct)
    {
        var id = Guid.TryParse(idOrSlug, out var parsed) ? parsed : (Guid?)null;
        return await db.QuerySingleOrDefaultAsync<BookableType>(
                   $"select {Columns} from coaching.session_types t where t.is_active and (t.id = @id or t.slug = @slug)",
                   new { id, slug = idOrSlug.Trim() }, ct)
               ?? throw new FieldProblemException(field, "Diese Sitzungsart gibt es nicht (mehr).");
    }

    public static Task<BookableType> ByIdAsync(IDbSession db, Guid id, CancellationToken ct) =>
        db.QuerySingleAsync<BookableType>($"select {Columns} from coaching.session_types t where t.id = @id", new { id }, ct);

    /// <summary>400 naming <paramref name="field"/> unless the coach is active and offers this session type.</summary>
    public async Task EnsureOfferedByAsync(IDbSession db, Guid coachId, string field, CancellationToken ct)
    {
        var offers = await db.ExecuteScalarAsync<bool>(
            """
            select exists (select 1 from coaching.session_type_coaches l join coaching.coaches c on c.id = l.coach_id
                           where l.session_type_id = @Id and l.coach_id = @coachId and c.is_active)
            """, new { Id, coachId }, ct);
        if (!offers) throw new FieldProblemException(field, "Dieser Coach bietet die gewählte Sitzungsart nicht an.");
    }
}

/// <summary>
/// Whether a session type offers a start time with one coach right now: loads that coach's
/// calendar around the Berlin date of the start (rules, overrides, absences, active sessions
/// with their seats) and asks the pure <see cref="SlotEngine"/>, so a booking is checked by
/// exactly the rules the slot list shows. Runs inside the booking's transaction, so it sees the
/// transaction's own changes (a rescheduled booking no longer blocks its old time).
/// The public slot list has its own loader (Scheduling/SlotFinder.cs); the two share the engine.
/// </summary>
internal static class OfferedSlot
{
    /// <summary>The slot at <paramref name="start"/>, or a 409 (taken) or 422 (never offered) problem saying why.</summary>
    public static async Task<Slot> EnsureAsync(IDbSession db, BookableType type, Guid coachId, DateTimeOffset start, DateTimeOffset now, CancellationToken ct)
    {
        var date = BerlinText.DateOf(start);
        var calendar = await LoadCalendarAsync(db, coachId, date, date, ct);
        var slot = SlotEngine.FreeSlots(type.Rules, calendar, date, date, now).FirstOrDefault(s => s.Start == start);
        if (slot is not null) return slot;

        if (start <= now) throw NotOffered("Der gewählte Zeitpunkt liegt in der Vergangenheit.");
        if (start < now.AddMinutes(type.MinNoticeMinutes))
            throw NotOffered($"Diese Sitzungsart kann nur mit mindestens {BerlinText.Duration(type.MinNoticeMinutes)} Vorlauf gebucht werden.");
        if (start > now.AddDays(type.HorizonDays))
            throw NotOffered($"Diese Sitzungsart kann höchstens {type.HorizonDays} Tage im Voraus gebucht werden.");

        // Offered on an empty calendar but not now: someone else's session (or the day's limit) took it.
        var empty = calendar with { Sessions = [] };
        if (SlotEngine.FreeSlots(type.Rules, empty, date, date, now).Any(s => s.Start == start)) throw Taken();
        throw NotOffered($"Am {BerlinText.DateTime(start)} bietet dieser Coach die Sitzungsart nicht an. Bitte wählen Sie einen Termin aus der Liste der freien Termine.");
    }

    public static ProblemException Taken(string detail = "Dieser Termin ist nicht mehr frei.") =>
        new(StatusCodes.Status409Conflict, "Termin nicht mehr frei", detail + " Bitte wählen Sie einen anderen Termin.");

    private static ProblemException NotOffered(string detail) =>
        new(StatusCodes.Status422UnprocessableEntity, "Termin nicht buchbar", detail, new Dictionary<string, string[]> { ["start"] = [detail] });

    /// <summary>One coach's calendar for the Berlin dates <paramref name="from"/>–<paramref name="to"/> (plus a day either side for buffers).</summary>
    public static async Task<CoachCalendar> LoadCalendarAsync(IDbSession db, Guid coachId, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var rangeFrom = BerlinText.StartOfDay(from.AddDays(-1));
        var rangeUntil = BerlinText.StartOfDay(to.AddDays(2));
        using var grid = await db.QueryMultipleAsync(
            """
            select weekday::int as weekday, start_time as start, end_time as "end", valid_from, valid_until
            from coaching.availability_rules where coach_id = @coachId;

            select on_date as date, start_time as start, end_time as "end"
            from coaching.date_overrides where coach_id = @coachId and on_date between @from and @to;

            select greatest(lower(during), @rangeFrom) as "from", least(coalesce(upper(during), @rangeUntil), @rangeUntil) as until
            from coaching.absences where coach_id = @coachId and during && tstzrange(@rangeFrom, @rangeUntil);

            select s.session_type_id, s.starts_at as start, s.ends_at as "end", lower(s.blocked) as blocked_from, upper(s.blocked) as blocked_until,
                   s.capacity, (select count(*)::int from coaching.bookings b where b.session_id = s.id and b.status in ('confirmed', 'offered')) as seats_taken
            from coaching.sessions s
            where s.coach_id = @coachId and s.status = 'active' and s.blocked && tstzrange(@rangeFrom, @rangeUntil);
            """, new { coachId, from, to, rangeFrom, rangeUntil }, ct);
        var weekly = (await grid.ReadAsync<WeeklyWindow>()).ToList();
        var overrides = (await grid.ReadAsync<DateOverride>()).ToList();
        var absences = (await grid.ReadAsync<AbsenceRow>()).Select(a => (a.From, a.Until)).ToList();
        var sessions = (await grid.ReadAsync<BusySession>()).ToList();
        return new CoachCalendar(coachId, weekly, overrides, absences, sessions);
    }

    private sealed record AbsenceRow(DateTimeOffset From, DateTimeOffset Until);
}
