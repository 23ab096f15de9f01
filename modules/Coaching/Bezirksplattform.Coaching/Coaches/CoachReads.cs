using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;

namespace Bezirksplattform.Coaching.Coaches;

/// <summary>A coach profile as staff see it. The feed token itself is never readable, only whether one exists.</summary>
internal sealed record CoachView(
    Guid Id, Guid? StaffUserId, string DisplayName, string Email, string? Bio, string[] Topics, string[] Languages, string[] LocationKinds,
    string? RoomAddress, bool IsActive, bool HasFeed, DateTimeOffset? FeedTokenCreatedAt, Guid[] SessionTypeIds, int Version,
    int AvailabilityVersion, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal static class CoachReads
{
    private const string Select =
        """
        select c.id, c.staff_user_id, c.display_name, c.email, c.bio, c.topics, c.languages, c.location_kinds, c.room_address, c.is_active,
               c.feed_token_hash is not null as has_feed, c.feed_token_created_at,
               coalesce((select array_agg(stc.session_type_id order by stc.session_type_id)
                         from coaching.session_type_coaches stc where stc.coach_id = c.id), '{}') as session_type_ids,
               c.version, c.availability_version, c.created_at, c.updated_at
        from coaching.coaches c
        """;

    public static async Task<CoachView> RequireAsync(IDbSession db, Guid id, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<CoachView>(Select + " where c.id = @id", new { id }, ct)
        ?? throw new NotFoundException("Diesen Coach gibt es nicht.");

    public static Task<IReadOnlyList<CoachView>> ListAsync(IDbSession db, bool includeInactive, CancellationToken ct) =>
        db.QueryAsync<CoachView>(Select + " where c.is_active or @includeInactive order by c.display_name, c.id", new { includeInactive }, ct);
}
