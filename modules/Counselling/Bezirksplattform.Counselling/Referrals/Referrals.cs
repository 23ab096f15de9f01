using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Contracts;

namespace Bezirksplattform.Counselling.Referrals;

internal sealed record ReferralStatusChange(string Status, string? Note, Guid? ChangedBy, DateTimeOffset ChangedAt);

/// <summary>A referral without its history, as lists show it.</summary>
internal sealed record ReferralSummary(
    Guid Id, Guid ClientId, string ClientNumber, Guid? CaseId, string Target, Guid? OrganisationId, string? OrganisationName, string? Reason,
    string Status, DateOnly ReferredOn, Guid ReferredBy, DateTimeOffset StatusChangedAt, int Version, DateTimeOffset CreatedAt);

internal sealed record ReferralView(
    Guid Id, Guid ClientId, string ClientNumber, Guid? CaseId, string Target, Guid? OrganisationId, string? OrganisationName, string? Reason,
    string Status, DateOnly ReferredOn, Guid ReferredBy, DateTimeOffset StatusChangedAt, int Version, DateTimeOffset CreatedAt,
    IReadOnlyList<ReferralStatusChange> History);

/// <summary>A referral as the status slices need it after the access check.</summary>
internal sealed record ReferralState(Guid Id, Guid ClientId, string Target, string Status, int Version);

/// <summary>
/// The referral status machine: sent → accepted | declined | withdrawn, accepted → completed |
/// withdrawn; nothing leaves declined, completed or withdrawn. Staff and Coaching's events go
/// through <see cref="ChangeAsync"/>, so every change lands in referral_status_changes and a
/// withdrawn coaching referral always tells Coaching.
/// </summary>
internal static class ReferralStatuses
{
    public const string Sent = "sent";
    public const string Accepted = "accepted";
    public const string Declined = "declined";
    public const string Completed = "completed";
    public const string Withdrawn = "withdrawn";

    public const string PartnerOrganisation = "partner_organisation";
    public const string StartUpCoaching = "start_up_coaching";

    public static readonly IReadOnlySet<string> All = new HashSet<string>([Sent, Accepted, Declined, Completed, Withdrawn]);

    public static readonly IReadOnlySet<string> Targets = new HashSet<string>([PartnerOrganisation, StartUpCoaching]);

    public static bool IsAllowed(string from, string to) => (from, to) switch
    {
        (Sent, Accepted or Declined or Withdrawn) => true,
        (Accepted, Completed or Withdrawn) => true,
        _ => false,
    };

    public static string NotAllowed(string from, string to) =>
        $"Eine Vermittlung im Status '{from}' kann nicht in den Status '{to}' wechseln. Erlaubt: sent → accepted, declined oder withdrawn; "
        + "accepted → completed oder withdrawn.";

    /// <summary>
    /// Moves the (locked) referral to <paramref name="to"/> and records the change; <paramref name="changedBy"/>
    /// is null when another module's event caused it. A withdrawn coaching referral raises
    /// <see cref="CoachingReferralWithdrawn"/> in the same transaction.
    /// </summary>
    public static async Task ChangeAsync(
        IDbSession db, IIntegrationEventOutbox outbox, ReferralState referral, string to, string? note, Guid? changedBy, DateTimeOffset now, CancellationToken ct)
    {
        if (!IsAllowed(referral.Status, to)) throw new ConflictException(NotAllowed(referral.Status, to));
        await db.ExecuteAsync(
            """
            update counselling.referrals set status = @to, status_changed_at = @now, version = version + 1 where id = @Id;
            insert into counselling.referral_status_changes (referral_id, status, note, changed_by, changed_at) values (@Id, @to, @note, @changedBy, @now);
            """, new { referral.Id, to, note, changedBy, now }, ct);
        if (to == Withdrawn && referral.Target == StartUpCoaching)
            await outbox.EnqueueAsync(new CoachingReferralWithdrawn(referral.Id), ct);
    }
}

internal static class ReferralReads
{
    public const string NotFound = "Diese Vermittlung gibt es nicht.";

    public const string Columns =
        """
        r.id, r.client_id, c.client_number, r.case_id, r.target, r.organisation_id, r.organisation_name, r.reason, r.status, r.referred_on,
        r.referred_by, r.status_changed_at, r.version, r.created_at
        """;

    /// <summary>The referral if the viewer may see its client, else 404 (like a referral that does not exist).</summary>
    public static async Task<ReferralState> RequireVisibleAsync(IDbSession db, Viewer viewer, Guid id, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<ReferralState>(
            $"""
            select r.id, r.client_id, r.target, r.status, r.version
            from counselling.referrals r join counselling.clients c on c.id = r.client_id
            where r.id = @id and {ClientAccess.Visible("c")} for update of r
            """, new { id, ViewerId = viewer.UserId, ViewerIsAdmin = viewer.IsAdmin }, ct)
        ?? throw new NotFoundException(NotFound);

    /// <summary>For event consumers: the referral by id, locked; null when it is gone (the client was erased).</summary>
    public static Task<ReferralState?> FindForUpdateAsync(IDbSession db, Guid id, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<ReferralState>(
            "select id, client_id, target, status, version from counselling.referrals where id = @id for update", new { id }, ct);

    /// <summary>Referrals of one client (or one referral) with their status history, newest first.</summary>
    public static async Task<IReadOnlyList<ReferralView>> LoadAsync(IDbSession db, Guid? clientId, Guid? referralId, CancellationToken ct)
    {
        using var grid = await db.QueryMultipleAsync(
            $"""
            select {Columns} from counselling.referrals r join counselling.clients c on c.id = r.client_id
            where (@clientId::uuid is null or r.client_id = @clientId) and (@referralId::uuid is null or r.id = @referralId)
            order by r.referred_on desc, r.created_at desc;

            select s.referral_id, s.status, s.note, s.changed_by, s.changed_at
            from counselling.referral_status_changes s join counselling.referrals r on r.id = s.referral_id
            where (@clientId::uuid is null or r.client_id = @clientId) and (@referralId::uuid is null or r.id = @referralId)
            order by s.changed_at, s.id;
            """, new { clientId, referralId }, ct);
        var rows = (await grid.ReadAsync<ReferralSummary>()).ToList();
        var history = (await grid.ReadAsync<HistoryRow>()).ToLookup(h => h.ReferralId);
        return [.. rows.Select(r => new ReferralView(r.Id, r.ClientId, r.ClientNumber, r.CaseId, r.Target, r.OrganisationId, r.OrganisationName, r.Reason,
            r.Status, r.ReferredOn, r.ReferredBy, r.StatusChangedAt, r.Version, r.CreatedAt,
            [.. history[r.Id].Select(h => new ReferralStatusChange(h.Status, h.Note, h.ChangedBy, h.ChangedAt))]))];
    }

    public static async Task<ReferralView> LoadOneAsync(IDbSession db, Guid id, CancellationToken ct) =>
        (await LoadAsync(db, null, id, ct)).SingleOrDefault() ?? throw new NotFoundException(NotFound);

    private sealed record HistoryRow(Guid ReferralId, string Status, string? Note, Guid? ChangedBy, DateTimeOffset ChangedAt);
}
