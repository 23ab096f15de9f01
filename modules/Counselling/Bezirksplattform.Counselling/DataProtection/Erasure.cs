using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Counselling.Contracts;

namespace Bezirksplattform.Counselling.DataProtection;

/// <summary>
/// The ESF Plus legal hold: while any ESF participation of a client has no <c>retain_until</c> yet
/// (still in the project, or not computed) or one that is today or later (Berlin), the minimal ESF
/// record must be kept (Art. 17(3)(b) DSGVO with Art. 82 of Regulation (EU) 2021/1060).
/// </summary>
internal static class LegalHold
{
    /// <summary>SQL condition on a client row aliased <paramref name="alias"/>; needs @Today.</summary>
    public static string Active(string alias) =>
        $"""
        exists (select 1 from counselling.esf_participations hold
                where hold.client_id = {alias}.id and (hold.retain_until is null or hold.retain_until >= @Today))
        """;
}

internal enum ErasureOutcome
{
    /// <summary>Everything about the client is gone (no legal hold).</summary>
    Deleted,

    /// <summary>Only the minimal ESF record is left, marked erased, until its hold ends.</summary>
    MinimalEsfRecordKept,
}

/// <summary>
/// Erasure (Art. 17) in the caller's transaction; used by the erasure request and the retention
/// job, so both erase the same way. Under a legal hold it keeps exactly the clients row (number,
/// kind, target group, district, owner, team, timestamps, erased_at), the ESF participations and
/// stays, and the client's 'esf_reporting' consents (they document on what terms the ESF data was
/// collected); contact data, consultations, cases with their activities, referrals with their
/// status changes and every other consent are deleted. Without a hold the client row is deleted
/// and everything else goes with it (on delete cascade). Pending or delivered outbox messages
/// about the client's referrals carry name and e-mail, so they go too; an open coaching referral is
/// withdrawn, so that Coaching blanks its copy. The access log stays.
/// </summary>
internal static class Erasure
{
    public static async Task<ErasureOutcome> EraseAsync(
        IDbSession db, IIntegrationEventOutbox outbox, Guid clientId, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var args = new { clientId, Today = today, now };
        await db.ExecuteAsync(
            """
            delete from counselling.outbox_messages
            where payload ->> 'referralId' in (select r.id::text from counselling.referrals r where r.client_id = @clientId)
            """, args, ct);
        // Start-up coaching holds the name and e-mail of an open coaching referral in its invitation:
        // withdrawing the referral makes Coaching void the invitation and blank those fields.
        var openCoachingReferrals = await db.QueryAsync<Guid>(
            """
            select id from counselling.referrals
            where client_id = @clientId and target = 'start_up_coaching' and status in ('sent', 'accepted')
            """, args, ct);
        foreach (var referralId in openCoachingReferrals)
            await outbox.EnqueueAsync(new CoachingReferralWithdrawn(referralId), ct);

        var held = await db.ExecuteScalarAsync<bool>($"select {LegalHold.Active("c")} from counselling.clients c where c.id = @clientId", args, ct);
        if (!held)
        {
            await db.ExecuteAsync("delete from counselling.clients where id = @clientId", args, ct);
            return ErasureOutcome.Deleted;
        }

        await db.ExecuteAsync(
            """
            delete from counselling.client_contacts where client_id = @clientId;
            delete from counselling.consultations where client_id = @clientId;
            delete from counselling.referrals where client_id = @clientId;
            delete from counselling.cases where client_id = @clientId;
            delete from counselling.digest_items where client_id = @clientId;
            delete from counselling.consents where client_id = @clientId and purpose <> 'esf_reporting';
            update counselling.clients set erased_at = coalesce(erased_at, @now), restricted_at = null, restriction_reason = null,
                version = version + 1, updated_at = @now
            where id = @clientId;
            """, args, ct);
        return ErasureOutcome.MinimalEsfRecordKept;
    }

    public static string Name(ErasureOutcome outcome) => outcome switch
    {
        ErasureOutcome.Deleted => "deleted",
        _ => "minimal_esf_record_kept",
    };
}
