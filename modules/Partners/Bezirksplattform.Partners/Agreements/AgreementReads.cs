using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Partners.Shared;
using MediatR;
using Microsoft.AspNetCore.Http;

namespace Bezirksplattform.Partners.Agreements;

/// <summary>The derived status of an agreement (partners.agreement_status; docs/partners/agreements.md).</summary>
internal static class AgreementStatuses
{
    public const string Draft = "draft";
    public const string NotYetInForce = "not_yet_in_force";
    public const string InForce = "in_force";
    public const string Expiring = "expiring";
    public const string Expired = "expired";
    public const string Terminated = "terminated";

    public static readonly string[] All = [Draft, NotYetInForce, InForce, Expiring, Expired, Terminated];

    /// <summary>Concluded and not yet over: may be terminated.</summary>
    public static readonly string[] Running = [NotYetInForce, InForce, Expiring];
}

/// <summary>What a party is in the agreement: Bezirksamt, Senatsverwaltung, Träger, Verband.</summary>
internal static class PartyRoles
{
    public static readonly string[] All = ["district_office", "senate_department", "provider", "federation", "other"];
}

internal sealed record AgreementRow(
    Guid Id, string Title, string? Subject, string? DistrictCode, DateOnly? ValidFrom, DateOnly? ValidUntil, int? NoticePeriodMonths,
    DateOnly? TerminatedOn, string? TerminationReason, DateOnly? TerminationNoticeGivenOn, int Version, string Status, int? DaysUntilExpiry,
    DateTimeOffset CreatedAt, Guid? CreatedBy, DateTimeOffset UpdatedAt, Guid? UpdatedBy);

internal sealed record AgreementView(
    Guid Id, string Title, string? Subject, string? DistrictCode, DateOnly? ValidFrom, DateOnly? ValidUntil, int? NoticePeriodMonths,
    string Status, int? DaysUntilExpiry, DateOnly? TerminatedOn, string? TerminationReason, DateOnly? TerminationNoticeGivenOn, int Version,
    IReadOnlyList<PartyView> Parties, IReadOnlyList<SignatoryView> Signatories, IReadOnlyList<DocumentView> Documents,
    IReadOnlyList<EstablishedCommitteeView> Committees,
    DateTimeOffset CreatedAt, Guid? CreatedBy, DateTimeOffset UpdatedAt, Guid? UpdatedBy);

internal sealed record PartyView(Guid OrganisationId, string OrganisationName, string Role, bool HasSigned);

internal sealed record SignatoryView(Guid Id, Guid OrganisationId, string OrganisationName, Guid? PersonId, string? PersonName, string? Function, DateOnly SignedOn);

/// <summary>A committee this agreement set up (e.g. the Kooperationsgremium).</summary>
internal sealed record EstablishedCommitteeView(Guid Id, string Name, string Kind);

internal sealed record DocumentView(Guid Id, int VersionNo, string FileName, string Url, string? Note, DateTimeOffset UploadedAt, Guid? UploadedBy);

internal static class AgreementReads
{
    /// <summary>
    /// The agreement with its derived status for <c>@today</c> (the Berlin date). Status and days are
    /// computed in SQL, so a list filtered by status pages over exactly what it shows.
    /// </summary>
    public const string FromWithStatus =
        """
        from partners.agreements a
        cross join lateral (select partners.agreement_status(a.id, a.valid_from, a.valid_until, a.terminated_on, @today) as status) s
        """;

    /// <summary>Days to the last day in force (valid_until, or the day before a termination) while the agreement has not ended.</summary>
    public const string DaysUntilExpiry =
        "case when s.status in ('not_yet_in_force', 'in_force', 'expiring') then least(a.valid_until, a.terminated_on - 1) - @today end";

    private const string Columns =
        $"""
        a.id, a.title, a.subject, a.district_code, a.valid_from, a.valid_until, a.notice_period_months, a.terminated_on,
        a.termination_reason, a.termination_notice_given_on, a.version, s.status, {DaysUntilExpiry} as days_until_expiry,
        a.created_at, a.created_by, a.updated_at, a.updated_by
        """;

    public static async Task<AgreementRow> LoadAsync(IDbSession db, Guid id, DateOnly today, CancellationToken ct, bool forUpdate = false) =>
        await db.QuerySingleOrDefaultAsync<AgreementRow>(
            $"select {Columns} {FromWithStatus} where a.id = @id" + (forUpdate ? " for update of a" : ""), new { id, today }, ct)
        ?? throw new NotFoundException("Diese Kooperationsvereinbarung gibt es nicht.");

    public static async Task<AgreementView> ViewAsync(IDbSession db, Guid id, DateOnly today, CancellationToken ct)
    {
        var row = await LoadAsync(db, id, today, ct);
        var parties = await db.QueryAsync<PartyView>(
            """
            select p.organisation_id, o.name as organisation_name, p.role,
                   exists (select 1 from partners.agreement_signatories s where s.agreement_id = p.agreement_id and s.organisation_id = p.organisation_id) as has_signed
            from partners.agreement_parties p join partners.organisations o on o.id = p.organisation_id
            where p.agreement_id = @id order by p.added_at, o.name
            """, new { id }, ct);
        var signatories = await db.QueryAsync<SignatoryView>(
            """
            select s.id, s.organisation_id, o.name as organisation_name, s.person_id,
                   nullif(concat_ws(' ', pe.title, pe.given_name, pe.family_name), '') as person_name, s.function, s.signed_on
            from partners.agreement_signatories s
            join partners.organisations o on o.id = s.organisation_id
            left join partners.people pe on pe.id = s.person_id
            where s.agreement_id = @id order by s.signed_on, s.added_at, s.id
            """, new { id }, ct);
        var documents = await db.QueryAsync<DocumentView>(
            "select id, version_no, file_name, url, note, uploaded_at, uploaded_by from partners.agreement_documents where agreement_id = @id order by version_no",
            new { id }, ct);
        var committees = await db.QueryAsync<EstablishedCommitteeView>(
            "select id, name, kind from partners.committees where agreement_id = @id order by name", new { id }, ct);
        return new AgreementView(row.Id, row.Title, row.Subject, row.DistrictCode, row.ValidFrom, row.ValidUntil, row.NoticePeriodMonths,
            row.Status, row.DaysUntilExpiry, row.TerminatedOn, row.TerminationReason, row.TerminationNoticeGivenOn, row.Version,
            parties, signatories, documents, committees, row.CreatedAt, row.CreatedBy, row.UpdatedAt, row.UpdatedBy);
    }

    /// <summary>Locks the agreement for a change and refuses one based on another version (optional for changes of its parts).</summary>
    public static async Task<AgreementRow> LockAsync(IDbSession db, Guid id, DateOnly today, ExpectedVersion expected, CancellationToken ct, bool versionRequired = false)
    {
        var agreement = await LoadAsync(db, id, today, ct, forUpdate: true);
        expected.Check(agreement.Version, versionRequired);
        return agreement;
    }

    /// <summary>The answer to a read or a change: the agreement as it is now, its version as ETag.</summary>
    public static async Task<IResult> RespondAsync(IMediator mediator, IRequest<AgreementView> command, HttpContext http, CancellationToken ct)
    {
        var agreement = await mediator.Send(command, ct);
        http.Response.Headers.ETag = ETagOf(agreement.Version);
        return Results.Ok(agreement);
    }

    /// <summary>A change to a part of the agreement (party, signatory, document) is a change of the agreement: new version, history row.</summary>
    public static async Task TouchAsync(IDbSession db, Guid id, string action, object changes, Guid actor, DateTimeOffset now, CancellationToken ct)
    {
        await db.ExecuteAsync("update partners.agreements set version = version + 1, updated_at = @now, updated_by = @actor where id = @id",
            new { id, now, actor }, ct);
        await PartnersHistory.RecordAsync(db, AgreementHistoryTypes.Agreement, id, action, changes, actor, now, ct);
    }

    public static string ETagOf(int version) => $"\"{version}\"";
}

internal static class AgreementRules
{
    /// <summary>Who is bound by a terminated agreement is settled; documents may still be added.</summary>
    public static void EnsureNotTerminated(AgreementRow agreement)
    {
        if (agreement.TerminatedOn is not null)
            throw new ConflictException("Die Vereinbarung ist gekündigt: Parteien und Unterzeichnungen lassen sich nicht mehr ändern.");
    }
}

internal static class AgreementHistoryTypes
{
    public const string Agreement = "agreement";
}

/// <summary>
/// The version a change was based on: the If-Match header (a stale one → 412) or the body's
/// <c>version</c> (a stale one → 409, as for content items).
/// </summary>
internal sealed record ExpectedVersion(int? Version, bool FromHeader)
{
    public static ExpectedVersion From(HttpContext http, int? bodyVersion)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0) return new ExpectedVersion(bodyVersion, false);
        return int.TryParse(ifMatch.Replace("W/", "").Trim('"', ' '), out var v)
            ? new ExpectedVersion(v, true)
            : throw new FieldProblemException("If-Match", "Erwartet wird die Version als ETag, z. B. \"3\".");
    }

    /// <summary>Refuses a change based on another version; <paramref name="required"/> for edits of the record's own fields.</summary>
    public void Check(int actual, bool required)
    {
        if (Version is null)
        {
            if (required) throw new FieldProblemException("version", "Beim Ändern die Version angeben (Feld version oder Kopfzeile If-Match).");
            return;
        }

        if (Version == actual) return;
        var detail = $"Die Vereinbarung wurde inzwischen geändert (Version {actual}, Ihre Vorlage: {Version}). Bitte neu laden.";
        throw FromHeader ? new PreconditionFailedException(detail) : new ConflictException(detail);
    }
}
