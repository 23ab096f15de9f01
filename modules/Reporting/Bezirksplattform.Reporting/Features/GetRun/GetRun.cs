using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Reporting.Runs;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Reporting.Features.GetRun;

internal sealed record GetRunQuery(Guid Id) : IQuery<ReportRunView>;

internal sealed class GetRunHandler(IDbSession db) : IRequestHandler<GetRunQuery, ReportRunView>
{
    public async Task<ReportRunView> Handle(GetRunQuery request, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<ReportRunView>(ReportRuns.ById, request, ct)
        ?? throw new NotFoundException("Diesen Berichtslauf gibt es nicht.");
}

internal static class GetRunEndpoint
{
    public static void MapGetRun(this IEndpointRouteBuilder reports) =>
        reports.MapGet("/runs/{id:guid}", (Guid id, IMediator mediator, CancellationToken ct) => mediator.Send(new GetRunQuery(id), ct))
            .WithName("GetReportRun")
            .WithSummary("Berichtslauf: Status, Fortschritt, Fehlergrund, Prüfsumme, Downloads")
            .Produces<ReportRunView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
}
