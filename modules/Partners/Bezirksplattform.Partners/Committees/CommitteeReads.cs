using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Microsoft.AspNetCore.Http;

namespace Bezirksplattform.Partners.Committees;

/// <summary>A committee's own fields, as stored (also the shape history diffs are taken of).</summary>
internal sealed record CommitteeRow(
    Guid Id, string Name, string Kind, string? Purpose, string? DistrictCode, Guid? ChairingOrganisationId, string? ChairingOrganisationName,
    Guid? AgreementId, DateOnly? FoundedOn, DateOnly? DissolvedOn, int Version, DateTimeOffset UpdatedAt);

/// <summary>
/// A seat over a term. <c>From</c> and <c>Until</c> are inclusive calendar days (Until null = open);
/// the database keeps them as the half-open range [from, until + 1).
/// </summary>
internal sealed record MembershipView(
    Guid Id, Guid CommitteeId, string Role, string? SeatTitle, Guid? PersonId, string? PersonName,
    Guid? OnBehalfOfOrganisationId, string? OnBehalfOfOrganisationName, DateOnly From, DateOnly? Until, string? EndedReason, string? Notes, int Version)
{
    /// <summary>How people recognise the seat: "Oliver Igel (Bezirksamt …)", or the seat title when nobody is named.</summary>
    public string Holder()
    {
        var who = PersonName ?? SeatTitle ?? OnBehalfOfOrganisationName ?? "unbenannter Sitz";
        var org = OnBehalfOfOrganisationName is not null && who != OnBehalfOfOrganisationName ? $" ({OnBehalfOfOrganisationName})" : "";
        return who + org;
    }
}

internal sealed record AttendanceView(Guid? MembershipId, Guid? GuestPersonId, string Name, string Status, string? Note);

internal sealed record MeetingView(
    Guid Id, Guid CommitteeId, DateTimeOffset StartsAt, string? Location, string[] Agenda, string? Minutes, string Status, int Version,
    IReadOnlyList<AttendanceView> Attendance);

internal static class CommitteeReads
{
    public const string CommitteeSelect =
        """
        select c.id, c.name, c.kind, c.purpose, c.district_code, c.chairing_organisation_id, o.name as chairing_organisation_name,
               c.agreement_id, c.founded_on, c.dissolved_on, c.version, c.updated_at
        from partners.committees c
        left join partners.organisations o on o.id = c.chairing_organisation_id
        """;

    public const string MembershipSelect =
        """
        select m.id, m.committee_id, m.role, m.seat_title, m.person_id,
               nullif(concat_ws(' ', p.title, p.given_name, p.family_name), '') as person_name,
               m.on_behalf_of_organisation_id, o.name as on_behalf_of_organisation_name,
               lower(m.term) as "from", upper(m.term) - 1 as "until", m.ended_reason, m.notes, m.version
        from partners.committee_memberships m
        left join partners.people p on p.id = m.person_id
        left join partners.organisations o on o.id = m.on_behalf_of_organisation_id
        """;

    /// <summary>Orders seats as a member list reads: chair, deputies, members, guests, then by start and title.</summary>
    public const string MembershipOrder =
        "order by array_position(array['chair','deputy','member','guest'], m.role), lower(m.term), m.seat_title, m.id";

    public static async Task<CommitteeRow> LoadCommitteeAsync(IDbSession db, Guid id, CancellationToken ct, bool forUpdate = false) =>
        await db.QuerySingleOrDefaultAsync<CommitteeRow>(
            CommitteeSelect + " where c.id = @id" + (forUpdate ? " for update of c" : ""), new { id }, ct)
        ?? throw new NotFoundException("Dieses Gremium gibt es nicht.");

    public static async Task EnsureCommitteeAsync(IDbSession db, Guid id, CancellationToken ct)
    {
        if (!await db.ExecuteScalarAsync<bool>("select exists (select 1 from partners.committees where id = @id)", new { id }, ct))
            throw new NotFoundException("Dieses Gremium gibt es nicht.");
    }

    public static async Task<MembershipView> LoadMembershipAsync(IDbSession db, Guid committeeId, Guid id, CancellationToken ct, bool forUpdate = false) =>
        await db.QuerySingleOrDefaultAsync<MembershipView>(
            MembershipSelect + " where m.id = @id and m.committee_id = @committeeId" + (forUpdate ? " for update of m" : ""), new { id, committeeId }, ct)
        ?? throw new NotFoundException("Diese Mitgliedschaft gibt es in diesem Gremium nicht.");

    public static async Task<MeetingView> LoadMeetingAsync(IDbSession db, Guid committeeId, Guid id, CancellationToken ct, bool forUpdate = false)
    {
        var meetings = await MeetingsAsync(db, "where g.committee_id = @committeeId and g.id = @id" + (forUpdate ? " for update of g" : ""), new { committeeId, id }, ct);
        return meetings.Count == 1 ? meetings[0] : throw new NotFoundException("Diese Sitzung gibt es in diesem Gremium nicht.");
    }

    /// <summary>Meetings matching <paramref name="where"/> (alias g), with their attendance, in date order.</summary>
    public static async Task<IReadOnlyList<MeetingView>> MeetingsAsync(IDbSession db, string where, object args, CancellationToken ct)
    {
        var rows = await db.QueryAsync<MeetingRow>(
            $"select g.id, g.committee_id, g.starts_at, g.location, g.agenda, g.minutes, g.status, g.version from partners.committee_meetings g {where}",
            args, ct);
        var ids = rows.Select(r => r.Id).ToArray();
        var attendance = ids.Length == 0
            ? []
            : await db.QueryAsync<AttendanceRow>(
                """
                select a.meeting_id, a.membership_id, a.guest_person_id,
                       coalesce(nullif(concat_ws(' ', p.title, p.given_name, p.family_name), ''), m.seat_title, o.name, '') as name,
                       a.status, a.note
                from partners.committee_attendance a
                left join partners.committee_memberships m on m.id = a.membership_id
                left join partners.people p on p.id = coalesce(a.guest_person_id, m.person_id)
                left join partners.organisations o on o.id = m.on_behalf_of_organisation_id
                where a.meeting_id = any(@ids)
                order by a.guest_person_id is not null, name
                """, new { ids }, ct);
        var byMeeting = attendance.ToLookup(a => a.MeetingId);
        return rows.OrderBy(r => r.StartsAt).ThenBy(r => r.Id)
            .Select(r => new MeetingView(r.Id, r.CommitteeId, r.StartsAt, r.Location, r.Agenda, r.Minutes, r.Status, r.Version,
                byMeeting[r.Id].Select(a => new AttendanceView(a.MembershipId, a.GuestPersonId, a.Name, a.Status, a.Note)).ToList()))
            .ToList();
    }

    public static string ETagOf(int version) => $"\"{version}\"";

    private sealed record MeetingRow(Guid Id, Guid CommitteeId, DateTimeOffset StartsAt, string? Location, string[] Agenda, string? Minutes, string Status, int Version);

    private sealed record AttendanceRow(Guid MeetingId, Guid? MembershipId, Guid? GuestPersonId, string Name, string Status, string? Note);
}

/// <summary>
/// The version an edit was based on: If-Match (a stale one answers 412) or the body's version
/// (a stale one answers 409, as for content items).
/// </summary>
internal sealed record ExpectedVersion(int? Value, bool FromHeader)
{
    public static ExpectedVersion From(HttpContext http, int? bodyVersion)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0) return new ExpectedVersion(bodyVersion, false);
        return int.TryParse(ifMatch.Replace("W/", "").Trim('"', ' '), out var v)
            ? new ExpectedVersion(v, true)
            : throw new FieldProblemException("If-Match", "Erwartet wird die Version als ETag, z. B. \"3\".");
    }

    /// <summary>Throws unless <paramref name="current"/> is the version the client saw.</summary>
    public void Check(int current, string what)
    {
        if (Value is null) throw new FieldProblemException("version", "Beim Ändern die Version angeben (Feld version oder Kopfzeile If-Match).");
        if (Value == current) return;
        var detail = $"{what} wurde inzwischen geändert (Version {current}, Ihre Vorlage: {Value}). Bitte neu laden.";
        throw FromHeader ? new PreconditionFailedException(detail) : new ConflictException(detail);
    }
}
