using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Coaching.Booking;
using Bezirksplattform.Coaching.Calendar;
using Bezirksplattform.Coaching.Contracts;
using Bezirksplattform.Coaching.Notifications;

namespace Bezirksplattform.Coaching.Invitations;

/// <summary>The states of an invitation (coaching.invitations.status).</summary>
internal static class InvitationStatuses
{
    public const string Open = "open";           // mailed, not yet used
    public const string Accepted = "accepted";   // a booking was made with it
    public const string Completed = "completed"; // a session the founder attended was held
    public const string Voided = "voided";       // the referral was withdrawn
}

/// <summary>
/// Invitations of founders referred by employment counselling. The token is a secret like a feed
/// token (<see cref="FeedTokens"/>: 256 random bits, only its SHA-256 stored), handed out once in the
/// invitation mail's link to the public booking page. Booking with it links the booking to the
/// referral and tells Counselling (<see cref="ReferralInvitationAccepted"/>); a held session the
/// founder attended completes it (<see cref="ReferralCoachingHeld"/>).
/// </summary>
internal static class ReferralInvitations
{
    public const string MailKind = "invitation";

    public static string Link(BookingOptions options, string token)
    {
        var baseUrl = string.IsNullOrWhiteSpace(options.InvitationLinkBaseUrl)
            ? "/api/public/v1/coaching/session-types"
            : options.InvitationLinkBaseUrl.Trim();
        return $"{baseUrl}{(baseUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?')}invitation={token}";
    }

    /// <summary>
    /// Creates the invitation and queues its mail, unless one exists for the referral already (a
    /// re-sent event): the unique referral id makes the second insert a no-op. Returns whether it was new.
    /// </summary>
    public static async Task<bool> CreateAsync(
        IDbSession db, BookingOptions options, Guid referralId, string clientNumber, string name, string email, string? note, DateTimeOffset now,
        CancellationToken ct)
    {
        var token = FeedTokens.Create();
        var id = Guid.CreateVersion7();
        var expiresAt = now + options.InvitationValidFor;
        var inserted = await db.ExecuteAsync(
            """
            insert into coaching.invitations (id, referral_id, client_number, name, email, note, token_hash, expires_at, status, created_at)
            values (@id, @referralId, @clientNumber, @name, @email, @note, @hash, @expiresAt, 'open', @now)
            on conflict (referral_id) do nothing
            """, new { id, referralId, clientNumber, name, email, note, hash = FeedTokens.Hash(token), expiresAt, now }, ct);
        if (inserted == 0) return false;

        var (subject, body) = MailTexts.Invitation(name, Link(options, token), expiresAt);
        await db.ExecuteAsync(
            """
            insert into coaching.outgoing_mails (id, invitation_id, kind, recipient, subject, body, status, attempts, next_attempt_at, created_at)
            values (@mailId, @id, @kind, @email, @subject, @body, 'pending', 0, @now, @now)
            """, new { mailId = Guid.CreateVersion7(), id, kind = MailKind, email, subject, body, now }, ct);
        return true;
    }

    /// <summary>
    /// Voids the referral's invitation; its mail is dropped if it has not gone out yet. When the
    /// withdrawal overtakes the referral (a retried first delivery), a voided placeholder takes the
    /// referral id, so the late referral event invites nobody.
    /// </summary>
    public static Task VoidAsync(IDbSession db, Guid referralId, DateTimeOffset now, CancellationToken ct) =>
        db.ExecuteAsync(
            """
            insert into coaching.invitations as i (id, referral_id, client_number, name, email, token_hash, expires_at, status, created_at, voided_at)
            values (@id, @referralId, '', '', '', @hash, @now, 'voided', @now, @now)
            on conflict (referral_id) do update set status = 'voided', voided_at = @now, name = '', email = '' where i.status <> 'voided';
            delete from coaching.outgoing_mails m using coaching.invitations i
            where i.referral_id = @referralId and m.invitation_id = i.id and m.status = 'pending';
            """, new { id = Guid.CreateVersion7(), referralId, hash = FeedTokens.Hash(FeedTokens.Create()), now }, ct);

    /// <summary>
    /// The open invitation behind a token, locked; 400 naming <c>invitation</c> when the token is not one
    /// (malformed, unknown, expired, withdrawn), 409 when it has been used for a booking already.
    /// </summary>
    public static async Task<(Guid Id, Guid ReferralId)> RequireOpenAsync(IDbSession db, string token, DateTimeOffset now, CancellationToken ct)
    {
        if (!FeedTokens.IsWellFormed(token))
            throw new FieldProblemException("invitation", "Der Einladungsschlüssel ist ungültig. Bitte öffnen Sie den Link aus Ihrer Einladung unverändert.");
        var row = await db.QuerySingleOrDefaultAsync<InvitationRow>(
            "select id, referral_id, status, expires_at from coaching.invitations where token_hash = @hash for update",
            new { hash = FeedTokens.Hash(token) }, ct)
            ?? throw new FieldProblemException("invitation", "Diese Einladung gibt es nicht. Bitte öffnen Sie den Link aus Ihrer Einladung unverändert.");
        return row.Status switch
        {
            InvitationStatuses.Voided => throw new FieldProblemException("invitation", "Diese Einladung wurde zurückgezogen."),
            InvitationStatuses.Accepted or InvitationStatuses.Completed =>
                throw new ConflictException("Mit dieser Einladung wurde schon ein Termin gebucht. Weitere Termine können Sie ohne Einladung buchen."),
            _ when now >= row.ExpiresAt =>
                throw new FieldProblemException("invitation", $"Die Einladung ist abgelaufen (gültig bis {MailTexts.At(row.ExpiresAt)})."),
            _ => (row.Id, row.ReferralId),
        };
    }

    /// <summary>Links the booking to the invitation and tells Counselling, in the booking's transaction.</summary>
    public static async Task AcceptAsync(
        IDbSession db, IIntegrationEventOutbox outbox, (Guid Id, Guid ReferralId) invitation, Guid bookingId, Guid founderId, DateTimeOffset now,
        CancellationToken ct)
    {
        await db.ExecuteAsync(
            "update coaching.invitations set status = 'accepted', booking_id = @bookingId, founder_id = @founderId, accepted_at = @now where id = @Id",
            new { bookingId, founderId, now, invitation.Id }, ct);
        await outbox.EnqueueAsync(new ReferralInvitationAccepted(invitation.ReferralId, bookingId), ct);
    }

    /// <summary>A held session completes the accepted invitations of the founders who attended it.</summary>
    public static async Task CompleteForAttendeesAsync(
        IDbSession db, IIntegrationEventOutbox outbox, Guid sessionId, Guid[] founderIds, DateTimeOffset now, CancellationToken ct)
    {
        var referrals = await db.QueryAsync<Guid>(
            """
            update coaching.invitations set status = 'completed', completed_at = @now
            where status = 'accepted' and founder_id = any(@founderIds)
            returning referral_id
            """, new { founderIds, now }, ct);
        foreach (var referralId in referrals)
            await outbox.EnqueueAsync(new ReferralCoachingHeld(referralId, sessionId), ct);
    }

    private sealed record InvitationRow(Guid Id, Guid ReferralId, string Status, DateTimeOffset ExpiresAt);
}
