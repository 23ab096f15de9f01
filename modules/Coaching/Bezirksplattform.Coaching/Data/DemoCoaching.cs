using System.Security.Cryptography;
using System.Text;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Identity.Contracts;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Coaching.Data;

/// <summary>Stable ids of the demo coaching offer, for other demo data (bookings) and tests.</summary>
internal static class DemoCoachingIds
{
    public static readonly Guid CoachKrueger = Guid.Parse("0193c000-0000-7000-8000-000000000001");
    public static readonly Guid CoachYilmaz = Guid.Parse("0193c000-0000-7000-8000-000000000002");
    public static readonly Guid BusinessPlanCoaching = Guid.Parse("0193c000-0000-7000-8000-000000000101");
    public static readonly Guid FinancingCheck = Guid.Parse("0193c000-0000-7000-8000-000000000102");
    public static readonly Guid IdeaToBusinessPlanWorkshop = Guid.Parse("0193c000-0000-7000-8000-000000000103");

    /// <summary>The Saturdays of the workshop: every other one, counted from a fixed Saturday so re-seeding keeps the rhythm.</summary>
    public static readonly DateOnly WorkshopAnchorSaturday = new(2026, 1, 3);
}

/// <summary>
/// The start-up coaching offer of the source text, retold: coaching from the first idea to the
/// business plan and on after founding, by two coaches with office hours (one also on Tuesday
/// evenings for founders who still work), an individual business-plan coaching, a financing check
/// and the group workshop "Von der Idee zum Businessplan" on every other Saturday. The first coach
/// is linked to the demo account "coach" if Identity has it. No bookings: booking's demo data adds
/// them. Idempotent: stable ids, on conflict do nothing.
/// </summary>
internal sealed class DemoCoaching(IServiceScopeFactory scopes) : IDemoDataSeeder
{
    public int Order => 60;

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var coaches = await mediator.Send(new ListStaffUsersInRoleQuery(Roles.Coach), ct);
        var demoCoach = coaches.FirstOrDefault(u => u.UserName == "coach");
        await mediator.Send(new SeedDemoCoachingCommand(demoCoach?.Id), ct);
    }
}

internal sealed record SeedDemoCoachingCommand(Guid? DemoCoachUserId) : ICommand<int>;

internal sealed class SeedDemoCoachingHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SeedDemoCoachingCommand, int>
{
    private const string Room = "Gründungsbüro im Stadtteilzentrum, Raum 1.12 (Erdgeschoss, barrierefrei)";

    private sealed record DemoCoach(Guid Id, string DisplayName, string Email, string Bio, string[] Topics, string[] Languages, string[] LocationKinds);

    private sealed record DemoType(
        Guid Id, string Slug, string Name, string Description, string Topic, int Duration, string LocationKind, int Capacity, int BufferBefore,
        int BufferAfter, int Step, int MinNotice, int Horizon, int CancelCutoff, int RescheduleCutoff, int? DailyLimit, Guid[] Coaches,
        bool ReservedHoursOnly = false);

    private static readonly DemoCoach[] Coaches =
    [
        new(DemoCoachingIds.CoachKrueger, "Sabine Krüger", "sabine.krueger@coaching.example.org",
            "Begleitet Gründungswillige aus dem Stadtteil von der ersten Idee bis zum tragfähigen Businessplan; früher Bankkauffrau, "
            + "deshalb auch Ansprechpartnerin für Finanzierung und Förderdarlehen.",
            ["idea_check", "business_plan", "financing"], ["de", "en"], ["room", "video"]),
        new(DemoCoachingIds.CoachYilmaz, "Murat Yılmaz", "murat.yilmaz@coaching.example.org",
            "Berät zu Marketing, Kundengewinnung und zur Existenzsicherung nach der Gründung, in enger Abstimmung mit der "
            + "Wirtschaftsförderung; leitet den Gruppenworkshop zum Businessplan.",
            ["business_plan", "marketing", "after_founding", "financing"], ["de", "tr"], ["room", "video", "phone"]),
    ];

    private static readonly DemoType[] Types =
    [
        new(DemoCoachingIds.BusinessPlanCoaching, "businessplan-coaching", "Einzelcoaching Businessplan",
            "Ein Termin unter vier Augen: Geschäftsidee, Zielgruppe, Umsatz- und Kostenplanung Schritt für Schritt zum Businessplan.",
            "business_plan", 60, "room", 1, 15, 15, 30, 1440, 60, 1440, 1440, 4, [DemoCoachingIds.CoachKrueger, DemoCoachingIds.CoachYilmaz]),
        new(DemoCoachingIds.FinancingCheck, "finanzierungscheck", "Finanzierungscheck",
            "45 Minuten per Video: Kapitalbedarf, Eigenmittel, Förderprogramme und Gründungszuschuss. Auf Wunsch auch im Beratungsraum.",
            "financing", 45, "video", 1, 0, 15, 15, 720, 45, 720, 720, null, [DemoCoachingIds.CoachKrueger, DemoCoachingIds.CoachYilmaz]),
        new(DemoCoachingIds.IdeaToBusinessPlanWorkshop, "workshop-idee-businessplan", "Von der Idee zum Businessplan",
            "Gruppenworkshop an jedem zweiten Samstag: in drei Stunden vom Einfall zum Gerüst eines Businessplans, mit Austausch unter Gründenden.",
            "idea_check", 180, "room", 12, 30, 30, 60, 1440, 90, 2880, 2880, 1, [DemoCoachingIds.CoachYilmaz], ReservedHoursOnly: true),
    ];

    // Office hours in Berlin wall-clock time; Tuesday evenings for founders who still have a job.
    private static readonly (Guid Coach, int Weekday, string Start, string End)[] Weekly =
    [
        .. Enumerable.Range(1, 4).SelectMany(d => new[] { (DemoCoachingIds.CoachKrueger, d, "09:00", "12:00"), (DemoCoachingIds.CoachKrueger, d, "13:00", "16:00") }),
        (DemoCoachingIds.CoachKrueger, 2, "17:00", "20:00"),
        (DemoCoachingIds.CoachYilmaz, 1, "10:00", "16:00"),
        (DemoCoachingIds.CoachYilmaz, 3, "10:00", "16:00"),
        (DemoCoachingIds.CoachYilmaz, 5, "09:00", "13:00"),
    ];

    public async Task<int> Handle(SeedDemoCoachingCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var rows = 0;
        foreach (var c in Coaches)
            rows += await db.ExecuteAsync(
                """
                insert into coaching.coaches (id, display_name, email, bio, topics, languages, location_kinds, room_address, created_at, updated_at)
                values (@Id, @DisplayName, @Email, @Bio, @Topics, @Languages, @LocationKinds, @Room, @now, @now)
                on conflict do nothing
                """, new { c.Id, c.DisplayName, c.Email, c.Bio, c.Topics, c.Languages, c.LocationKinds, Room, now }, ct);

        if (request.DemoCoachUserId is { } userId)
            rows += await db.ExecuteAsync(
                """
                update coaching.coaches set staff_user_id = @userId
                where id = @coachId and staff_user_id is null
                  and not exists (select 1 from coaching.coaches other where other.staff_user_id = @userId)
                """, new { userId, coachId = DemoCoachingIds.CoachKrueger }, ct);

        foreach (var t in Types)
        {
            rows += await db.ExecuteAsync(
                """
                insert into coaching.session_types (id, slug, name, description, topic, duration_minutes, location_kind, capacity,
                    buffer_before_minutes, buffer_after_minutes, slot_step_minutes, min_notice_minutes, horizon_days, cancel_cutoff_minutes,
                    reschedule_cutoff_minutes, daily_limit_per_coach, reserved_hours_only, created_at, updated_at)
                values (@Id, @Slug, @Name, @Description, @Topic, @Duration, @LocationKind, @Capacity, @BufferBefore, @BufferAfter, @Step,
                    @MinNotice, @Horizon, @CancelCutoff, @RescheduleCutoff, @DailyLimit, @ReservedHoursOnly, @now, @now)
                on conflict do nothing
                """, new
                {
                    t.Id, t.Slug, t.Name, t.Description, t.Topic, t.Duration, t.LocationKind, t.Capacity, t.BufferBefore, t.BufferAfter, t.Step,
                    t.MinNotice, t.Horizon, t.CancelCutoff, t.RescheduleCutoff, t.DailyLimit, t.ReservedHoursOnly, now,
                }, ct);
            rows += await db.ExecuteAsync(
                """
                insert into coaching.session_type_coaches (session_type_id, coach_id)
                select @Id, unnest(@Coaches::uuid[]) where exists (select 1 from coaching.session_types where id = @Id)
                on conflict do nothing
                """, new { t.Id, t.Coaches }, ct);
        }

        rows += await db.ExecuteAsync(
            """
            insert into coaching.availability_rules (id, coach_id, weekday, start_time, end_time)
            values (@Id, @Coach, @Weekday, @Start::time, @End::time)
            on conflict do nothing
            """, Weekly.Select(w => new { Id = StableId($"weekly:{w.Coach}:{w.Weekday}:{w.Start}"), w.Coach, Weekday = (short)w.Weekday, w.Start, w.End }), ct);

        // The workshop Saturdays of the next twelve weeks: a window on those dates, reserved for the workshop
        // (it has reservedHoursOnly, so it is offered nowhere else and individual coaching not there).
        var today = clock.Today();
        var saturdays = Enumerable.Range(0, 84).Select(today.AddDays)
            .Where(d => d.DayOfWeek == DayOfWeek.Saturday && (d.DayNumber - DemoCoachingIds.WorkshopAnchorSaturday.DayNumber) % 14 == 0);
        rows += await db.ExecuteAsync(
            """
            insert into coaching.date_overrides (id, coach_id, on_date, start_time, end_time, session_type_id)
            values (@Id, @Coach, @Date, '10:00', '13:00', @Workshop)
            on conflict do nothing
            """, saturdays.Select(d => new
            {
                Id = StableId($"workshop:{d:yyyy-MM-dd}"), Coach = DemoCoachingIds.CoachYilmaz, Date = d, Workshop = DemoCoachingIds.IdeaToBusinessPlanWorkshop,
            }), ct);
        return rows;
    }

    /// <summary>The same id for the same demo row on every run, so re-seeding adds nothing twice.</summary>
    private static Guid StableId(string key) => new(MD5.HashData(Encoding.UTF8.GetBytes("coaching-demo:" + key)));
}
