using Bezirksplattform.BuildingBlocks.Time;

namespace Bezirksplattform.Coaching.Scheduling;

/// <summary>
/// What a session type asks of a slot (minutes throughout). ReservedHoursOnly: the type is offered
/// only in windows reserved for it, not in the coach's general hours.
/// </summary>
internal sealed record SlotRules(
    Guid SessionTypeId, int DurationMinutes, int BufferBeforeMinutes, int BufferAfterMinutes, int SlotStepMinutes,
    int MinNoticeMinutes, int HorizonDays, int Capacity, int? DailyLimitPerCoach, bool ReservedHoursOnly = false);

/// <summary>
/// A weekly availability window in Berlin wall-clock time; ISO weekday 1 = Monday. With a
/// SessionTypeId the window is reserved for that type; without, it is general.
/// </summary>
internal sealed record WeeklyWindow(
    int Weekday, TimeOnly Start, TimeOnly End, DateOnly? ValidFrom = null, DateOnly? ValidUntil = null, Guid? SessionTypeId = null);

/// <summary>
/// A date override: on that date only these windows count (for general hours, or for the hours
/// reserved for SessionTypeId); a null window = not available. A general closed override is a day off for every type.
/// </summary>
internal sealed record DateOverride(DateOnly Date, TimeOnly? Start, TimeOnly? End, Guid? SessionTypeId = null);

/// <summary>An existing active session of the coach (any session type), with its seats taken.</summary>
internal sealed record BusySession(Guid SessionTypeId, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset BlockedFrom, DateTimeOffset BlockedUntil,
    int Capacity, int SeatsTaken);

/// <summary>Everything the engine needs to know about one coach.</summary>
internal sealed record CoachCalendar(
    Guid CoachId, IReadOnlyList<WeeklyWindow> Weekly, IReadOnlyList<DateOverride> Overrides,
    IReadOnlyList<(DateTimeOffset From, DateTimeOffset Until)> Absences, IReadOnlyList<BusySession> Sessions);

internal sealed record Slot(Guid Coach, DateTimeOffset Start, DateTimeOffset End, int SeatsLeft);

/// <summary>
/// Computes free slots. Pure: no clock, no database, so every rule (daylight-saving days, buffers,
/// notice, horizon, overrides, daily limits) is unit-tested on its own.
/// Slots start on the window's wall-clock grid (window start + n·step) in Europe/Berlin; a session
/// lasts its real duration, so on the night the clocks change a 2 a.m. start either does not
/// exist (March) or is taken at its first occurrence (October): each wall-clock start is offered
/// at most once. A slot must end (in wall-clock time, on the same date) by the window's end.
/// Buffers separate sessions from each other exactly as the database's exclusion constraint over
/// <c>sessions.blocked</c> does (both sessions' buffers count); they need not lie inside the
/// availability window, but an absence blocks them.
/// </summary>
internal static class SlotEngine
{
    public static IReadOnlyList<Slot> FreeSlots(SlotRules rules, CoachCalendar coach, DateOnly from, DateOnly to, DateTimeOffset now)
    {
        var slots = new List<Slot>();
        var earliest = now.AddMinutes(rules.MinNoticeMinutes);
        var latest = now.AddDays(rules.HorizonDays);
        var duration = TimeSpan.FromMinutes(rules.DurationMinutes);
        var step = Math.Max(1, rules.SlotStepMinutes);

        for (var date = from; date <= to; date = date.AddDays(1))
        {
            // The daily limit is per session type: other kinds of sessions do not use it up.
            var sessionsThatDay = coach.Sessions.Count(s => s.SessionTypeId == rules.SessionTypeId && s.Start.BerlinDate() == date);
            var dayFull = rules.DailyLimitPerCoach is { } limit && sessionsThatDay >= limit;

            foreach (var (windowStart, windowEnd) in WindowsOn(coach, date, rules))
            {
                // Walk the grid in whole minutes from the window start; TimeOnly would wrap at midnight.
                for (var minute = 0; ; minute += step)
                {
                    var localMinutes = windowStart.Hour * 60 + windowStart.Minute + minute;
                    if (localMinutes >= 24 * 60) break;
                    var local = windowStart.AddMinutes(minute);
                    if (local >= windowEnd) break;
                    if (ToInstant(date, local) is not { } start) continue; // a wall-clock time the March change skips
                    var end = start + duration;
                    var endLocal = end.ToBerlin();
                    // The wall-clock end grows with the start, so the first slot past the window ends the window.
                    if (DateOnly.FromDateTime(endLocal.DateTime) != date || TimeOnly.FromDateTime(endLocal.DateTime) > windowEnd) break;
                    if (start < earliest) continue;
                    if (start > latest) break;

                    var existing = coach.Sessions.FirstOrDefault(s => s.SessionTypeId == rules.SessionTypeId && s.Start == start);
                    if (existing is not null)
                    {
                        // A group session already running at this time: its free seats are the slot.
                        var left = existing.Capacity - existing.SeatsTaken;
                        if (left > 0 && !coach.Absences.Any(a => Overlaps(existing.Start, existing.End, a.From, a.Until)))
                            slots.Add(new Slot(coach.CoachId, start, existing.End, left));
                        continue;
                    }

                    if (dayFull) continue;
                    var blockedFrom = start.AddMinutes(-rules.BufferBeforeMinutes);
                    var blockedUntil = end.AddMinutes(rules.BufferAfterMinutes);
                    if (coach.Sessions.Any(s => Overlaps(blockedFrom, blockedUntil, s.BlockedFrom, s.BlockedUntil))) continue;
                    if (coach.Absences.Any(a => Overlaps(blockedFrom, blockedUntil, a.From, a.Until))) continue;
                    slots.Add(new Slot(coach.CoachId, start, end, rules.Capacity));
                }
            }
        }

        return slots;
    }

    /// <summary>
    /// Free slots of several coaches. Without a chosen coach the founder sees each start time once,
    /// offered by a coach who already runs a group session then (its seats fill first), else by the
    /// coach with the fewest sessions in the date range, then the fewest that day, then a stable
    /// order, so bookings spread fairly across coaches.
    /// </summary>
    public static IReadOnlyList<Slot> FreeSlotsAnyCoach(SlotRules rules, IReadOnlyList<CoachCalendar> coaches, DateOnly from, DateOnly to, DateTimeOffset now)
    {
        var inRange = coaches.ToDictionary(c => c.CoachId, c => c.Sessions.Where(s => s.Start.BerlinDate() is var d && d >= from && d <= to).ToList());
        return coaches
            .SelectMany(c => FreeSlots(rules, c, from, to, now))
            .GroupBy(s => s.Start)
            .OrderBy(g => g.Key)
            .Select(g => g
                .OrderByDescending(s => s.SeatsLeft < rules.Capacity)
                .ThenBy(s => inRange[s.Coach].Count)
                .ThenBy(s => inRange[s.Coach].Count(b => b.Start.BerlinDate() == s.Start.BerlinDate()))
                .ThenBy(s => s.Coach)
                .First())
            .ToList();
    }

    /// <summary>
    /// The availability windows of a date for a session type, sorted, with overlapping or touching
    /// windows merged. The pool is the coach's general hours, or the hours reserved for the type if it
    /// has ReservedHoursOnly. Within the pool the date's overrides replace the weekly rules (a closed
    /// override wins over windows); a general closed override is a day off for every type.
    /// </summary>
    public static IReadOnlyList<(TimeOnly Start, TimeOnly End)> WindowsOn(CoachCalendar coach, DateOnly date, SlotRules rules)
    {
        bool InPool(Guid? reservedFor) => rules.ReservedHoursOnly ? reservedFor == rules.SessionTypeId : reservedFor is null;

        var onDate = coach.Overrides.Where(o => o.Date == date).ToList();
        if (onDate.Any(o => o.SessionTypeId is null && (o.Start is null || o.End is null))) return [];
        var overrides = onDate.Where(o => InPool(o.SessionTypeId)).ToList();
        IEnumerable<(TimeOnly Start, TimeOnly End)> windows;
        if (overrides.Count > 0)
        {
            if (overrides.Any(o => o.Start is null || o.End is null)) return [];
            windows = overrides.Select(o => (o.Start!.Value, o.End!.Value));
        }
        else
        {
            var weekday = IsoWeekday(date);
            windows = coach.Weekly
                .Where(w => InPool(w.SessionTypeId) && w.Weekday == weekday
                    && (w.ValidFrom is null || w.ValidFrom <= date) && (w.ValidUntil is null || date <= w.ValidUntil))
                .Select(w => (w.Start, w.End));
        }

        var merged = new List<(TimeOnly Start, TimeOnly End)>();
        foreach (var window in windows.Where(w => w.End > w.Start).OrderBy(w => w.Start))
        {
            if (merged.Count > 0 && window.Start <= merged[^1].End)
                merged[^1] = (merged[^1].Start, window.End > merged[^1].End ? window.End : merged[^1].End);
            else
                merged.Add(window);
        }

        return merged;
    }

    public static int IsoWeekday(DateOnly date) => date.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)date.DayOfWeek;

    /// <summary>
    /// The instant of a Berlin wall-clock time, or null if that time does not exist (the hour
    /// skipped in March). An ambiguous time (the hour repeated in October) is its first occurrence.
    /// </summary>
    public static DateTimeOffset? ToInstant(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time, DateTimeKind.Unspecified);
        var zone = BerlinTime.Zone;
        if (zone.IsInvalidTime(local)) return null;
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The first instant of a Berlin date (midnight always exists: the clocks change at 2 and 3 a.m.).</summary>
    public static DateTimeOffset StartOfDay(DateOnly date) => ToInstant(date, TimeOnly.MinValue)!.Value;

    private static bool Overlaps(DateTimeOffset aFrom, DateTimeOffset aUntil, DateTimeOffset bFrom, DateTimeOffset bUntil) =>
        aFrom < bUntil && bFrom < aUntil;
}
