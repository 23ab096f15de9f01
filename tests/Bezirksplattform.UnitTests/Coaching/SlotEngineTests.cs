using System.Globalization;
using Bezirksplattform.Coaching.Scheduling;

namespace Bezirksplattform.UnitTests.Coaching;

/// <summary>
/// Slot computation on its own: Berlin wall-clock windows, both daylight-saving nights of 2027
/// (28 March: 02:00–03:00 does not exist; 31 October: 02:00–03:00 happens twice), buffers,
/// notice, horizon, overrides, absences, daily limits, group seats and fair distribution.
/// Expected starts are written in UTC.
/// </summary>
public sealed class SlotEngineTests
{
    private static readonly Guid TypeId = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid OtherTypeId = Guid.Parse("00000000-0000-0000-0000-0000000000a2");
    private static readonly Guid CoachA = Guid.Parse("00000000-0000-0000-0000-000000000001");
    private static readonly Guid CoachB = Guid.Parse("00000000-0000-0000-0000-000000000002");
    private static readonly DateTimeOffset LongBefore = At("2027-01-01T00:00Z");

    private static SlotRules Rules(int duration = 60, int before = 0, int after = 0, int step = 60, int notice = 0, int horizon = 365,
        int capacity = 1, int? dailyLimit = null) =>
        new(TypeId, duration, before, after, step, notice, horizon, capacity, dailyLimit);

    private static WeeklyWindow Weekly(int weekday, string start, string end) => new(weekday, T(start), T(end));

    private static CoachCalendar Calendar(Guid coach, WeeklyWindow[] weekly, DateOverride[]? overrides = null,
        (DateTimeOffset, DateTimeOffset)[]? absences = null, BusySession[]? sessions = null) =>
        new(coach, weekly, overrides ?? [], absences ?? [], sessions ?? []);

    private static BusySession Session(string start, int minutes, Guid? type = null, int before = 0, int after = 0, int capacity = 1, int taken = 1)
    {
        var from = At(start);
        return new BusySession(type ?? OtherTypeId, from, from.AddMinutes(minutes), from.AddMinutes(-before), from.AddMinutes(minutes + after),
            capacity, taken);
    }

    private static TimeOnly T(string time) => TimeOnly.ParseExact(time, "HH:mm", CultureInfo.InvariantCulture);

    private static DateOnly D(string date) => DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateTimeOffset At(string utc) =>
        DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string[] Starts(IEnumerable<Slot> slots) =>
        [.. slots.Select(s => s.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture))];

    private static IReadOnlyList<Slot> Free(SlotRules rules, CoachCalendar coach, string from, string? to = null, DateTimeOffset? now = null) =>
        SlotEngine.FreeSlots(rules, coach, D(from), D(to ?? from), now ?? LongBefore);

    // A Sunday night window and a Sunday day window, both in Berlin wall-clock time.
    private static readonly WeeklyWindow[] SundayNightAndDay = [Weekly(7, "00:00", "04:00"), Weekly(7, "10:00", "12:00")];

    [Fact]
    public void On_the_last_Sunday_of_March_the_skipped_hour_offers_nothing_and_sessions_last_their_real_duration()
    {
        var slots = Free(Rules(step: 30), Calendar(CoachA, SundayNightAndDay), "2027-03-28");

        Assert.Equal(
        [
            // 00:00, 00:30, 01:00, 01:30 CET; 02:00 and 02:30 do not exist; 03:00 CEST ends at 04:00 CEST.
            "2027-03-27T23:00Z", "2027-03-27T23:30Z", "2027-03-28T00:00Z", "2027-03-28T00:30Z", "2027-03-28T01:00Z",
            // 10:00, 10:30, 11:00 CEST.
            "2027-03-28T08:00Z", "2027-03-28T08:30Z", "2027-03-28T09:00Z",
        ], Starts(slots));
        Assert.All(slots, s => Assert.Equal(TimeSpan.FromMinutes(60), s.End - s.Start));
    }

    [Fact]
    public void On_the_last_Sunday_of_October_each_wall_clock_start_is_offered_once_at_its_first_occurrence()
    {
        var slots = Free(Rules(step: 30), Calendar(CoachA, SundayNightAndDay), "2027-10-31");

        Assert.Equal(
        [
            // 00:00–01:30 CEST, then 02:00 and 02:30 the first time (CEST), then 03:00 CET (ends 04:00 CET).
            "2027-10-30T22:00Z", "2027-10-30T22:30Z", "2027-10-30T23:00Z", "2027-10-30T23:30Z", "2027-10-31T00:00Z", "2027-10-31T00:30Z",
            "2027-10-31T02:00Z",
            // 10:00, 10:30, 11:00 CET.
            "2027-10-31T09:00Z", "2027-10-31T09:30Z", "2027-10-31T10:00Z",
        ], Starts(slots));
        Assert.All(slots, s => Assert.Equal(TimeSpan.FromMinutes(60), s.End - s.Start));
        // Strictly increasing instants: the repeated hour does not send the grid back in time.
        Assert.All(slots.Zip(slots.Skip(1)), pair => Assert.True(pair.First.Start < pair.Second.Start));
    }

    [Theory]
    [InlineData("2027-03-21", "2027-03-21T09:00Z")] // winter time, a week before the change
    [InlineData("2027-03-28", "2027-03-28T08:00Z")] // summer time from that very day
    [InlineData("2027-10-24", "2027-10-24T08:00Z")] // still summer time
    [InlineData("2027-10-31", "2027-10-31T09:00Z")] // winter time again
    public void A_ten_oclock_slot_in_Berlin_is_nine_utc_in_winter_and_eight_utc_in_summer(string date, string expected)
    {
        var slots = Free(Rules(), Calendar(CoachA, [Weekly(7, "10:00", "11:00")]), date);
        Assert.Equal([expected], Starts(slots));
    }

    [Fact]
    public void Buffers_before_and_after_keep_new_slots_away_from_a_booked_neighbour_but_may_lie_outside_the_window()
    {
        // Tuesday 6 April 2027 (CEST): a session 10:00–11:00 with 15 minutes of buffer on both sides blocks 09:45–11:15.
        var coach = Calendar(CoachA, [Weekly(2, "08:00", "14:00")], sessions: [Session("2027-04-06T08:00Z", 60, before: 15, after: 15)]);
        var slots = Free(Rules(before: 15, after: 15, step: 15), coach, "2027-04-06");

        // The new session needs its own 15 minutes too: it must end by 09:30 or start at 11:30 (local).
        Assert.Equal(
        [
            "2027-04-06T06:00Z", "2027-04-06T06:15Z", "2027-04-06T06:30Z",
            "2027-04-06T09:30Z", "2027-04-06T09:45Z", "2027-04-06T10:00Z", "2027-04-06T10:15Z", "2027-04-06T10:30Z", "2027-04-06T10:45Z",
            "2027-04-06T11:00Z",
        ], Starts(slots));

        // Without buffers the neighbour's own buffers still count, exactly as the exclusion constraint on sessions.blocked.
        var tight = Free(Rules(step: 15), coach, "2027-04-06");
        Assert.Contains("2027-04-06T06:45Z", Starts(tight));
        Assert.DoesNotContain("2027-04-06T07:00Z", Starts(tight));
        Assert.Contains("2027-04-06T09:15Z", Starts(tight));
    }

    [Fact]
    public void Minimum_notice_hides_slots_starting_too_soon()
    {
        var now = At("2027-04-06T07:10Z"); // 09:10 in Berlin
        var slots = Free(Rules(notice: 120), Calendar(CoachA, [Weekly(2, "08:00", "14:00")]), "2027-04-06", now: now);

        // The earliest start is 11:10 local: 12:00 and 13:00.
        Assert.Equal(["2027-04-06T10:00Z", "2027-04-06T11:00Z"], Starts(slots));
    }

    [Fact]
    public void The_horizon_ends_the_offer_and_past_starts_are_never_offered()
    {
        var now = At("2027-04-06T07:10Z");
        var weekdays = Enumerable.Range(1, 5).Select(d => Weekly(d, "08:00", "10:00")).ToArray();
        var slots = Free(Rules(horizon: 2), Calendar(CoachA, weekdays), "2027-04-06", "2027-04-09", now);

        // Today's 08:00 and 09:00 have passed; the horizon ends on the 8th at 09:10 local.
        Assert.Equal(["2027-04-07T06:00Z", "2027-04-07T07:00Z", "2027-04-08T06:00Z", "2027-04-08T07:00Z"], Starts(slots));
    }

    [Fact]
    public void A_date_override_replaces_the_weekly_rules_and_a_closed_override_removes_the_day()
    {
        var coach = Calendar(CoachA, [Weekly(2, "08:00", "10:00")],
        [
            new DateOverride(D("2027-04-06"), T("14:00"), T("16:00")),
            new DateOverride(D("2027-04-13"), null, null),
            // A closed override wins over a window on the same date.
            new DateOverride(D("2027-04-20"), T("09:00"), T("10:00")),
            new DateOverride(D("2027-04-20"), null, null),
        ]);
        var slots = Free(Rules(), coach, "2027-04-06", "2027-04-27");

        Assert.Equal(["2027-04-06T12:00Z", "2027-04-06T13:00Z", "2027-04-27T06:00Z", "2027-04-27T07:00Z"], Starts(slots));
    }

    [Fact]
    public void Absences_block_every_slot_they_touch_even_across_days()
    {
        var coach = Calendar(CoachA, [Weekly(2, "08:00", "12:00"), Weekly(3, "08:00", "12:00"), Weekly(4, "08:00", "12:00")], absences:
        [
            (At("2027-04-06T07:30Z"), At("2027-04-06T08:30Z")), // 09:30–10:30 on Tuesday
            (At("2027-04-06T22:00Z"), At("2027-04-08T08:00Z")), // Wednesday and Thursday morning up to 10:00
        ]);
        var slots = Free(Rules(), coach, "2027-04-06", "2027-04-08");

        Assert.Equal(["2027-04-06T06:00Z", "2027-04-06T09:00Z", "2027-04-08T08:00Z", "2027-04-08T09:00Z"], Starts(slots));
    }

    [Fact]
    public void The_daily_limit_counts_the_coachs_sessions_of_this_type_that_day()
    {
        var coach = Calendar(CoachA, [Weekly(2, "08:00", "16:00")], sessions:
        [
            Session("2027-04-06T06:00Z", 60, TypeId), Session("2027-04-06T07:00Z", 60, TypeId),
            // Other session types do not use up the limit, they only block their time.
            Session("2027-04-13T06:00Z", 60), Session("2027-04-13T07:00Z", 60),
        ]);
        var slots = Free(Rules(dailyLimit: 2), coach, "2027-04-06", "2027-04-13");

        Assert.DoesNotContain(slots, s => s.Start < At("2027-04-07T00:00Z"));
        Assert.Equal(
            ["2027-04-13T08:00Z", "2027-04-13T09:00Z", "2027-04-13T10:00Z", "2027-04-13T11:00Z", "2027-04-13T12:00Z", "2027-04-13T13:00Z"],
            Starts(slots));
    }

    [Fact]
    public void A_group_session_offers_its_seats_left_and_blocks_other_starts_until_it_is_full()
    {
        var window = Weekly(6, "09:00", "15:00"); // Saturday 10 April 2027
        var rules = Rules(duration: 180, capacity: 12);
        var running = Calendar(CoachA, [window], sessions: [Session("2027-04-10T08:00Z", 180, TypeId, capacity: 12, taken: 5)]);

        var slot = Assert.Single(Free(rules, running, "2027-04-10"));
        Assert.Equal(new Slot(CoachA, At("2027-04-10T08:00Z"), At("2027-04-10T11:00Z"), 7), slot);

        var full = Calendar(CoachA, [window], sessions: [Session("2027-04-10T08:00Z", 180, TypeId, capacity: 12, taken: 12)]);
        Assert.Empty(Free(rules, full, "2027-04-10"));

        // An empty day offers every start with all seats.
        Assert.All(Free(rules, Calendar(CoachA, [window]), "2027-04-10"), s => Assert.Equal(12, s.SeatsLeft));
    }

    [Fact]
    public void Any_coach_shows_each_start_once_from_the_coach_with_the_fewest_sessions_then_the_fewest_that_day()
    {
        var windows = new[] { Weekly(2, "08:00", "11:00") };
        // Both have one session in the range: A on the 6th at 08:00, B on the 13th at 08:00 (local).
        var a = Calendar(CoachA, windows, sessions: [Session("2027-04-06T06:00Z", 60)]);
        var b = Calendar(CoachB, windows, sessions: [Session("2027-04-13T06:00Z", 60)]);
        var slots = SlotEngine.FreeSlotsAnyCoach(Rules(), [a, b], D("2027-04-06"), D("2027-04-13"), LongBefore);

        Assert.Equal(
            [
                ("2027-04-06T06:00Z", CoachB), ("2027-04-06T07:00Z", CoachB), ("2027-04-06T08:00Z", CoachB),
                ("2027-04-13T06:00Z", CoachA), ("2027-04-13T07:00Z", CoachA), ("2027-04-13T08:00Z", CoachA),
            ],
            slots.Select(s => (Starts([s])[0], s.Coach)).ToArray());

        // B takes a second session on the 13th: A, with fewer sessions in the range, now offers every start it can.
        var busierB = b with { Sessions = [.. b.Sessions, Session("2027-04-13T08:00Z", 60)] };
        var fairer = SlotEngine.FreeSlotsAnyCoach(Rules(), [a, busierB], D("2027-04-06"), D("2027-04-13"), LongBefore);
        Assert.Equal([CoachB, CoachA, CoachA, CoachA, CoachA, CoachA], fairer.Select(s => s.Coach).ToArray());
    }

    [Fact]
    public void Any_coach_fills_a_started_group_session_before_opening_another()
    {
        var windows = new[] { Weekly(6, "10:00", "13:00") };
        var rules = Rules(duration: 180, capacity: 12);
        var a = Calendar(CoachA, windows);
        var b = Calendar(CoachB, windows, sessions: [Session("2027-04-10T08:00Z", 180, TypeId, capacity: 12, taken: 3)]);

        var slot = Assert.Single(SlotEngine.FreeSlotsAnyCoach(rules, [a, b], D("2027-04-10"), D("2027-04-10"), LongBefore));
        Assert.Equal((CoachB, 9), (slot.Coach, slot.SeatsLeft));
    }

    [Fact]
    public void Overlapping_or_touching_windows_merge_so_no_start_is_offered_twice_and_sessions_may_span_the_seam()
    {
        var coach = Calendar(CoachA, [Weekly(2, "09:00", "12:00"), Weekly(2, "11:00", "12:00"), Weekly(2, "12:00", "13:00")]);
        var slots = Free(Rules(step: 30), coach, "2027-04-06");

        Assert.Equal(
            ["2027-04-06T07:00Z", "2027-04-06T07:30Z", "2027-04-06T08:00Z", "2027-04-06T08:30Z", "2027-04-06T09:00Z", "2027-04-06T09:30Z",
             "2027-04-06T10:00Z"],
            Starts(slots));
    }

    [Fact]
    public void Weekly_rules_apply_only_within_their_validity()
    {
        var coach = Calendar(CoachA, [new WeeklyWindow(2, T("08:00"), T("09:00"), D("2027-04-13"), D("2027-04-20"))]);
        Assert.Equal(["2027-04-13T06:00Z", "2027-04-20T06:00Z"], Starts(Free(Rules(), coach, "2027-04-06", "2027-04-27")));
    }

    [Fact]
    public void Wall_clock_times_map_to_instants_with_the_gap_missing_and_the_repeat_taken_first()
    {
        Assert.Null(SlotEngine.ToInstant(D("2027-03-28"), T("02:30")));
        Assert.Equal(At("2027-03-28T01:00Z"), SlotEngine.ToInstant(D("2027-03-28"), T("03:00")));
        Assert.Equal(At("2027-10-31T00:30Z"), SlotEngine.ToInstant(D("2027-10-31"), T("02:30")));
        Assert.Equal(At("2027-10-31T02:00Z"), SlotEngine.ToInstant(D("2027-10-31"), T("03:00")));
    }
    [Fact]
    public void A_type_with_reserved_hours_is_offered_only_there_and_other_types_never_there()
    {
        var workshop = Rules(duration: 180, capacity: 12) with { ReservedHoursOnly = true };
        var coach = Calendar(CoachA,
            [Weekly(2, "09:00", "12:00"), new WeeklyWindow(2, T("18:00"), T("21:00"), SessionTypeId: TypeId)],
            [
                new DateOverride(D("2027-04-10"), T("10:00"), T("13:00"), TypeId), // a workshop Saturday
                new DateOverride(D("2027-04-13"), null, null, TypeId),             // no evening workshop that Tuesday
                new DateOverride(D("2027-04-20"), null, null),                     // a day off closes every type
            ]);

        Assert.Equal(["2027-04-06T16:00Z", "2027-04-10T08:00Z"], Starts(Free(workshop, coach, "2027-04-06", "2027-04-20")));

        // Individual coaching (another type, general hours) only on Tuesday mornings, never in the reserved hours.
        var individual = Rules() with { SessionTypeId = OtherTypeId };
        Assert.Equal(
            ["2027-04-06T07:00Z", "2027-04-06T08:00Z", "2027-04-06T09:00Z", "2027-04-13T07:00Z", "2027-04-13T08:00Z", "2027-04-13T09:00Z"],
            Starts(Free(individual, coach, "2027-04-06", "2027-04-20")));
    }
}
