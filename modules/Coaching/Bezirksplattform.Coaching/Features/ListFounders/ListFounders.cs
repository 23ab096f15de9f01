using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Coaching.Founders;
using Bezirksplattform.Coaching.Staff;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.ListFounders;

internal sealed record FounderPage(IReadOnlyList<FounderSummary> Items, int Page, int PageSize, long Total);

/// <summary>Founders by name or e-mail (search) and stage; a coach sees those who booked with them.</summary>
internal sealed record ListFoundersQuery(string? Search, string? Stage, int Page, int PageSize, StaffViewer Viewer) : IQuery<FounderPage>;

internal sealed class ListFoundersHandler(IDbSession db, TimeProvider clock) : IRequestHandler<ListFoundersQuery, FounderPage>
{
    public async Task<FounderPage> Handle(ListFoundersQuery request, CancellationToken ct)
    {
        var coach = await request.Viewer.CoachFilterAsync(db, ct);
        var where =
            $"""
            from coaching.founders f
            where {FounderReads.Visible} and (@Stage::text is null or f.stage = @Stage)
              and (@pattern::text is null or f.name ilike @pattern or f.email_normalized ilike @pattern)
            """;
        var pattern = string.IsNullOrWhiteSpace(request.Search)
            ? null
            : "%" + request.Search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        var args = new { coach, request.Stage, pattern, now = clock.GetUtcNow(), request.PageSize, Offset = (request.Page - 1) * request.PageSize };
        var items = await db.QueryAsync<FounderSummary>(
            $"select {FounderReads.SummaryColumns} {where} order by f.updated_at desc, f.id limit @PageSize offset @Offset", args, ct);
        return new FounderPage(items, request.Page, request.PageSize, await db.ExecuteScalarAsync<long>($"select count(*) {where}", args, ct));
    }
}

internal static class ListFoundersEndpoint
{
    public static void MapListFounders(this IEndpointRouteBuilder staff) =>
        staff.MapGet("/founders", async (string? search, string? stage, int? page, int? pageSize, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                if (stage is not null && !FounderStages.All.Contains(stage))
                    throw new FieldProblemException("stage", $"Erlaubt: {string.Join(", ", FounderStages.All)}.");
                if (search is { Length: > 200 }) throw new FieldProblemException("search", "Höchstens 200 Zeichen.");
                if (page is < 1) throw new FieldProblemException("page", "Ab 1.");
                if (pageSize is < 1 or > 100) throw new FieldProblemException("pageSize", "1 bis 100.");
                return Results.Ok(await mediator.Send(new ListFoundersQuery(search, stage, page ?? 1, pageSize ?? 25, StaffViewer.From(http)), ct));
            })
            .WithName("ListCoachingFounders")
            .WithSummary("Gründerinnen und Gründer mit Phase, Gründungsdatum und Terminen (Coaches: die eigenen)")
            .Produces<FounderPage>().ProducesValidationProblem();
}
