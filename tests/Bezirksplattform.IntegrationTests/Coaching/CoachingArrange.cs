using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;

namespace Bezirksplattform.IntegrationTests.Coaching;

/// <summary>
/// Arranges a coach with weekly availability and a session type directly in the database, for
/// tests whose subject is something else (booking, reminders). Setup itself is tested through the API.
/// </summary>
public static class CoachingArrange
{
    public sealed record Offer(Guid CoachId, Guid SessionTypeId, string SessionTypeSlug);

    /// <param name="weekly">Berlin wall-clock windows as (ISO weekday, "09:00", "17:00"); default Monday–Friday 09:00–17:00.</param>
    public static async Task<Offer> CoachWithSessionTypeAsync(
        TestDatabase db, int durationMinutes = 60, int capacity = 1, int bufferBefore = 0, int bufferAfter = 0,
        int minNoticeMinutes = 0, int horizonDays = 365, int cancelCutoffMinutes = 1440, int rescheduleCutoffMinutes = 1440,
        int slotStepMinutes = 60, string locationKind = "room", (int Weekday, string Start, string End)[]? weekly = null,
        string? coachEmail = null)
    {
        var coachId = Guid.NewGuid();
        var typeId = Guid.NewGuid();
        var slug = "typ-" + typeId.ToString("N")[..8];
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            insert into coaching.coaches (id, display_name, email, topics, created_at, updated_at)
            values (@coachId, 'Test-Coach', @email, '{business_plan}', now(), now());
            insert into coaching.session_types (id, slug, name, duration_minutes, location_kind, capacity, buffer_before_minutes,
                buffer_after_minutes, slot_step_minutes, min_notice_minutes, horizon_days, cancel_cutoff_minutes, reschedule_cutoff_minutes,
                created_at, updated_at)
            values (@typeId, @slug, 'Testcoaching', @durationMinutes, @locationKind, @capacity, @bufferBefore, @bufferAfter, @slotStepMinutes,
                @minNoticeMinutes, @horizonDays, @cancelCutoffMinutes, @rescheduleCutoffMinutes, now(), now());
            insert into coaching.session_type_coaches (session_type_id, coach_id) values (@typeId, @coachId);
            """,
            new
            {
                coachId, email = coachEmail ?? $"coach-{coachId:N}@example.org", typeId, slug, durationMinutes, locationKind, capacity, bufferBefore,
                bufferAfter, slotStepMinutes, minNoticeMinutes, horizonDays, cancelCutoffMinutes, rescheduleCutoffMinutes,
            });
        foreach (var (weekday, start, end) in weekly ?? Enumerable.Range(1, 5).Select(d => (d, "09:00", "17:00")).ToArray())
            await connection.ExecuteAsync(
                "insert into coaching.availability_rules (id, coach_id, weekday, start_time, end_time) values (@id, @coachId, @weekday, @start::time, @end::time)",
                new { id = Guid.NewGuid(), coachId, weekday, start, end });
        return new Offer(coachId, typeId, slug);
    }
    /// <summary>
    /// A session of the coach with one confirmed booking per founder name, inserted directly (as the
    /// booking slices would have stored it): blocked = the session plus the given buffers.
    /// </summary>
    public static async Task<Guid> BookedSessionAsync(
        TestDatabase db, Guid coachId, Guid sessionTypeId, DateTimeOffset start, int minutes, int bufferBefore = 0, int bufferAfter = 0,
        int capacity = 1, params string[] founderNames)
    {
        var sessionId = Guid.NewGuid();
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            insert into coaching.sessions (id, coach_id, session_type_id, starts_at, ends_at, blocked, capacity, created_at)
            values (@sessionId, @coachId, @sessionTypeId, @start, @end,
                    tstzrange(@start - make_interval(mins => @bufferBefore), @end + make_interval(mins => @bufferAfter)), @capacity, now())
            """,
            new { sessionId, coachId, sessionTypeId, start = start.UtcDateTime, end = start.AddMinutes(minutes).UtcDateTime, bufferBefore, bufferAfter, capacity });
        foreach (var name in founderNames.Length == 0 ? ["Testgründerin"] : founderNames)
        {
            var founderId = Guid.NewGuid();
            var email = $"founder-{founderId:N}@example.org";
            await connection.ExecuteAsync(
                """
                insert into coaching.founders (id, email_normalized, name, stage, created_at, updated_at)
                values (@founderId, @email, @name, 'idea', now(), now());
                insert into coaching.bookings (id, session_id, founder_id, status, name, email, stage, consent_at, created_at, updated_at)
                values (@bookingId, @sessionId, @founderId, 'confirmed', @name, @email, 'idea', now(), now(), now());
                """,
                new { founderId, email, name, bookingId = Guid.NewGuid(), sessionId });
        }

        return sessionId;
    }
}
