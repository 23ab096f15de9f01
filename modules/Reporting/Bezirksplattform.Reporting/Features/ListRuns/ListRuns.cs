using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Reporting.Runs;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Reporting.Features.ListRuns;

internal sealed record ListRunsQuery(string? Definition, string? Status, int Page) : IQuery<ReportRunPage>;

internal sealed record ReportRunPage(IReadOnlyList<ReportRunView> Items, long Total, int Page, int PageSize);

internal sealed class ListRunsValidator : AbstractValidator<ListRunsQuery>
{
    public ListRunsValidator()
    {
        RuleFor(x => x.Status).Must(s => s is null || ReportRuns.Statuses.Contains(s))
            .WithMessage($"Unbekannter Status; erlaubt sind {string.Join(", ", ReportRuns.Statuses)}.");
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1).WithMessage("Die Seite beginnt bei 1.");
        RuleFor(x => x.Definition).MaximumLength(100);
    }
}

/// <summary>Newest first, 50 per page.</summary>
internal sealed class ListRunsHandler(IDbSession db) : IRequestHandler<ListRunsQuery, ReportRunPage>
{
    public const int PageSize = 50;

    public async Task<ReportRunPage> Handle(ListRunsQuery request, CancellationToken ct)
    {
        var args = new { request.Definition, request.Status, limit = PageSize, offset = (request.Page - 1) * PageSize };
        const string where = "(@Definition::text is null or r.definition = @Definition) and (@Status::text is null or r.status = @Status)";
        var total = await db.ExecuteScalarAsync<long>($"select count(*) from reporting.report_runs r where {where}", args, ct);
        var items = await db.QueryAsync<ReportRunView>(
            $"select {ReportRuns.Columns} from {ReportRuns.From} where {where} order by r.queued_at desc, r.id desc limit @limit offset @offset", args, ct);
        return new ReportRunPage(items, total, request.Page, PageSize);
    }
}

internal static class ListRunsEndpoint
{
    public static void MapListRuns(this IEndpointRouteBuilder reports) =>
        reports.MapGet("/runs", (string? definition, string? status, int? page, IMediator mediator, CancellationToken ct) =>
                mediator.Send(new ListRunsQuery(Blank(definition), Blank(status), page ?? 1), ct))
            .WithName("ListReportRuns")
            .WithSummary("Berichtsläufe, neueste zuerst")
            .Produces<ReportRunPage>()
            .ProducesValidationProblem();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
