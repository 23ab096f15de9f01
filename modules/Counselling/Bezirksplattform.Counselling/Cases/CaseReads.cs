using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Counselling.Access;

namespace Bezirksplattform.Counselling.Cases;

/// <summary>The value lists of cases; the check constraints of migration 0002 list the same values.</summary>
internal static class CaseVocabulary
{
    public static readonly IReadOnlySet<string> ServiceLines =
        new HashSet<string>(["job_seekers", "young_people", "companies", "associations", "volunteering", "start_up"]);

    public static readonly IReadOnlySet<string> Outcomes = new HashSet<string>([
        "employment", "self_employment", "education_or_training", "internship", "volunteering_placed", "staff_recruited", "funding_secured",
        "referred_elsewhere", "no_longer_reachable", "discontinued", "other",
    ]);

    /// <summary>What staff add; 'status_change' is reserved for entries the module writes itself.</summary>
    public static readonly IReadOnlySet<string> ActivityKinds = new HashSet<string>(["note", "task", "document"]);
}

/// <summary>One entry of a case's timeline: an activity, a consultation or a referral that points at the case.</summary>
internal sealed record TimelineEntry(
    string Type, Guid Id, DateOnly On, string Kind, string Summary, DateOnly? DueOn, DateTimeOffset? DoneAt, DateTimeOffset CreatedAt);

internal sealed record CaseView(
    Guid Id, Guid ClientId, string ServiceLine, DateOnly OpenedOn, string? Plan, DateOnly? ClosedOn, string? Outcome, string? OutcomeNote,
    Guid OpenedBy, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<TimelineEntry> Timeline);

/// <summary>A case as the write slices need it after the access check.</summary>
internal sealed record CaseState(Guid Id, Guid ClientId, DateOnly OpenedOn, DateOnly? ClosedOn, int Version);

internal static class CaseReads
{
    public const string NotFound = "Diesen Fall gibt es nicht.";

    public const string Closed = "Der Fall ist abgeschlossen; er nimmt keine Einträge mehr an.";

    /// <summary>
    /// The case if the viewer may see its client (<see cref="ClientAccess"/>), else 404 – a case of a
    /// client one may not see is answered like a case that does not exist. Optionally locked.
    /// </summary>
    public static async Task<CaseState> RequireVisibleAsync(IDbSession db, Viewer viewer, Guid caseId, bool forUpdate, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<CaseState>(
            $"""
            select k.id, k.client_id, k.opened_on, k.closed_on, k.version
            from counselling.cases k join counselling.clients c on c.id = k.client_id
            where k.id = @caseId and {ClientAccess.Visible("c")}{(forUpdate ? " for update of k" : "")}
            """, new { caseId, ViewerId = viewer.UserId, ViewerIsAdmin = viewer.IsAdmin }, ct)
        ?? throw new NotFoundException(NotFound);

    /// <summary>The cases of one client (or one case) with their timelines, ordered by date.</summary>
    public static async Task<IReadOnlyList<CaseView>> LoadAsync(IDbSession db, Guid? clientId, Guid? caseId, CancellationToken ct)
    {
        using var grid = await db.QueryMultipleAsync(
            """
            select id, client_id, service_line, opened_on, plan, closed_on, outcome, outcome_note, opened_by, version, created_at, updated_at
            from counselling.cases where (@clientId::uuid is null or client_id = @clientId) and (@caseId::uuid is null or id = @caseId)
            order by opened_on desc, created_at desc;

            select t.case_id, t.type, t.id, t.on_date, t.kind, t.summary, t.due_on, t.done_at, t.created_at from (
                select a.case_id, 'activity' as type, a.id, a.occurred_on as on_date, a.kind, a.description as summary, a.due_on, a.done_at, a.created_at
                from counselling.case_activities a
                union all
                select s.case_id, 'consultation', s.id, s.occurred_on, s.channel,
                       array_to_string(s.topics, ', ') || coalesce(': ' || s.outcome, ''), s.follow_up_on, null, s.created_at
                from counselling.consultations s where s.case_id is not null
                union all
                select r.case_id, 'referral', r.id, r.referred_on, r.status,
                       coalesce(r.organisation_name, 'Gründungscoaching') || coalesce(': ' || r.reason, ''), null, null, r.created_at
                from counselling.referrals r where r.case_id is not null
            ) t join counselling.cases k on k.id = t.case_id
            where (@clientId::uuid is null or k.client_id = @clientId) and (@caseId::uuid is null or k.id = @caseId)
            order by t.on_date, t.created_at, t.id;
            """, new { clientId, caseId }, ct);
        var cases = (await grid.ReadAsync<CaseRow>()).ToList();
        var entries = (await grid.ReadAsync<TimelineRow>()).ToLookup(e => e.CaseId);
        return [.. cases.Select(c => new CaseView(c.Id, c.ClientId, c.ServiceLine, c.OpenedOn, c.Plan, c.ClosedOn, c.Outcome, c.OutcomeNote, c.OpenedBy,
            c.Version, c.CreatedAt, c.UpdatedAt,
            [.. entries[c.Id].Select(e => new TimelineEntry(e.Type, e.Id, e.OnDate, e.Kind, e.Summary, e.DueOn, e.DoneAt, e.CreatedAt))]))];
    }

    public static async Task<CaseView> LoadOneAsync(IDbSession db, Guid caseId, CancellationToken ct) =>
        (await LoadAsync(db, null, caseId, ct)).SingleOrDefault() ?? throw new NotFoundException(NotFound);

    /// <summary>
    /// A case named by a consultation or referral must belong to the same client: anything else is a
    /// 400 naming <c>caseId</c> (a case of another client is not told apart from a missing one).
    /// </summary>
    public static async Task EnsureBelongsToClientAsync(IDbSession db, Guid? caseId, Guid clientId, CancellationToken ct)
    {
        if (caseId is not { } id) return;
        var belongs = await db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from counselling.cases where id = @id and client_id = @clientId)", new { id, clientId }, ct);
        if (!belongs) throw new FieldProblemException("caseId", "Diesen Fall gibt es bei diesem Klienten nicht.");
    }

    private sealed record CaseRow(
        Guid Id, Guid ClientId, string ServiceLine, DateOnly OpenedOn, string? Plan, DateOnly? ClosedOn, string? Outcome, string? OutcomeNote,
        Guid OpenedBy, int Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    private sealed record TimelineRow(
        Guid CaseId, string Type, Guid Id, DateOnly OnDate, string Kind, string Summary, DateOnly? DueOn, DateTimeOffset? DoneAt, DateTimeOffset CreatedAt);
}
