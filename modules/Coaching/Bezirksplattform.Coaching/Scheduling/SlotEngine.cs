using Bezirksplattform.BuildingBlocks.Time;

namespace Bezirksplattform.Coaching.Scheduling;

/// <summary>What a session type asks of a slot (minutes throughout).</summary>
internal sealed record SlotRules(
    Guid SessionTypeId, int DurationMinutes, int BufferBeforeMinutes, int BufferAfterMinutes, int SlotStepMinutes,
    int MinNoticeMinutes, int HorizonDays, int Capacity, int? DailyLimitPerCoach);

/// <summary>A weekly availability window in Berlin wall-clock time; ISO weekday 1 = Monday.</summary>
internal sealed record WeeklyWindow(int Weekday, TimeOnly Start, TimeOnly End, DateOnly? ValidFrom = null, DateOnly? ValidUntil = null);

/// <summary>A date override: on that date only these windows count; a null window = not available at all.</summary>
internal sealed record DateOverride(DateOnly Date, TimeOnly? Start, TimeOnly? End);

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
/// exist (March) or is taken at its first occurrence (October). Buffers separate sessions from
/// each other; they need not lie inside the availability window.
/// </summary>
internal static class SlotEngine
{
    public static IReadOnlyList<Slot> FreeSlots(SlotRules rules, CoachCalendar coach, DateOnly from, DateOnly to, DateTimeOffset now)
    {
        var slots = new List<Slot>();
        var earliest = now.AddMinutes(rules.MinNoticeMinutes);
        var latest = now.AddDays(rules.HorizonDays);
        var duration = TimeSpan.FromMinutes(rules.DurationMinutes);

        for (var date = from; date <= to; date = date.AddDays(1))
        {
            var sessionsThatDay = coach.Sessions.Count(s => DateOnly.FromDateTime(s.Start.ToBerlin().DateTime) == date);
            var dayFull = rules.DailyLimitPerCoach is { } limit && sessionsThatDay >= limit;

            foreach (var (windowStart, windowEnd) in WindowsOn(coach, date))
            {
                for (var local = windowStart; ; local = local.AddMinutes(rules.SlotStepMinutes))
                {
                    if (local < windowStart) break; // wrapped past midnight
                    if (ToInstant(date, local) is not { } start) continue; // a wall-clock time the March change skips
                    var end = start + duration;
                    var endLocal = end.ToBerlin();
                    if (DateOnly.FromDateTime(endLocal.DateTime) != date || TimeOnly.FromDateTime(endLocal.DateTime) > windowEnd) break;
                    if (start < earliest || start > latest) continue;

                    var existing = coach.Sessions.FirstOrDefault(s => s.SessionTypeId == rules.SessionTypeId && s.Start == start);
                    if (existing is not null)
                    {
                        // A group session already running at this time: its free seats are the slot.
                        var left = existing.Capacity - existing.SeatsTaken;
                        if (left > 0) slots.Add(new Slot(coach.CoachId, start, existing.End, left));
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
    /// offered by the coach with the fewest sessions in the range (ties: the fewest that day, then
    /// a stable order), so bookings spread fairly across coaches.
    /// </summary>
    public static IReadOnlyList<Slot> FreeSlotsAnyCoach(SlotRules rules, IReadOnlyList<CoachCalendar> coaches, DateOnly from, DateOnly to, DateTimeOffset now)
    {
        var load = coaches.ToDictionary(c => c.CoachId, c => c.Sessions.Count);
        return coaches
            .SelectMany(c => FreeSlots(rules, c, from, to, now))
            .GroupBy(s => s.Start)
            .OrderBy(g => g.Key)
            .Select(g => g
                .OrderByDescending(s => s.SeatsLeft < rules.Capacity) // fill a started group session first
                .ThenBy(s => load[s.Coach])
                .ThenBy(s => s.Coach)
                .First())
            .ToList();
    }

    /// <summary>The availability windows of a date: its overrides if it has any, otherwise the weekly rules.</summary>
    public static IEnumerable<(TimeOnly Start, TimeOnly End)> WindowsOn(CoachCalendar coach, DateOnly date)
    {
        var overrides = coach.Overrides.Where(o => o.Date == date).ToList();
        if (overrides.Count > 0)
            return overrides.Where(o => o.Start is not null && o.End is not null).Select(o => (o.Start!.Value, o.End!.Value)).OrderBy(w => w.Item1);

        var weekday = date.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)date.DayOfWeek;
        return coach.Weekly
            .Where(w => w.Weekday == weekday && (w.ValidFrom is null || w.ValidFrom <= date) && (w.ValidUntil is null || date <= w.ValidUntil))
            .Select(w => (w.Start, w.End))
            .OrderBy(w => w.Start);
    }

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

    private static bool Overlaps(DateTimeOffset aFrom, DateTimeOffset aUntil, DateTimeOffset bFrom, DateTimeOffset bUntil) =>
        aFrom < bUntil && bFrom < aUntil;
}
