using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Partners.Shared;
using Npgsql;

namespace Bezirksplattform.Partners.Committees;

/// <summary>
/// Writes whose refusal the database decides (exclusion constraints, foreign keys). Each runs under a
/// savepoint: the transaction stays usable after a violation, so the answer can name what collided
/// (e.g. the current chair) instead of leaking a 500.
/// </summary>
internal static class CommitteeWrites
{
    // Foreign keys a client can break with an unknown id, by constraint name → the field to name.
    private static readonly Dictionary<string, string> ForeignKeyFields = new()
    {
        ["committees_district_code_fkey"] = "districtCode",
        ["committees_chairing_organisation_id_fkey"] = "chairingOrganisationId",
        ["committees_agreement_id_fkey"] = "agreementId", // added once the agreements table is merged
        ["committee_memberships_person_id_fkey"] = "personId",
        ["committee_memberships_on_behalf_of_organisation_id_fkey"] = "onBehalfOfOrganisationId",
        ["committee_attendance_guest_person_id_fkey"] = "guestPersonId",
    };

    /// <summary>Runs <paramref name="write"/>; an unknown referenced id becomes a 400 naming the field.</summary>
    public static Task GuardAsync(IDbSession db, Func<Task> write, CancellationToken ct) =>
        GuardAsync(db, write, _ => Task.FromResult<Exception?>(null), ct);

    public static async Task GuardAsync(IDbSession db, Func<Task> write, Func<PostgresException, Task<Exception?>> translate, CancellationToken ct)
    {
        var transaction = db.Transaction ?? throw new InvalidOperationException("Guarded writes run inside a command's transaction.");
        const string savepoint = "committee_write";
        await transaction.SaveAsync(savepoint, ct);
        try
        {
            await write();
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.ExclusionViolation or PostgresErrorCodes.ForeignKeyViolation)
        {
            await transaction.RollbackAsync(savepoint, ct);
            if (await translate(e) is { } answer) throw answer;
            if (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
                throw e.ConstraintName is { } name && ForeignKeyFields.TryGetValue(name, out var field)
                    ? new FieldProblemException(field, "Unbekannte Id: diesen Eintrag gibt es nicht.")
                    : new ProblemException(400, "Die Anfrage ist ungültig.", "Die Anfrage verweist auf einen Eintrag, den es nicht gibt.");
            throw new ConflictException("Der Eintrag überschneidet sich mit einem bereits gespeicherten Eintrag.");
        }

        await transaction.ReleaseAsync(savepoint, ct);
    }

    /// <summary>
    /// Inserts or rewrites a membership. Overlapping chairs, or a person holding two overlapping seats,
    /// come out as 409 naming who holds the colliding seat.
    /// </summary>
    public static Task SaveMembershipAsync(IDbSession db, MembershipRecord m, bool insert, DateTimeOffset now, Guid actor, CancellationToken ct) =>
        GuardAsync(db,
            () => db.ExecuteAsync(insert
                ? """
                  insert into partners.committee_memberships (id, committee_id, person_id, on_behalf_of_organisation_id, seat_title, role, term,
                      ended_reason, notes, version, created_at, created_by, updated_at, updated_by)
                  values (@Id, @CommitteeId, @PersonId, @OnBehalfOfOrganisationId, @SeatTitle, @Role, daterange(@From::date, @Until::date, '[]'),
                      @EndedReason, @Notes, 1, @now, @actor, @now, @actor)
                  """
                : """
                  update partners.committee_memberships
                  set person_id = @PersonId, on_behalf_of_organisation_id = @OnBehalfOfOrganisationId, seat_title = @SeatTitle, role = @Role,
                      term = daterange(@From::date, @Until::date, '[]'), ended_reason = @EndedReason, notes = @Notes,
                      version = version + 1, updated_at = @now, updated_by = @actor
                  where id = @Id
                  """,
                new { m.Id, m.CommitteeId, m.PersonId, m.OnBehalfOfOrganisationId, m.SeatTitle, m.Role, m.From, m.Until, m.EndedReason, m.Notes, now, actor }, ct),
            e => DescribeCollisionAsync(db, m, e, ct), ct);

    /// <summary>Ends a seat on <paramref name="until"/> (its last day) and records why, with history.</summary>
    public static async Task<MembershipView> EndMembershipAsync(IDbSession db, MembershipView m, DateOnly until, string? reason,
        DateTimeOffset now, Guid actor, CancellationToken ct)
    {
        if (until < m.From) throw new FieldProblemException("until", $"Muss am oder nach 'from' ({m.From:dd.MM.yyyy}) liegen.");
        await SaveMembershipAsync(db, MembershipRecord.Of(m) with { Until = until, EndedReason = reason }, insert: false, now, actor, ct);
        var ended = await CommitteeReads.LoadMembershipAsync(db, m.CommitteeId, m.Id, ct);
        await PartnersHistory.RecordAsync(db, CommitteeHistoryTypes.Membership, m.Id, "ended",
            PartnersHistory.Diff(MembershipRecord.Of(m), MembershipRecord.Of(ended)), actor, now, ct);
        return ended;
    }

    private static async Task<Exception?> DescribeCollisionAsync(IDbSession db, MembershipRecord m, PostgresException e, CancellationToken ct)
    {
        var (condition, field) = e.ConstraintName switch
        {
            "committee_memberships_one_chair" => ("m.role = 'chair'", "role"),
            "committee_memberships_person_once" => ("m.person_id = @PersonId", "personId"),
            _ => (null, null),
        };
        if (condition is null) return null;

        var other = (await db.QueryAsync<MembershipView>(
            CommitteeReads.MembershipSelect +
            $" where m.committee_id = @CommitteeId and m.id <> @Id and {condition} and m.term && daterange(@From::date, @Until::date, '[]') order by lower(m.term) limit 1",
            new { m.CommitteeId, m.Id, m.PersonId, m.From, m.Until }, ct)).FirstOrDefault();
        // Committed in the meantime and gone again is possible in theory; the generic answer still holds.
        var who = other is null ? "jemand anderes" : $"{other.Holder()} ({Term(other.From, other.Until)})";
        var message = field == "role"
            ? $"Den Vorsitz hat in diesem Zeitraum bereits {who} inne. Beenden Sie zuerst diese Amtszeit oder nutzen Sie den Wechsel im Vorsitz."
            : $"Diese Person ist in diesem Zeitraum bereits Mitglied dieses Gremiums: {who}.";
        return new ProblemException(409, "Konflikt", message, new Dictionary<string, string[]> { [field!] = [message] });
    }

    public static string Term(DateOnly from, DateOnly? until) =>
        until is { } u ? $"{from:dd.MM.yyyy} bis {u:dd.MM.yyyy}" : $"seit {from:dd.MM.yyyy}";
}

/// <summary>A membership's stored fields (inclusive dates).</summary>
internal sealed record MembershipRecord(
    Guid Id, Guid CommitteeId, Guid? PersonId, Guid? OnBehalfOfOrganisationId, string? SeatTitle, string Role,
    DateOnly From, DateOnly? Until, string? EndedReason, string? Notes)
{
    public static MembershipRecord Of(MembershipView v) =>
        new(v.Id, v.CommitteeId, v.PersonId, v.OnBehalfOfOrganisationId, v.SeatTitle, v.Role, v.From, v.Until, v.EndedReason, v.Notes);
}
