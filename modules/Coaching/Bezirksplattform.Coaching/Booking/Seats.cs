using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.BuildingBlocks.Data;
using Npgsql;

namespace Bezirksplattform.Coaching.Booking;

/// <summary>An active session row, locked by the transaction that read it.</summary>
internal sealed record LockedSession(Guid Id, Guid SessionTypeId, Guid CoachId, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Capacity, string Status);

/// <summary>
/// Taking and giving back seats. The database is the referee: coaching.sessions has the
/// exclusion constraint sessions_no_overlap (one coach, overlapping blocked time incl. buffers,
/// status active) and the unique index sessions_one_active_per_start, so two sessions of a coach
/// can never overlap whatever runs concurrently. Seats of one session are counted under that
/// session's row lock, so capacity holds too. Lock order everywhere: booking row, then session
/// row, then waitlist entry.
/// </summary>
internal static class Seats
{
    private const string SessionColumns = "id, session_type_id, coach_id, starts_at, ends_at, capacity, status";

    /// <summary>
    /// Locks the active session of (coach, start) or creates it, and makes sure a seat is left.
    /// 409 when the time is taken (another session overlaps, or all seats are booked).
    /// </summary>
    public static async Task<LockedSession> TakeAsync(IDbSession db, BookableType type, Guid coachId, DateTimeOffset start, DateTimeOffset now, CancellationToken ct)
    {
        var session = await LockActiveAsync(db, coachId, start, ct);
        if (session is null)
        {
            // Creating a session serialises on the coach row (FOR NO KEY UPDATE: foreign-key checks
            // are not blocked), so the daily limit, which no constraint can express, stays exact.
            await db.ExecuteAsync("select 1 from coaching.coaches where id = @coachId for no key update", new { coachId }, ct);
            session = await LockActiveAsync(db, coachId, start, ct) ?? await CreateAsync(db, type, coachId, start, now, ct);
        }

        if (session.SessionTypeId != type.Id) throw OfferedSlot.Taken();
        var taken = await SeatsTakenAsync(db, session.Id, ct);
        if (taken >= session.Capacity)
            throw OfferedSlot.Taken(session.Capacity == 1 ? "Dieser Termin ist nicht mehr frei." : "Alle Plätze dieses Termins sind vergeben.");
        return session;
    }

    private static async Task<LockedSession> CreateAsync(IDbSession db, BookableType type, Guid coachId, DateTimeOffset start, DateTimeOffset now, CancellationToken ct)
    {
        if (type.DailyLimitPerCoach is { } limit)
        {
            var day = start.BerlinDate();
            var sessionsThatDay = await db.ExecuteScalarAsync<int>(
                "select count(*)::int from coaching.sessions where coach_id = @coachId and status = 'active' and starts_at >= @from and starts_at < @until",
                new { coachId, from = Scheduling.SlotEngine.StartOfDay(day), until = Scheduling.SlotEngine.StartOfDay(day.AddDays(1)) }, ct);
            if (sessionsThatDay >= limit) throw OfferedSlot.Taken("Der Coach ist an diesem Tag ausgebucht.");
        }

        var id = Guid.CreateVersion7();
        var end = start.AddMinutes(type.DurationMinutes);
        var transaction = db.Transaction ?? throw new InvalidOperationException("Seats are taken inside a command's transaction.");
        await transaction.SaveAsync("take_seat", ct);
        try
        {
            await db.ExecuteAsync(
                """
                insert into coaching.sessions (id, coach_id, session_type_id, starts_at, ends_at, blocked, capacity, status, created_at)
                values (@id, @coachId, @typeId, @start, @end, tstzrange(@blockedFrom, @blockedUntil, '[)'), @capacity, 'active', @now)
                """,
                new
                {
                    id, coachId, typeId = type.Id, start, end, blockedFrom = start.AddMinutes(-type.BufferBeforeMinutes),
                    blockedUntil = end.AddMinutes(type.BufferAfterMinutes), capacity = type.Capacity, now,
                }, ct);
            await transaction.ReleaseAsync("take_seat", ct);
            return new LockedSession(id, type.Id, coachId, start, end, type.Capacity, "active");
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.ExclusionViolation)
        {
            // Another transaction created a session first: the same one (join it, if seats are left) or
            // an overlapping one (the time is gone). Only the savepoint is rolled back, not the booking.
            await transaction.RollbackAsync("take_seat", ct);
            return await LockActiveAsync(db, coachId, start, ct) is { } existing && existing.SessionTypeId == type.Id
                ? existing
                : throw OfferedSlot.Taken();
        }
    }

    /// <summary>
    /// After a booking of the (locked) session stopped holding its seat: offers the seat to the
    /// waitlist, and when nobody holds a seat any more cancels the session, which frees the coach's time.
    /// </summary>
    public static async Task ReleaseAsync(IDbSession db, WaitlistOffers offers, Guid sessionId, DateTimeOffset now, CancellationToken ct)
    {
        var session = await db.QuerySingleAsync<LockedSession>($"select {SessionColumns} from coaching.sessions where id = @sessionId", new { sessionId }, ct);
        if (session.Status != "active") return;
        var taken = await SeatsTakenAsync(db, sessionId, ct);
        if (taken < session.Capacity && await offers.TryOfferAsync(session, now, ct)) taken++;
        if (taken == 0)
            await db.ExecuteAsync("update coaching.sessions set status = 'cancelled' where id = @sessionId", new { sessionId }, ct);
    }

    /// <summary>Locks a session row (to be called after the booking rows it touches are locked).</summary>
    public static Task<LockedSession> LockAsync(IDbSession db, Guid sessionId, CancellationToken ct) =>
        db.QuerySingleAsync<LockedSession>($"select {SessionColumns} from coaching.sessions where id = @sessionId for update", new { sessionId }, ct);

    public static Task<int> SeatsTakenAsync(IDbSession db, Guid sessionId, CancellationToken ct) =>
        db.ExecuteScalarAsync<int>(
            "select count(*)::int from coaching.bookings where session_id = @sessionId and status in ('confirmed', 'offered')", new { sessionId }, ct);

    private static Task<LockedSession?> LockActiveAsync(IDbSession db, Guid coachId, DateTimeOffset start, CancellationToken ct) =>
        db.QuerySingleOrDefaultAsync<LockedSession>(
            $"select {SessionColumns} from coaching.sessions where coach_id = @coachId and starts_at = @start and status = 'active' for update",
            new { coachId, start }, ct);
}

/// <summary>Founders are identified by their normalised e-mail address; the latest booking's name, phone and stage win.</summary>
internal static class FounderRecords
{
    public static Task<Guid> UpsertAsync(IDbSession db, string name, string email, string? phone, string stage, DateTimeOffset now, CancellationToken ct) =>
        db.QuerySingleAsync<Guid>(
            """
            insert into coaching.founders as f (id, email_normalized, name, phone, stage, created_at, updated_at)
            values (@id, @email, @name, @phone, @stage, @now, @now)
            on conflict (email_normalized) do update
                set name = excluded.name, phone = coalesce(excluded.phone, f.phone), stage = excluded.stage, updated_at = excluded.updated_at
            returning id
            """,
            new { id = Guid.CreateVersion7(), email = ContactRules.NormaliseEmail(email), name, phone, stage, now }, ct);
}
