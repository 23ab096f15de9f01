using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Reporting.Definitions;
using Bezirksplattform.Reporting.Runs;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Reporting.Features.RequestRun;

/// <summary>Body of POST /api/reports/runs; publication defaults to true (small counts withheld).</summary>
internal sealed record RequestRunBody(string? Definition, string? Period, bool? Publication);

internal sealed record RequestRunCommand(string Definition, string Period, bool ForPublication, Guid RequestedBy) : ICommand<ReportRunView>;

internal sealed class RequestRunValidator : AbstractValidator<RequestRunCommand>
{
    public RequestRunValidator()
    {
        RuleFor(x => x.Definition).NotEmpty().WithMessage("Bitte eine Berichtsart angeben.").MaximumLength(100);
        RuleFor(x => x.Period).NotEmpty().WithMessage("Bitte einen Zeitraum angeben, z. B. 2026-Q3, 2026 oder 2026-10.").MaximumLength(20);
    }
}

/// <summary>Queues an on-demand run for a complete past period; the runner picks it up within seconds.</summary>
internal sealed class RequestRunHandler(IDbSession db, IEnumerable<IReportDefinition> definitions, TimeProvider clock)
    : IRequestHandler<RequestRunCommand, ReportRunView>
{
    public async Task<ReportRunView> Handle(RequestRunCommand request, CancellationToken ct)
    {
        var definition = definitions.Find(request.Definition)
            ?? throw new FieldProblemException("definition",
                $"Die Berichtsart „{request.Definition}“ gibt es nicht. Bekannt sind: {string.Join(", ", definitions.Select(d => d.Key))}.");
        var period = definition.ParsePeriod(request.Period.Trim())
            ?? throw new FieldProblemException("period",
                $"„{request.Period}“ ist kein Zeitraum für {definition.Title}, z. B. {definition.PeriodForScheduledRun(clock.Today()).Key}.");
        // Figures of a period still running would change after the snapshot froze them.
        if (period.To >= clock.Today())
            throw new FieldProblemException("period", $"Der Zeitraum {period.Label} ist noch nicht abgeschlossen (endet am {period.To:dd.MM.yyyy}).");

        var id = Guid.CreateVersion7();
        await db.ExecuteAsync(
            """
            insert into reporting.report_runs (id, definition, period_key, period_from, period_to, for_publication, trigger, requested_by, status, queued_at)
            values (@id, @definition, @Key, @From, @To, @ForPublication, 'on_demand', @RequestedBy, 'queued', @now)
            """, new { id, definition = definition.Key, period.Key, period.From, period.To, request.ForPublication, request.RequestedBy, now = clock.GetUtcNow() }, ct);
        return await db.QuerySingleAsync<ReportRunView>(ReportRuns.ById, new { Id = id }, ct);
    }
}

internal static class RequestRunEndpoint
{
    public static void MapRequestRun(this IEndpointRouteBuilder reports) =>
        reports.MapPost("/runs", async (RequestRunBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var user = CurrentUser.Required(http);
                var run = await mediator.Send(new RequestRunCommand(body.Definition ?? "", body.Period ?? "", body.Publication ?? true, user.Id), ct);
                return Results.Accepted(run.Links.Self, run);
            })
            .WithName("RequestReportRun")
            .WithSummary("Bericht erstellen lassen (Lauf einreihen)")
            .Produces<ReportRunView>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem();
}
