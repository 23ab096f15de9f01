using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;

namespace Bezirksplattform.Partners.Programmes;

/// <summary>A planned measure of an action plan version, optionally carried out by a project.</summary>
internal sealed record MeasureView(string Title, string? Description, Guid? ProjectId, string? ProjectTitle, Guid? FieldOfActionId, string? FieldOfActionName);

/// <summary>One version of an action plan as adopted (or, while adoptedOn is null, as drafted).</summary>
internal sealed record ActionPlanVersionView(
    int VersionNo, DateOnly ValidFrom, DateOnly? AdoptedOn, string? AdoptedBy, string Goals, bool IsCurrent,
    DateTimeOffset CreatedAt, Guid? CreatedBy, IReadOnlyList<MeasureView> Measures);

internal sealed record ActionPlanVersionSummary(int VersionNo, DateOnly ValidFrom, DateOnly? AdoptedOn, string? AdoptedBy, int MeasureCount, bool IsCurrent);

/// <summary>An action plan (Aktionsplan) with its current version (the latest adopted) and a list of all versions.</summary>
internal sealed record ActionPlanView(
    Guid Id, string Title, string? DistrictCode, Guid? OrganisationId, string? OrganisationName, int Version,
    ActionPlanVersionView? Current, IReadOnlyList<ActionPlanVersionSummary> Versions, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal static class ActionPlanReads
{
    private sealed record PlanRow(Guid Id, string Title, string? DistrictCode, Guid? OrganisationId, string? OrganisationName, int Version,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    private sealed record VersionRow(int VersionNo, DateOnly ValidFrom, DateOnly? AdoptedOn, string? AdoptedBy, string Goals,
        DateTimeOffset CreatedAt, Guid? CreatedBy, int MeasureCount);

    // "Current" is the latest adopted version: a draft revision does not replace it until adopted.
    private const string CurrentNo =
        "(select max(version_no) from partners.action_plan_versions c where c.action_plan_id = @id and c.adopted_on is not null)";

    public static async Task<int> LockAsync(IDbSession db, Guid id, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<int?>("select version from partners.action_plans where id = @id for update", new { id }, ct)
        ?? throw new NotFoundException("Diesen Aktionsplan gibt es nicht.");

    public static async Task<ActionPlanView> LoadAsync(IDbSession db, Guid id, CancellationToken ct)
    {
        var plan = await db.QuerySingleOrDefaultAsync<PlanRow>(
            """
            select p.id, p.title, p.district_code, p.organisation_id, o.name as organisation_name, p.version, p.created_at, p.updated_at
            from partners.action_plans p left join partners.organisations o on o.id = p.organisation_id where p.id = @id
            """, new { id }, ct) ?? throw new NotFoundException("Diesen Aktionsplan gibt es nicht.");
        var versions = await VersionsAsync(db, id, ct);
        var current = versions.LastOrDefault(v => v.IsCurrent);
        return new ActionPlanView(plan.Id, plan.Title, plan.DistrictCode, plan.OrganisationId, plan.OrganisationName, plan.Version,
            current is null ? null : await VersionAsync(db, id, current.VersionNo, ct), versions, plan.CreatedAt, plan.UpdatedAt);
    }

    public static async Task<IReadOnlyList<ActionPlanVersionSummary>> VersionsAsync(IDbSession db, Guid id, CancellationToken ct)
    {
        var rows = await db.QueryAsync<VersionRow>(
            """
            select v.version_no, v.valid_from, v.adopted_on, v.adopted_by, v.goals, v.created_at, v.created_by,
                   (select count(*)::int from partners.action_plan_measures m where m.action_plan_id = v.action_plan_id and m.version_no = v.version_no) as measure_count
            from partners.action_plan_versions v where v.action_plan_id = @id order by v.version_no
            """, new { id }, ct);
        var current = rows.LastOrDefault(v => v.AdoptedOn is not null)?.VersionNo;
        return [.. rows.Select(v => new ActionPlanVersionSummary(v.VersionNo, v.ValidFrom, v.AdoptedOn, v.AdoptedBy, v.MeasureCount, v.VersionNo == current))];
    }

    public static async Task<ActionPlanVersionView> VersionAsync(IDbSession db, Guid id, int versionNo, CancellationToken ct)
    {
        var version = await db.QuerySingleOrDefaultAsync<VersionRow>(
            """
            select version_no, valid_from, adopted_on, adopted_by, goals, created_at, created_by, 0 as measure_count
            from partners.action_plan_versions where action_plan_id = @id and version_no = @versionNo
            """, new { id, versionNo }, ct) ?? throw new NotFoundException($"Version {versionNo} dieses Aktionsplans gibt es nicht.");
        var isCurrent = await db.ExecuteScalarAsync<int?>($"select {CurrentNo}", new { id }, ct) == versionNo;
        var measures = await db.QueryAsync<MeasureView>(
            """
            select m.title, m.description, m.project_id, p.title as project_title, m.field_of_action_id, f.name as field_of_action_name
            from partners.action_plan_measures m
            left join partners.projects p on p.id = m.project_id
            left join partners.fields_of_action f on f.id = m.field_of_action_id
            where m.action_plan_id = @id and m.version_no = @versionNo order by m.position
            """, new { id, versionNo }, ct);
        return new ActionPlanVersionView(version.VersionNo, version.ValidFrom, version.AdoptedOn, version.AdoptedBy, version.Goals, isCurrent,
            version.CreatedAt, version.CreatedBy, measures);
    }
}
