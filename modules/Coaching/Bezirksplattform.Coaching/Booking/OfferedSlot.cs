using Bezirksplattform.BuildingBlocks.Time;
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
/// Whether a session type offers a start time with one coach right now: loads the calendar with the
/// same loader as the public slot list (Scheduling/SlotFinder.cs: rules, reserved hours, overrides,
/// absences, active sessions with their seats) and asks the pure <see cref="SlotEngine"/>, so a
/// booking is checked by exactly the rules the slot list shows. Runs inside the booking's
/// transaction, so it sees the transaction's own changes (a rescheduled booking no longer blocks
/// its old time).
/// </summary>
internal static class OfferedSlot
{
    /// <summary>The slot at <paramref name="start"/>, or a 409 (taken) or 422 (never offered) problem saying why.</summary>
    public static async Task<Slot> EnsureAsync(IDbSession db, BookableType type, Guid coachId, DateTimeOffset start, DateTimeOffset now, CancellationToken ct)
    {
        var date = start.BerlinDate();
        var loaded = await SlotFinder.LoadAsync(db, type.Id, coachId, date, date, ct);
        if (loaded is not { Calendars.Count: > 0 } input)
            throw NotOffered("Dieser Coach bietet die gewählte Sitzungsart derzeit nicht an.");
        var (rules, calendar) = (input.Rules, input.Calendars[0]);
        var slot = SlotEngine.FreeSlots(rules, calendar, date, date, now).FirstOrDefault(s => s.Start == start);
        if (slot is not null) return slot;

        if (start <= now) throw NotOffered("Der gewählte Zeitpunkt liegt in der Vergangenheit.");
        if (start < now.AddMinutes(type.MinNoticeMinutes))
            throw NotOffered($"Diese Sitzungsart kann nur mit mindestens {BerlinText.Duration(type.MinNoticeMinutes)} Vorlauf gebucht werden.");
        if (start > now.AddDays(type.HorizonDays))
            throw NotOffered($"Diese Sitzungsart kann höchstens {type.HorizonDays} Tage im Voraus gebucht werden.");

        // Offered on an empty calendar but not now: someone else's session (or the day's limit) took it.
        var empty = calendar with { Sessions = [] };
        if (SlotEngine.FreeSlots(rules, empty, date, date, now).Any(s => s.Start == start)) throw Taken();
        throw NotOffered($"Am {BerlinText.DateTime(start)} bietet dieser Coach die Sitzungsart nicht an. Bitte wählen Sie einen Termin aus der Liste der freien Termine.");
    }

    public static ProblemException Taken(string detail = "Dieser Termin ist nicht mehr frei.") =>
        new(StatusCodes.Status409Conflict, "Termin nicht mehr frei", detail + " Bitte wählen Sie einen anderen Termin.");

    private static ProblemException NotOffered(string detail) =>
        new(StatusCodes.Status422UnprocessableEntity, "Termin nicht buchbar", detail, new Dictionary<string, string[]> { ["start"] = [detail] });
}
