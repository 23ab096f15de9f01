using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;

namespace Bezirksplattform.Partners.Programmes;

internal static class ProjectStatuses
{
    public const string Cancelled = "cancelled";

    public static readonly string[] All = ["planned", "running", "completed", Cancelled];
}

internal sealed record OrganisationRefView(Guid Id, string Name, string? Website);

internal sealed record ContactView(string? Name, string? Email, string? Phone);

/// <summary>Where the project is listed: the sites, and the revision of the last publish, re-publish or unpublish.</summary>
internal sealed record PublicationView(bool IsPublic, string[] Sites, int Revision, DateTimeOffset? PublishedAt, Guid? PublishedBy);

/// <summary>Euro cents, exact.</summary>
internal sealed record AmountsView(long PlannedCents, long ApprovedCents, long SpentCents);

internal sealed record BudgetView(int Year, long PlannedCents, long ApprovedCents, long SpentCents);

/// <summary>A project's funding by one programme in one funding period, with its budget per year.</summary>
internal sealed record FundingLineView(
    Guid Id, Guid ProjectId, string ProgrammeCode, string ProgrammeName, string PeriodCode, string PeriodName, string? Reference, int Version,
    IReadOnlyList<BudgetView> Budgets, AmountsView Totals);

internal sealed record ProjectView(
    Guid Id, int Version, string Title, string Summary, string Description, string Status, DateOnly? PeriodStart, DateOnly? PeriodEnd,
    OrganisationRefView LeadOrganisation, IReadOnlyList<OrganisationRefView> PartnerOrganisations,
    string? DistrictCode, string[] RegionCodes, string[] DistrictCodes,
    Guid? FieldOfActionId, string? FieldOfActionName, Guid? ActionPlanId, string? ActionPlanTitle,
    ContactView? Contact, string? Website, string[] Tags, bool IsPublic, PublicationView Publication,
    IReadOnlyList<FundingLineView> Funding, AmountsView FundingTotals, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal static class ProjectReads
{
    private sealed record ProjectRow(
        Guid Id, int Version, string Title, string Summary, string Description, string Status, DateOnly? PeriodStart, DateOnly? PeriodEnd,
        Guid LeadOrganisationId, string LeadName, string? LeadWebsite, string? DistrictCode, Guid? FieldOfActionId, string? FieldOfActionName,
        Guid? ActionPlanId, string? ActionPlanTitle, string? ContactName, string? ContactEmail, string? ContactPhone, string? Website, string[] Tags,
        bool IsPublic, string[] PublicationSites, int PublicationRevision, DateTimeOffset? PublishedAt, Guid? PublishedBy,
        DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

    private sealed record LineRow(Guid Id, Guid ProjectId, string ProgrammeCode, string ProgrammeName, string PeriodCode, string PeriodName, string? Reference, int Version);

    private sealed record BudgetRow(Guid FundingLineId, int Year, long PlannedCents, long ApprovedCents, long SpentCents);

    /// <summary>Locks the project row until the command commits and returns its version.</summary>
    public static async Task<int> LockAsync(IDbSession db, Guid id, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<int?>("select version from partners.projects where id = @id for update", new { id }, ct)
        ?? throw new NotFoundException("Dieses Projekt gibt es nicht.");

    public static async Task<ProjectView> LoadAsync(IDbSession db, Guid id, CancellationToken ct)
    {
        var p = await db.QuerySingleOrDefaultAsync<ProjectRow>(
            """
            select p.id, p.version, p.title, p.summary, p.description, p.status, p.period_start, p.period_end,
                   p.lead_organisation_id, o.name as lead_name, o.website as lead_website, p.district_code,
                   p.field_of_action_id, f.name as field_of_action_name, p.action_plan_id, a.title as action_plan_title,
                   p.contact_name, p.contact_email, p.contact_phone, p.website, p.tags,
                   p.is_public, p.publication_sites, p.publication_revision, p.published_at, p.published_by, p.created_at, p.updated_at
            from partners.projects p
            join partners.organisations o on o.id = p.lead_organisation_id
            left join partners.fields_of_action f on f.id = p.field_of_action_id
            left join partners.action_plans a on a.id = p.action_plan_id
            where p.id = @id
            """, new { id }, ct) ?? throw new NotFoundException("Dieses Projekt gibt es nicht.");

        await using var grid = await db.QueryMultipleAsync(
            """
            select o.id, o.name, o.website from partners.project_partners pp join partners.organisations o on o.id = pp.organisation_id
            where pp.project_id = @id order by pp.position;
            select region_code from partners.project_regions where project_id = @id order by region_code;
            select distinct d from (
                select p.district_code as d from partners.projects p where p.id = @id and p.district_code is not null
                union select r.district_code from partners.project_regions pr join partners.regions r on r.code = pr.region_code where pr.project_id = @id) x
            order by d;
            """, new { id }, ct);
        var partners = (await grid.ReadAsync<OrganisationRefView>()).ToList();
        var regions = (await grid.ReadAsync<string>()).ToArray();
        var districts = (await grid.ReadAsync<string>()).ToArray();
        var funding = await FundingLinesAsync(db, id, null, ct);

        var contact = p.ContactName is null && p.ContactEmail is null && p.ContactPhone is null ? null : new ContactView(p.ContactName, p.ContactEmail, p.ContactPhone);
        return new ProjectView(p.Id, p.Version, p.Title, p.Summary, p.Description, p.Status, p.PeriodStart, p.PeriodEnd,
            new OrganisationRefView(p.LeadOrganisationId, p.LeadName, p.LeadWebsite), partners, p.DistrictCode, regions, districts,
            p.FieldOfActionId, p.FieldOfActionName, p.ActionPlanId, p.ActionPlanTitle, contact, p.Website, p.Tags, p.IsPublic,
            new PublicationView(p.IsPublic, p.PublicationSites, p.PublicationRevision, p.PublishedAt, p.PublishedBy),
            funding, Sum(funding.Select(f => f.Totals)), p.CreatedAt, p.UpdatedAt);
    }

    /// <summary>The project's funding lines (or one of them), each with its budgets ordered by year.</summary>
    public static async Task<IReadOnlyList<FundingLineView>> FundingLinesAsync(IDbSession db, Guid projectId, Guid? lineId, CancellationToken ct)
    {
        var lines = await db.QueryAsync<LineRow>(
            """
            select l.id, l.project_id, l.programme_code, g.name as programme_name, l.period_code, e.name as period_name, l.reference, l.version
            from partners.funding_lines l
            join partners.funding_programmes g on g.code = l.programme_code
            join partners.funding_periods e on e.code = l.period_code
            where l.project_id = @projectId and (@lineId::uuid is null or l.id = @lineId)
            order by e.starts_on, l.programme_code
            """, new { projectId, lineId }, ct);
        var budgets = (await db.QueryAsync<BudgetRow>(
            "select funding_line_id, year, planned_cents, approved_cents, spent_cents from partners.funding_line_budgets where funding_line_id = any(@ids) order by year",
            new { ids = lines.Select(l => l.Id).ToArray() }, ct)).ToLookup(b => b.FundingLineId);
        return [.. lines.Select(l =>
        {
            var years = budgets[l.Id].Select(b => new BudgetView(b.Year, b.PlannedCents, b.ApprovedCents, b.SpentCents)).ToList();
            return new FundingLineView(l.Id, l.ProjectId, l.ProgrammeCode, l.ProgrammeName, l.PeriodCode, l.PeriodName, l.Reference, l.Version, years,
                new AmountsView(years.Sum(b => b.PlannedCents), years.Sum(b => b.ApprovedCents), years.Sum(b => b.SpentCents)));
        })];
    }

    private static AmountsView Sum(IEnumerable<AmountsView> amounts)
    {
        var list = amounts.ToList();
        return new AmountsView(list.Sum(a => a.PlannedCents), list.Sum(a => a.ApprovedCents), list.Sum(a => a.SpentCents));
    }
}
