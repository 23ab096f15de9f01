using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.Coaching.Data;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;

namespace Bezirksplattform.IntegrationTests.Coaching;

/// <summary>
/// The coaching demo as `./run.sh` loads it: the offer from the setup seeder, bookings made through
/// the real booking command, and the confirmation mails and reminders that command queues.
/// </summary>
public sealed class CoachingDemoTests
{
    [Fact]
    public async Task Demo_bookings_come_with_one_confirmation_and_two_reminders_each_and_seeding_twice_adds_nothing()
    {
        await using var db = await TestDatabase.CreateMigratedAsync();
        await using var app = new PlatformFactory(db, settings: new Dictionary<string, string?>
        {
            ["Content:Storage:Root"] = Path.Combine(Path.GetTempPath(), "bp-coaching-demo-" + Guid.NewGuid().ToString("N")[..8]),
        });
        var loader = app.Get<DemoDataLoader>();
        await loader.LoadAsync();

        await using var connection = await db.DataSource.OpenConnectionAsync();
        const string counts =
            """
            select (select count(*) from coaching.coaches where id = any(@coaches)) as coaches,
                   (select count(*) from coaching.session_types where id = any(@types)) as types,
                   (select count(*) from coaching.bookings where status = 'confirmed') as bookings,
                   (select count(*) from coaching.outgoing_mails where kind = 'confirmation') as confirmations,
                   (select count(*) from coaching.reminders where status = 'pending') as reminders
            """;
        var ids = new
        {
            coaches = new[] { DemoCoachingIds.CoachKrueger, DemoCoachingIds.CoachYilmaz },
            types = new[] { DemoCoachingIds.BusinessPlanCoaching, DemoCoachingIds.FinancingCheck, DemoCoachingIds.IdeaToBusinessPlanWorkshop },
        };
        var first = await connection.QuerySingleAsync<(long Coaches, long Types, long Bookings, long Confirmations, long Reminders)>(counts, ids);

        Assert.Equal(2, first.Coaches);
        Assert.Equal(3, first.Types);
        Assert.True(first.Bookings > 0);
        Assert.Equal(first.Bookings, first.Confirmations);
        Assert.Equal(2 * first.Bookings, first.Reminders); // 24 h and 2 h before; every demo booking is days ahead

        await loader.LoadAsync();
        Assert.Equal(first, await connection.QuerySingleAsync<(long, long, long, long, long)>(counts, ids));
    }
}
