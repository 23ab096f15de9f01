using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Coaching.Notifications;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Coaching.Data;

/// <summary>
/// Demo Gründungscoaching after source text 003 (coaching from the idea to the business plan and after
/// founding in a city district), retold: two coaches with weekly availability, three session types
/// (individual business-plan coaching, financing check, the group workshop "Von der Idee zum
/// Businessplan"), three founders and a few bookings around the day of first seeding, with their
/// confirmation mails and reminders queued. Idempotent through stable ids (the times are fixed by the
/// first run).
/// </summary>
internal sealed class DemoCoaching(IServiceScopeFactory scopes) : IDemoDataSeeder
{
    public int Order => 60;

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new SeedDemoCoachingCommand(), ct);
    }
}

internal static class DemoCoachingIds
{
    /// <summary>Identity's demo account "coach" (DemoStaffUsers): it manages the first coach's profile.</summary>
    public static readonly Guid DemoCoachAccount = Guid.Parse("0193a000-0000-7000-8000-000000000003");

    public static readonly Guid CoachAlbers = Guid.Parse("7c0a0000-0000-4000-8001-000000000001");
    public static readonly Guid CoachDemir = Guid.Parse("7c0a0000-0000-4000-8001-000000000002");
    public static readonly Guid BusinessPlan = Guid.Parse("7c0a0000-0000-4000-8002-000000000001");
    public static readonly Guid FinancingCheck = Guid.Parse("7c0a0000-0000-4000-8002-000000000002");
    public static readonly Guid Workshop = Guid.Parse("7c0a0000-0000-4000-8002-000000000003");

    public static Guid Founder(int n) => new($"7c0a0000-0000-4000-8003-{n:d12}");

    public static Guid Session(int n) => new($"7c0a0000-0000-4000-8004-{n:d12}");

    public static Guid Booking(int n) => new($"7c0a0000-0000-4000-8005-{n:d12}");

    public static Guid Rule(int n) => new($"7c0a0000-0000-4000-8006-{n:d12}");
}

internal sealed record SeedDemoCoachingCommand : ICommand<int>;

internal sealed class SeedDemoCoachingHandler(IDbSession db, TimeProvider clock, BookingNotifications notifications) : IRequestHandler<SeedDemoCoachingCommand, int>
{
    private sealed record DemoBooking(int N, int Session, int Founder, string Name, string Email, string Stage);

    private sealed record DemoSession(int N, Guid Coach, Guid Type, int WeekOffset, DayOfWeek Day, int Hour, int Minutes, int BufferAfter, int Capacity, string? Outcome);

    public async Task<int> Handle(SeedDemoCoachingCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var created = await db.ExecuteAsync(
            """
            insert into coaching.coaches (id, staff_user_id, display_name, email, bio, topics, languages, location_kinds, room_address, created_at, updated_at)
            values (@albers, @account, 'Katrin Albers', 'k.albers@gruendung.example',
                    'Begleitet Gründungswillige aus dem Stadtteil von der ersten Idee bis zum fertigen Businessplan.',
                    '{idea_check,business_plan,marketing}', '{de,en}', '{room,video}', 'Stadtteilbüro Ost, Beispielstraße 12, 04315 Leipzig', @now, @now),
                   (@demir, null, 'Murat Demir', 'm.demir@gruendung.example',
                    'Finanzierung, Fördermittel und Existenzsicherung nach der Gründung.',
                    '{financing,after_founding}', '{de,tr}', '{room,video,phone}', 'Stadtteilbüro Ost, Beispielstraße 12, 04315 Leipzig', @now, @now)
            on conflict do nothing;
            insert into coaching.session_types (id, slug, name, description, topic, duration_minutes, location_kind, capacity, buffer_before_minutes,
                buffer_after_minutes, slot_step_minutes, min_notice_minutes, horizon_days, cancel_cutoff_minutes, reschedule_cutoff_minutes,
                daily_limit_per_coach, created_at, updated_at)
            values (@businessPlan, 'businessplan-coaching', 'Einzelcoaching Businessplan',
                    'Wir gehen Ihren Businessplan Abschnitt für Abschnitt durch: Angebot, Markt, Marketing, Zahlen.', 'business_plan',
                    90, 'room', 1, 0, 15, 30, 1440, 60, 1440, 1440, 4, @now, @now),
                   (@financing, 'finanzierungscheck', 'Finanzierungscheck',
                    'Kapitalbedarf, Förderprogramme und Gespräche mit der Bank vorbereiten.', 'financing',
                    60, 'video', 1, 10, 10, 30, 720, 60, 720, 720, null, @now, @now),
                   (@workshop, 'workshop-idee-businessplan', 'Workshop: Von der Idee zum Businessplan',
                    'Gruppenworkshop für Gründungswillige: von der Geschäftsidee zu den ersten Seiten des Businessplans.', 'idea_check',
                    180, 'room', 12, 0, 30, 60, 1440, 90, 2880, 2880, 1, @now, @now)
            on conflict do nothing;
            insert into coaching.session_type_coaches (session_type_id, coach_id)
            values (@businessPlan, @albers), (@financing, @demir), (@workshop, @albers), (@workshop, @demir)
            on conflict do nothing;
            """,
            new
            {
                albers = DemoCoachingIds.CoachAlbers, demir = DemoCoachingIds.CoachDemir, account = DemoCoachingIds.DemoCoachAccount,
                businessPlan = DemoCoachingIds.BusinessPlan, financing = DemoCoachingIds.FinancingCheck, workshop = DemoCoachingIds.Workshop, now,
            }, ct);

        (Guid Coach, int Weekday, string Start, string End)[] rules =
        [
            (DemoCoachingIds.CoachAlbers, 1, "09:00", "16:00"), (DemoCoachingIds.CoachAlbers, 2, "09:00", "16:00"),
            (DemoCoachingIds.CoachAlbers, 3, "09:00", "13:00"), (DemoCoachingIds.CoachAlbers, 4, "12:00", "19:00"),
            (DemoCoachingIds.CoachDemir, 2, "10:00", "18:00"), (DemoCoachingIds.CoachDemir, 3, "10:00", "18:00"),
            (DemoCoachingIds.CoachDemir, 5, "09:00", "14:00"),
        ];
        for (var i = 0; i < rules.Length; i++)
            created += await db.ExecuteAsync(
                """
                insert into coaching.availability_rules (id, coach_id, weekday, start_time, end_time)
                values (@id, @Coach, @Weekday, @Start::time, @End::time) on conflict do nothing
                """, new { id = DemoCoachingIds.Rule(i + 1), rules[i].Coach, rules[i].Weekday, rules[i].Start, rules[i].End }, ct);

        DemoSession[] sessions =
        [
            new(1, DemoCoachingIds.CoachAlbers, DemoCoachingIds.BusinessPlan, -1, DayOfWeek.Tuesday, 10, 90, 15, 1, "held"),
            new(2, DemoCoachingIds.CoachAlbers, DemoCoachingIds.BusinessPlan, 1, DayOfWeek.Tuesday, 10, 90, 15, 1, null),
            new(3, DemoCoachingIds.CoachDemir, DemoCoachingIds.FinancingCheck, 1, DayOfWeek.Wednesday, 14, 60, 10, 1, null),
            new(4, DemoCoachingIds.CoachAlbers, DemoCoachingIds.Workshop, 2, DayOfWeek.Thursday, 15, 180, 30, 12, null),
        ];
        DemoBooking[] bookings =
        [
            new(1, 1, 1, "Aylin Kaya", "aylin.kaya@example.org", "idea"),
            new(2, 2, 1, "Aylin Kaya", "aylin.kaya@example.org", "business_plan"),
            new(3, 3, 2, "Jonas Weber", "jonas.weber@example.org", "financing"),
            new(4, 4, 3, "Mira Lindner", "mira.lindner@example.org", "idea"),
            new(5, 4, 1, "Aylin Kaya", "aylin.kaya@example.org", "business_plan"),
        ];
        var today = clock.Today();
        foreach (var s in sessions)
        {
            var day = today.AddDays(7 * s.WeekOffset + ((int)s.Day - (int)today.DayOfWeek + 7) % 7);
            var local = day.ToDateTime(new TimeOnly(s.Hour, 0));
            var start = new DateTimeOffset(local, BerlinTime.Zone.GetUtcOffset(local)).ToUniversalTime(); // Npgsql takes UTC only
            var isNew = await db.ExecuteAsync(
                """
                insert into coaching.sessions (id, coach_id, session_type_id, starts_at, ends_at, blocked, capacity, status, outcome, outcome_recorded_at, created_at)
                values (@id, @Coach, @Type, @start, @end, tstzrange(@start, @blockedUntil), @Capacity, 'active', @Outcome,
                        case when @Outcome::text is null then null else @end end, @now)
                on conflict do nothing
                """,
                new { id = DemoCoachingIds.Session(s.N), s.Coach, s.Type, start, end = start.AddMinutes(s.Minutes),
                      blockedUntil = start.AddMinutes(s.Minutes + s.BufferAfter), s.Capacity, s.Outcome, now }, ct) == 1;
            if (!isNew) continue;
            created++;
            foreach (var b in bookings.Where(b => b.Session == s.N))
            {
                await db.ExecuteAsync(
                    """
                    insert into coaching.founders (id, email_normalized, name, stage, created_at, updated_at)
                    values (@founder, @Email, @Name, @Stage, @now, @now)
                    on conflict do nothing;
                    insert into coaching.bookings (id, session_id, founder_id, status, name, email, stage, consent_at, attended, created_at, updated_at)
                    values (@id, @session, @founder, 'confirmed', @Name, @Email, @Stage, @now, case when @held then true end, @now, @now)
                    on conflict do nothing;
                    """,
                    new { id = DemoCoachingIds.Booking(b.N), session = DemoCoachingIds.Session(s.N), founder = DemoCoachingIds.Founder(b.Founder),
                          b.Name, b.Email, b.Stage, held = s.Outcome == "held", now }, ct);
                if (start <= now) continue;
                await notifications.QueueMailAsync(DemoCoachingIds.Booking(b.N), BookingMailKinds.Confirmation, ct);
                await notifications.ScheduleRemindersAsync(DemoCoachingIds.Booking(b.N), start, ct);
            }
        }

        return created;
    }
}
