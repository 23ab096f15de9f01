using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Microsoft.AspNetCore.Http;

namespace Bezirksplattform.Coaching.Booking;

internal sealed record BookingSessionType(Guid Id, string Slug, string Name);

internal sealed record BookingCoach(Guid Id, string Name);

/// <summary>
/// A booking as the founder sees it: their own data and the session's, never other founders'.
/// No field depends on the current time, so an idempotent replay answers byte-identically.
/// seriesId stays the same when the booking is rescheduled (iCalendar UID); sequence rises.
/// </summary>
internal sealed record BookingView(
    Guid Id, string Status, BookingSessionType SessionType, BookingCoach Coach, DateTimeOffset Start, DateTimeOffset End,
    string LocationKind, string? Location, string Name, string Email, string? Phone, string Stage, Guid SeriesId, int Sequence,
    DateTimeOffset CancelUntil, DateTimeOffset RescheduleUntil, DateTimeOffset? OfferExpiresAt, Guid? MovedTo,
    DateTimeOffset? CancelledAt, string? CancelledBy, string ManageToken, string ManageUrl, DateTimeOffset ManageUrlExpiresAt);

/// <summary>A booking joined with its session, session type and coach.</summary>
internal sealed record BookingRow(
    Guid Id, string Status, Guid SessionId, Guid FounderId, Guid SeriesId, int Sequence, int TokenVersion, string Name, string Email,
    string? Phone, string Stage, DateTimeOffset ConsentAt, DateTimeOffset? OfferExpiresAt, Guid? MovedTo, DateTimeOffset? CancelledAt,
    string? CancelledBy, byte[]? IdempotencyHash, DateTimeOffset StartsAt, DateTimeOffset EndsAt, Guid CoachId, string CoachName,
    Guid? CoachStaffUserId, string? RoomAddress, Guid SessionTypeId, string SessionTypeSlug, string SessionTypeName, string LocationKind,
    int CancelCutoffMinutes, int RescheduleCutoffMinutes)
{
    public DateTimeOffset CancelUntil => StartsAt.AddMinutes(-CancelCutoffMinutes);
    public DateTimeOffset RescheduleUntil => StartsAt.AddMinutes(-RescheduleCutoffMinutes);

    public BookingView ToView(ManageLinks links)
    {
        var link = links.Issue(Id, TokenVersion, StartsAt);
        return new BookingView(Id, Status, new BookingSessionType(SessionTypeId, SessionTypeSlug, SessionTypeName), new BookingCoach(CoachId, CoachName),
            StartsAt, EndsAt, LocationKind, LocationKind == "room" ? RoomAddress : null, Name, Email, Phone, Stage, SeriesId, Sequence,
            CancelUntil, RescheduleUntil, OfferExpiresAt, MovedTo, CancelledAt, CancelledBy, link.Token, link.Url, link.ExpiresAt);
    }
}

internal sealed record NewBooking(
    Guid Id, Guid SessionId, Guid FounderId, string Status, string Name, string Email, string? Phone, string Stage, DateTimeOffset ConsentAt,
    DateTimeOffset Now, string? IdempotencyKey = null, byte[]? IdempotencyHash = null, int Sequence = 0, Guid? SeriesId = null,
    DateTimeOffset? OfferExpiresAt = null);

internal static class BookingRows
{
    private const string Select =
        """
        select b.id, b.status, b.session_id, b.founder_id, b.series_id, b.sequence, b.token_version, b.name, b.email, b.phone, b.stage,
               b.consent_at, b.offer_expires_at, b.moved_to, b.cancelled_at, b.cancelled_by, b.idempotency_hash, s.starts_at, s.ends_at,
               s.coach_id, c.display_name as coach_name, c.staff_user_id as coach_staff_user_id, c.room_address, t.id as session_type_id,
               t.slug as session_type_slug, t.name as session_type_name, t.location_kind, t.cancel_cutoff_minutes, t.reschedule_cutoff_minutes
        from coaching.bookings b
        join coaching.sessions s on s.id = b.session_id
        join coaching.session_types t on t.id = s.session_type_id
        join coaching.coaches c on c.id = s.coach_id
        """;

    public static Task<BookingRow?> FindAsync(IDbSession db, Guid id, CancellationToken ct, bool forUpdate = false) =>
        db.QuerySingleOrDefaultAsync<BookingRow>(Select + " where b.id = @id" + (forUpdate ? " for update of b" : ""), new { id }, ct);

    public static async Task<BookingRow> LoadAsync(IDbSession db, Guid id, CancellationToken ct, bool forUpdate = false) =>
        await FindAsync(db, id, ct, forUpdate) ?? throw new NotFoundException("Diese Buchung gibt es nicht.");

    public static Task<BookingRow?> FindByIdempotencyKeyAsync(IDbSession db, string key, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<BookingRow>(Select + " where b.idempotency_key = @key", new { key }, ct);

    /// <summary>
    /// The booking behind a manage link, locked when asked: 401/403 for a bad token (see
    /// <see cref="ManageLinks.Verify"/>), 404 for an unknown booking, 403 for a revoked link.
    /// </summary>
    public static async Task<BookingRow> ForManageLinkAsync(IDbSession db, ManageLinks links, Guid id, string? token, DateTimeOffset now, CancellationToken ct, bool forUpdate = false)
    {
        var version = links.Verify(token, id, now);
        var row = await LoadAsync(db, id, ct, forUpdate);
        if (row.TokenVersion != version)
            throw new ProblemException(StatusCodes.Status403Forbidden, "Link widerrufen", row.Status == BookingStatuses.Moved
                ? "Dieser Termin wurde verschoben; dieser Link gilt nicht mehr. Bitte nutzen Sie den Link aus der E-Mail zum neuen Termin."
                : "Dieser Link wurde widerrufen. Bitte nutzen Sie den Link aus Ihrer neuesten E-Mail.");
        return row;
    }

    public static Task InsertAsync(IDbSession db, NewBooking booking, CancellationToken ct) =>
        db.ExecuteAsync(
            """
            insert into coaching.bookings (id, session_id, founder_id, status, name, email, phone, stage, consent_at, idempotency_key,
                idempotency_hash, sequence, token_version, series_id, offer_expires_at, created_at, updated_at)
            values (@Id, @SessionId, @FounderId, @Status, @Name, @Email, @Phone, @Stage, @ConsentAt, @IdempotencyKey,
                @IdempotencyHash, @Sequence, 1, @SeriesId, @OfferExpiresAt, @Now, @Now)
            """, booking, ct);
}
