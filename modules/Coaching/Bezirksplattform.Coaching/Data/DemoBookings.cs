using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Coaching.Booking;
using Bezirksplattform.Coaching.Features.BookSession;
using Bezirksplattform.Coaching.Scheduling;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bezirksplattform.Coaching.Data;

/// <summary>
/// A few bookings in the coming weeks, relative to the clock, made through the real booking
/// command (so mails, reminders and events follow as for any booking). Runs after the coaches and
/// session types (Order 60) and skips quietly when there are none. Idempotent: each demo booking
/// has a fixed Idempotency-Key, and a key that exists is not booked again, whatever the date.
/// Founders and their plans are made up, in the spirit of the neighbourhood start-up coaching of
/// the source texts: from the first idea through the business plan to securing the business.
/// </summary>
internal sealed class DemoBookings(IServiceScopeFactory scopes, ILogger<DemoBookings> logger) : IDemoDataSeeder
{
    public int Order => 70;

    internal sealed record DemoFounder(string Key, string Name, string Email, string? Phone, string Stage);

    internal static readonly DemoFounder[] Founders =
    [
        new("demo-booking-1", "Aylin Demir", "aylin.demir@example.org", "+49 30 5550101", "idea"),                 // Stadtteilcafé mit Mittagstisch
        new("demo-booking-2", "Jonas Richter", "jonas.richter@example.org", null, "business_plan"),                 // Fahrradwerkstatt im Hinterhof
        new("demo-booking-3", "Mira Schulze", "mira.schulze@example.org", "+49 30 5550103", "financing"),          // Änderungsschneiderei, Gründungskredit
        new("demo-booking-4", "Tomasz Nowak", "tomasz.nowak@example.org", null, "after_founding"),                 // Malerbetrieb im zweiten Jahr
        new("demo-booking-5", "Lena Hoffmann", "lena.hoffmann@example.org", null, "idea"),                         // soziale Unternehmung: Nachbarschaftsladen
    ];

    public async Task SeedAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var plan = await mediator.Send(new PlanDemoBookingsQuery(), ct);
        if (plan.Count == 0) return;
        foreach (var (founder, slot) in plan)
        {
            try
            {
                await mediator.Send(new BookSessionCommand(slot.SessionTypeId.ToString(), slot.CoachId, slot.Start, founder.Name, founder.Email,
                    founder.Phone, founder.Stage, Consent: true, founder.Key), ct);
            }
            catch (ProblemException e)
            {
                logger.LogInformation("Demo booking {Key} skipped: {Detail}", founder.Key, e.Detail);
            }
        }
    }
}

internal sealed record DemoSlot(Guid SessionTypeId, Guid CoachId, DateTimeOffset Start);

/// <summary>Which demo founders still need a booking, and the free slot each gets (two of them share a group session).</summary>
internal sealed record PlanDemoBookingsQuery : IQuery<IReadOnlyList<(DemoBookings.DemoFounder Founder, DemoSlot Slot)>>;

internal sealed class PlanDemoBookingsHandler(IDbSession db, TimeProvider clock)
    : IRequestHandler<PlanDemoBookingsQuery, IReadOnlyList<(DemoBookings.DemoFounder Founder, DemoSlot Slot)>>
{
    public async Task<IReadOnlyList<(DemoBookings.DemoFounder Founder, DemoSlot Slot)>> Handle(PlanDemoBookingsQuery request, CancellationToken ct)
    {
        var offers = await db.QueryAsync<Offer>(
            """
            select t.id as type_id, c.id as coach_id from coaching.session_types t
            join coaching.session_type_coaches l on l.session_type_id = t.id
            join coaching.coaches c on c.id = l.coach_id and c.is_active
            where t.is_active order by t.capacity, t.slug, c.display_name, c.id
            """, null, ct);
        if (offers.Count == 0) return [];
        var keys = DemoBookings.Founders.Select(f => f.Key).ToArray();
        var booked = (await db.QueryAsync<string>("select idempotency_key from coaching.bookings where idempotency_key = any(@keys)", new { keys }, ct)).ToHashSet();

        var now = clock.GetUtcNow();
        var from = clock.Today().AddDays(2);
        var plan = new List<(DemoBookings.DemoFounder, DemoSlot)>();
        for (var i = 0; i < DemoBookings.Founders.Length; i++)
        {
            var founder = DemoBookings.Founders[i];
            if (booked.Contains(founder.Key)) continue;
            var (typeId, coachId) = (offers[i % offers.Count].TypeId, offers[i % offers.Count].CoachId);
            var type = await BookableType.ByIdAsync(db, typeId, ct);
            var slots = (await SlotFinder.FindAsync(db, typeId, coachId, from, from.AddDays(20), now, ct))
                .Where(s => type.Capacity > 1 || plan.All(p => p.Item2.CoachId != coachId || p.Item2.Start != s.Start)).ToList();
            if (slots.Count == 0) continue;
            // Spread individual sessions over the weeks; group founders meet in the first workshop.
            var slot = type.Capacity > 1 ? slots[0] : slots[(i * 7) % slots.Count];
            plan.Add((founder, new DemoSlot(typeId, coachId, slot.Start)));
        }

        return plan;
    }

    private sealed record Offer(Guid TypeId, Guid CoachId);
}
