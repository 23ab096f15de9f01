using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Partners.Programmes;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.ListProjects;

internal sealed record ProjectSummary(
    Guid Id, int Version, string Title, string Status, DateOnly? PeriodStart, DateOnly? PeriodEnd, Guid LeadOrganisationId, string LeadOrganisationName,
    string[] RegionCodes, string[] DistrictCodes, string[] ProgrammeCodes, long ApprovedCents, bool IsPublic, DateTimeOffset UpdatedAt);

internal sealed record ProjectPage(IReadOnlyList<ProjectSummary> Items, int Page, int PageSize, long Total);

/// <summary>
/// Filters: <c>programme</c> and <c>period</c> (funding programme and period codes of its funding lines), <c>region</c>,
/// <c>district</c> (its district or a region in it), <c>fieldOfAction</c>, <c>status</c>, <c>organisation</c> (lead or partner), <c>q</c> (title).
/// </summary>
internal sealed record ListProjectsQuery(
    string? Programme, string? Period, string? Region, string? District, Guid? FieldOfAction, string? Status, Guid? Organisation, string? Q,
    int Page, int PageSize) : IQuery<ProjectPage>;

internal sealed class ListProjectsHandler(IDbSession db) : IRequestHandler<ListProjectsQuery, ProjectPage>
{
    private const string Where =
        """
        from partners.projects p
        join partners.organisations o on o.id = p.lead_organisation_id
        where (@Programme::text is null or exists (select 1 from partners.funding_lines l where l.project_id = p.id and l.programme_code = @Programme))
          and (@Period::text is null or exists (select 1 from partners.funding_lines l where l.project_id = p.id and l.period_code = @Period))
          and (@Region::text is null or exists (select 1 from partners.project_regions r where r.project_id = p.id and r.region_code = @Region))
          and (@District::text is null or p.district_code = @District or exists (
                select 1 from partners.project_regions r join partners.regions g on g.code = r.region_code where r.project_id = p.id and g.district_code = @District))
          and (@FieldOfAction::uuid is null or p.field_of_action_id = @FieldOfAction)
          and (@Status::text is null or p.status = @Status)
          and (@Organisation::uuid is null or p.lead_organisation_id = @Organisation
               or exists (select 1 from partners.project_partners pp where pp.project_id = p.id and pp.organisation_id = @Organisation))
          and (@Q::text is null or lower(p.title) like '%' || lower(@Q) || '%')
        """;

    public async Task<ProjectPage> Handle(ListProjectsQuery request, CancellationToken ct)
    {
        var items = await db.QueryAsync<ProjectSummary>(
            $"""
            select p.id, p.version, p.title, p.status, p.period_start, p.period_end, p.lead_organisation_id, o.name as lead_organisation_name,
                   array(select r.region_code from partners.project_regions r where r.project_id = p.id order by 1) as region_codes,
                   array(select d from (select p.district_code as d where p.district_code is not null
                                        union select g.district_code from partners.project_regions r join partners.regions g on g.code = r.region_code
                                        where r.project_id = p.id) x order by 1) as district_codes,
                   array(select distinct l.programme_code from partners.funding_lines l where l.project_id = p.id order by 1) as programme_codes,
                   (select coalesce(sum(b.approved_cents), 0)::bigint from partners.funding_lines l
                    join partners.funding_line_budgets b on b.funding_line_id = l.id where l.project_id = p.id) as approved_cents,
                   p.is_public, p.updated_at
            {Where}
            order by p.period_start desc nulls last, lower(p.title), p.id
            limit @PageSize offset @Offset
            """, new
            {
                request.Programme, request.Period, request.Region, request.District, request.FieldOfAction, request.Status, request.Organisation,
                request.Q, request.PageSize, Offset = (request.Page - 1) * request.PageSize,
            }, ct);
        var total = await db.ExecuteScalarAsync<long>($"select count(*) {Where}", request, ct);
        return new ProjectPage(items, request.Page, request.PageSize, total);
    }
}

internal sealed record GetProjectQuery(Guid Id) : IQuery<ProjectView>;

internal sealed class GetProjectHandler(IDbSession db) : IRequestHandler<GetProjectQuery, ProjectView>
{
    public Task<ProjectView> Handle(GetProjectQuery request, CancellationToken ct) => ProjectReads.LoadAsync(db, request.Id, ct);
}

internal static class ListProjectsEndpoints
{
    public static void MapListProjects(this IEndpointRouteBuilder projects)
    {
        projects.MapGet("/", async (string? programme, string? period, string? region, string? district, Guid? fieldOfAction, string? status,
                Guid? organisation, string? q, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
            {
                if (status is not null && !ProjectStatuses.All.Contains(status))
                    throw new FieldProblemException("status", $"Erlaubt: {string.Join(", ", ProjectStatuses.All)}.");
                if (page is < 1) throw new FieldProblemException("page", "Ab 1.");
                if (pageSize is < 1 or > 200) throw new FieldProblemException("pageSize", "1 bis 200.");
                return Results.Ok(await mediator.Send(new ListProjectsQuery(Input.Blank(programme), Input.Blank(period), Input.Blank(region),
                    Input.Blank(district), fieldOfAction, status, organisation, Input.Blank(q), page ?? 1, pageSize ?? 50), ct));
            })
            .WithName("ListPartnerProjects").WithSummary("Projekte, gefiltert nach Förderprogramm, Förderperiode, Region, Bezirk, Handlungsfeld, Status, Organisation")
            .Produces<ProjectPage>().ProducesValidationProblem();
        projects.MapGet("/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var project = await mediator.Send(new GetProjectQuery(id), ct);
                return Versioning.Ok(http, project, project.Version);
            })
            .WithName("GetPartnerProject").WithSummary("Ein Projekt mit Finanzierung und Veröffentlichung (ETag = Version)")
            .Produces<ProjectView>().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
