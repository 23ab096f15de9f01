using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Counselling.FollowUps;
using MediatR;

namespace Bezirksplattform.Counselling.Jobs.SendFollowUpDigest;

/// <summary>One item of a counsellor's digest, as claimed: what, for which client number, due when.</summary>
internal sealed record ClaimedDigestItem(long Id, string ItemKind, Guid ItemId, DateOnly DueOn, Guid ClientId, string ClientNumber, string? Detail, Guid RecipientId);

/// <summary>
/// One transaction that plans and claims, serialised across hosts by a transaction-level advisory
/// lock (short: no mail is sent inside it), so that two runs never split one counsellor's items into
/// two mails: (1) inserts a row for every item eligible today (on conflict do nothing: a second run
/// adds nothing); (2) cancels open rows that are no longer eligible (done, moved, client restricted or
/// erased); (3) leases the open, eligible rows under <paramref name="LeaseId"/> and sets the recipient
/// to the client's current owner. The lease is committed before anything is sent.
/// </summary>
internal sealed record ClaimDigestItemsCommand(Guid LeaseId) : ICommand<IReadOnlyList<ClaimedDigestItem>>;

internal sealed class ClaimDigestItemsHandler(IDbSession db, TimeProvider clock) : IRequestHandler<ClaimDigestItemsCommand, IReadOnlyList<ClaimedDigestItem>>
{
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    public async Task<IReadOnlyList<ClaimedDigestItem>> Handle(ClaimDigestItemsCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var args = new { today = clock.Today(), now, leaseUntil = now + Lease, request.LeaseId };
        await db.ExecuteAsync("select pg_advisory_xact_lock(hashtext('counselling.follow-up-digest'))", null, ct);
        await db.ExecuteAsync(
            $"""
            with {DueItems.EligibleCte}
            insert into counselling.digest_items (item_kind, item_id, due_on, client_id, recipient_id, created_at)
            select e.item_kind, e.item_id, e.due_on, e.client_id, c.owner_id, @now
            from eligible e join counselling.clients c on c.id = e.client_id
            order by e.item_kind, e.item_id
            on conflict (item_kind, item_id, due_on) do nothing
            """, args, ct);
        await db.ExecuteAsync(
            $"""
            with {DueItems.EligibleCte}, stale as (
                select i.id from counselling.digest_items i
                where i.status in ('pending', 'failed') and (i.locked_until is null or i.locked_until < @now)
                  and not exists (select 1 from eligible e where e.item_kind = i.item_kind and e.item_id = i.item_id and e.due_on = i.due_on)
                order by i.id
                for update of i skip locked
            )
            update counselling.digest_items i
            set status = 'cancelled', locked_until = null, lease_id = null,
                last_error = 'Nicht mehr fällig: erledigt, verschoben oder Klient gesperrt bzw. gelöscht.'
            from stale where i.id = stale.id
            """, args, ct);
        return await db.QueryAsync<ClaimedDigestItem>(
            $"""
            with {DueItems.EligibleCte}, due as (
                select i.id, e.detail from counselling.digest_items i
                join eligible e on e.item_kind = i.item_kind and e.item_id = i.item_id and e.due_on = i.due_on
                where i.status in ('pending', 'failed') and (i.locked_until is null or i.locked_until < @now)
                order by i.id
                for update of i skip locked
            )
            update counselling.digest_items i
            set lease_id = @LeaseId, locked_until = @leaseUntil, attempts = i.attempts + 1, recipient_id = c.owner_id
            from due, counselling.clients c
            where i.id = due.id and c.id = i.client_id
            returning i.id, i.item_kind, i.item_id, i.due_on, i.client_id, c.client_number, due.detail, i.recipient_id
            """, args, ct);
    }
}

/// <summary>
/// The outcome for the items of one recipient: <c>sent</c>, <c>failed</c> (claimed again by the next run)
/// or <c>skipped</c> (no active account with an e-mail address; final, with the reason). Only rows still
/// held by this run's lease change; returns how many did.
/// </summary>
internal sealed record RecordDigestItemsCommand(Guid LeaseId, long[] Ids, string Status, string? Reason) : ICommand<int>;

internal sealed class RecordDigestItemsHandler(IDbSession db, TimeProvider clock) : IRequestHandler<RecordDigestItemsCommand, int>
{
    public Task<int> Handle(RecordDigestItemsCommand request, CancellationToken ct) =>
        db.ExecuteAsync(
            """
            update counselling.digest_items
            set status = @Status, last_error = @Reason, locked_until = null, lease_id = null,
                sent_at = case when @Status = 'sent' then @now end
            where id = any(@Ids) and lease_id = @LeaseId and status in ('pending', 'failed')
            """, new { request.LeaseId, request.Ids, request.Status, request.Reason, now = clock.GetUtcNow() }, ct);
}
