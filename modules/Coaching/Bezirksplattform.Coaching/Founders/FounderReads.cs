using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;

namespace Bezirksplattform.Coaching.Founders;

internal static class FounderStages
{
    public const string Idea = "idea";
    public const string BusinessPlan = "business_plan";
    public const string Financing = "financing";
    public const string Founded = "founded";
    public const string AfterFounding = "after_founding";

    public static readonly string[] All = [Idea, BusinessPlan, Financing, Founded, AfterFounding];
}

internal sealed record FounderSummary(
    Guid Id, string Name, string Email, string? Phone, string Stage, DateOnly? FoundedOn, int Bookings, DateTimeOffset? LastSessionAt,
    DateTimeOffset? NextSessionAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>A booking in the founder's history; the coach's notes only for sessions the viewer may see them of.</summary>
internal sealed record FounderBooking(
    Guid BookingId, Guid SessionId, Guid CoachId, string CoachName, Guid SessionTypeId, string SessionTypeName, DateTimeOffset StartsAt,
    DateTimeOffset EndsAt, string Status, string StageAtBooking, string? Outcome, bool? Attended, string? CoachNotes);

internal sealed record JourneyStep(string Stage, DateOnly? FoundedOn, DateTimeOffset ChangedAt, Guid? ChangedBy);

internal sealed record FounderDetail(FounderSummary Founder, IReadOnlyList<FounderBooking> Bookings, IReadOnlyList<JourneyStep> Journey);

/// <summary>
/// Founders as staff see them. A coach sees the founders who booked one of their sessions, and only
/// those sessions in the history; an admin sees everyone (<paramref name="coach"/> null).
/// </summary>
internal static class FounderReads
{
    /// <summary>SQL condition on founder f for the coach filter @coach (null: all).</summary>
    public const string Visible =
        """
        (@coach::uuid is null or exists (select 1 from coaching.bookings vb join coaching.sessions vs on vs.id = vb.session_id
                                         where vb.founder_id = f.id and vs.coach_id = @coach))
        """;

    public const string SummaryColumns =
        """
        f.id, f.name, f.email_normalized as email, f.phone, f.stage, f.founded_on,
        (select count(*)::int from coaching.bookings b join coaching.sessions s on s.id = b.session_id
         where b.founder_id = f.id and (@coach::uuid is null or s.coach_id = @coach)) as bookings,
        (select max(s.starts_at) from coaching.bookings b join coaching.sessions s on s.id = b.session_id
         where b.founder_id = f.id and b.status = 'confirmed' and s.starts_at <= @now and (@coach::uuid is null or s.coach_id = @coach)) as last_session_at,
        (select min(s.starts_at) from coaching.bookings b join coaching.sessions s on s.id = b.session_id
         where b.founder_id = f.id and b.status = 'confirmed' and s.starts_at > @now and (@coach::uuid is null or s.coach_id = @coach)) as next_session_at,
        f.created_at, f.updated_at
        """;

    public static async Task<FounderDetail> DetailAsync(IDbSession db, Guid id, Guid? coach, DateTimeOffset now, CancellationToken ct)
    {
        var founder = await db.QuerySingleOrDefaultAsync<FounderSummary>(
            $"select {SummaryColumns} from coaching.founders f where f.id = @id and {Visible}", new { id, coach, now }, ct)
            ?? throw new NotFoundException("Diese Gründerin bzw. diesen Gründer gibt es nicht (oder nicht in Ihren Sitzungen).");
        var bookings = await db.QueryAsync<FounderBooking>(
            """
            select b.id as booking_id, s.id as session_id, c.id as coach_id, c.display_name as coach_name, st.id as session_type_id,
                   st.name as session_type_name, s.starts_at, s.ends_at, b.status, b.stage as stage_at_booking, s.outcome, b.attended,
                   s.coach_notes
            from coaching.bookings b
            join coaching.sessions s on s.id = b.session_id
            join coaching.session_types st on st.id = s.session_type_id
            join coaching.coaches c on c.id = s.coach_id
            where b.founder_id = @id and (@coach::uuid is null or s.coach_id = @coach)
            order by s.starts_at desc, b.created_at desc
            """, new { id, coach }, ct);
        var journey = await db.QueryAsync<JourneyStep>(
            "select stage, founded_on, changed_at, changed_by from coaching.founder_journey where founder_id = @id order by id", new { id }, ct);
        return new FounderDetail(founder, bookings, journey);
    }
}
