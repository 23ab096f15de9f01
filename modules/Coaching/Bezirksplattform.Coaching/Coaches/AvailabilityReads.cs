using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Coaching.Editing;

namespace Bezirksplattform.Coaching.Coaches;

/// <summary>A weekly window in Berlin wall-clock time ("09:00"); weekday 1 = Monday … 7 = Sunday.</summary>
internal sealed record WeeklyRuleView(Guid Id, int Weekday, string Start, string End, DateOnly? ValidFrom, DateOnly? ValidUntil, Guid? SessionTypeId);

internal sealed record WindowView(string Start, string End);

/// <summary>A date whose windows replace the weekly rules (general, or reserved for SessionTypeId); closed = not available.</summary>
internal sealed record DateOverrideView(DateOnly Date, Guid? SessionTypeId, bool Closed, IReadOnlyList<WindowView> Windows);

internal sealed record AbsenceView(Guid Id, DateTimeOffset From, DateTimeOffset Until, string? Reason, int Version);

/// <summary>A coach's schedule: weekly rules and date overrides share <c>version</c> (the ETag); absences carry their own.</summary>
internal sealed record AvailabilityView(
    Guid CoachId, int Version, IReadOnlyList<WeeklyRuleView> Weekly, IReadOnlyList<DateOverrideView> Overrides, IReadOnlyList<AbsenceView> Absences);

internal static class AvailabilityReads
{
    private sealed record RuleRow(Guid Id, short Weekday, TimeOnly StartTime, TimeOnly EndTime, DateOnly? ValidFrom, DateOnly? ValidUntil, Guid? SessionTypeId);

    private sealed record OverrideRow(DateOnly OnDate, TimeOnly? StartTime, TimeOnly? EndTime, Guid? SessionTypeId);

    /// <summary>Overrides from <paramref name="since"/> on and absences that end after it: the past does not matter for planning.</summary>
    public static async Task<AvailabilityView> ReadAsync(IDbSession db, Guid coachId, DateOnly since, DateTimeOffset sinceInstant, CancellationToken ct)
    {
        await using var grid = await db.QueryMultipleAsync(
            """
            select availability_version from coaching.coaches where id = @coachId;
            select id, weekday, start_time, end_time, valid_from, valid_until, session_type_id from coaching.availability_rules
            where coach_id = @coachId order by session_type_id nulls first, weekday, start_time, valid_from nulls first;
            select on_date, start_time, end_time, session_type_id from coaching.date_overrides
            where coach_id = @coachId and on_date >= @since order by on_date, session_type_id nulls first, start_time nulls first;
            select id, lower(during) as "from", upper(during) as until, reason, version from coaching.absences
            where coach_id = @coachId and upper(during) > @sinceInstant order by lower(during);
            """, new { coachId, since, sinceInstant }, ct);
        var version = await grid.ReadSingleAsync<int>();
        var rules = (await grid.ReadAsync<RuleRow>())
            .Select(r => new WeeklyRuleView(r.Id, r.Weekday, Inputs.Text(r.StartTime), Inputs.Text(r.EndTime), r.ValidFrom, r.ValidUntil, r.SessionTypeId))
            .ToList();
        var overrides = (await grid.ReadAsync<OverrideRow>())
            .GroupBy(o => (o.OnDate, o.SessionTypeId))
            .Select(g => new DateOverrideView(g.Key.OnDate, g.Key.SessionTypeId, g.Any(o => o.StartTime is null),
                [.. g.Where(o => o.StartTime is not null).Select(o => new WindowView(Inputs.Text(o.StartTime!.Value), Inputs.Text(o.EndTime!.Value)))]))
            .ToList();
        var absences = (await grid.ReadAsync<AbsenceView>()).ToList();
        return new AvailabilityView(coachId, version, rules, overrides, absences);
    }
}
