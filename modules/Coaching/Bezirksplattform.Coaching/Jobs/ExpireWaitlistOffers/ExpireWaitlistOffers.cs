using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Coaching.Booking;
using MediatR;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Bezirksplattform.Coaching.Jobs.ExpireWaitlistOffers;

/// <summary>Ids of waitlist offers whose hold has ended (read only; each is then expired in its own transaction).</summary>
internal sealed record DueOffersQuery(DateTimeOffset Now, int Limit) : IQuery<IReadOnlyList<Guid>>;

internal sealed class DueOffersHandler(IDbSession db) : IRequestHandler<DueOffersQuery, IReadOnlyList<Guid>>
{
    public Task<IReadOnlyList<Guid>> Handle(DueOffersQuery request, CancellationToken ct) =>
        db.QueryAsync<Guid>(
            "select id from coaching.bookings where status = 'offered' and offer_expires_at <= @Now order by offer_expires_at, id limit @Limit",
            request, ct);
}

/// <summary>
/// Ends one offer and passes the seat on to the next in line. The booking row is claimed with
/// FOR UPDATE SKIP LOCKED and its state checked again, so two nodes (or an acceptance racing the
/// job) never both act on it: it is expired exactly once, and the next offer is made exactly once.
/// </summary>
internal sealed record ExpireOfferCommand(Guid BookingId) : ICommand<bool>;

internal sealed class ExpireOfferHandler(IDbSession db, TimeProvider clock, WaitlistOffers offers) : IRequestHandler<ExpireOfferCommand, bool>
{
    public async Task<bool> Handle(ExpireOfferCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var sessionId = await db.QuerySingleOrDefaultAsync<Guid?>(
            """
            select session_id from coaching.bookings
            where id = @BookingId and status = 'offered' and offer_expires_at <= @now
            for update skip locked
            """, new { request.BookingId, now }, ct);
        if (sessionId is null) return false;

        await Seats.LockAsync(db, sessionId.Value, ct);
        await db.ExecuteAsync("update coaching.bookings set status = 'expired', updated_at = @now where id = @BookingId", new { now, request.BookingId }, ct);
        await db.ExecuteAsync("update coaching.waitlist_entries set status = 'expired' where offered_booking_id = @BookingId", request, ct);
        await Seats.ReleaseAsync(db, offers, sessionId.Value, now, ct);
        return true;
    }
}

/// <summary>The work of the job, callable from tests.</summary>
internal sealed class WaitlistOfferExpiry(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>Expires every due offer; returns how many this call expired.</summary>
    public async Task<int> ExpireDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        var expired = 0;
        while (!ct.IsCancellationRequested)
        {
            var due = await mediator.Send(new DueOffersQuery(clock.GetUtcNow(), 100), ct);
            var before = expired;
            foreach (var id in due)
                if (await mediator.Send(new ExpireOfferCommand(id), ct)) expired++;
            // Fewer than a batch, or another node holds the rest: done for this round.
            if (due.Count < 100 || expired == before) break;
        }

        return expired;
    }
}

/// <summary>coaching.expire-waitlist-offers: every minute, on one node of the cluster at a time.</summary>
[DisallowConcurrentExecution]
internal sealed class ExpireWaitlistOffersJob(WaitlistOfferExpiry expiry) : IJob
{
    public const string Key = "coaching.expire-waitlist-offers";

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await expiry.ExpireDueAsync(cancellationToken);
}
