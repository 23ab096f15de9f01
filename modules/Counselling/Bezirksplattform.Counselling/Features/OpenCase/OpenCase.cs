using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Cases;
using Bezirksplattform.Counselling.Clients;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.OpenCase;

/// <summary>
/// Opens a case for a visible client in one service line. At most one case per line is open at a
/// time: then nothing is written and the result names the open case (409).
/// </summary>
internal sealed record OpenCaseCommand(Guid ClientId, string ServiceLine, string? OpenedOn, string? Plan, Viewer Viewer) : ICommand<OpenCaseResult>;

internal sealed record OpenCaseResult(CaseView? Case, Guid? OpenCaseId);

internal sealed class OpenCaseValidator : AbstractValidator<OpenCaseCommand>
{
    public OpenCaseValidator()
    {
        RuleFor(x => x.ServiceLine).Must(CaseVocabulary.ServiceLines.Contains).WithMessage(CounsellingVocabulary.Allowed(CaseVocabulary.ServiceLines));
        RuleFor(x => x.OpenedOn).Must(d => d is null || Inputs.IsDate(d)).WithMessage(Inputs.DateFormat);
        RuleFor(x => x.Plan).MaximumLength(8000);
    }
}

internal sealed class OpenCaseHandler(IDbSession db, TimeProvider clock) : IRequestHandler<OpenCaseCommand, OpenCaseResult>
{
    public async Task<OpenCaseResult> Handle(OpenCaseCommand request, CancellationToken ct)
    {
        // Locking the client queues two openings of the same client, so the check below sees the other's case.
        await ClientAccess.RequireProcessableAsync(db, request.Viewer, request.ClientId, ct, forUpdate: true);
        var now = clock.GetUtcNow();
        var openedOn = Inputs.ParseDate(request.OpenedOn) ?? now.BerlinDate();
        if (openedOn > now.BerlinDate()) throw new FieldProblemException("openedOn", "Ein Fall kann nicht in der Zukunft eröffnet werden.");

        var open = await db.QuerySingleOrDefaultAsync<Guid?>(
            "select id from counselling.cases where client_id = @ClientId and service_line = @ServiceLine and closed_on is null",
            new { request.ClientId, request.ServiceLine }, ct);
        if (open is not null) return new OpenCaseResult(null, open);

        var id = Guid.CreateVersion7();
        await db.ExecuteAsync(
            """
            insert into counselling.cases (id, client_id, service_line, opened_on, plan, opened_by, version, created_at, updated_at)
            values (@id, @ClientId, @ServiceLine, @openedOn, @Plan, @by, 1, @now, @now)
            """, new { id, request.ClientId, request.ServiceLine, openedOn, request.Plan, by = request.Viewer.UserId, now }, ct);
        await ClientAccess.LogAsync(db, request.Viewer, "update", request.ClientId, "case opened", now, ct);
        return new OpenCaseResult(await CaseReads.LoadOneAsync(db, id, ct), null);
    }
}

internal sealed record OpenCaseBody(string? ServiceLine, string? OpenedOn, string? Plan);

internal static class OpenCaseEndpoints
{
    public static void MapOpenCase(this IEndpointRouteBuilder counselling) =>
        counselling.MapPost("/clients/{id:guid}/cases", async (Guid id, OpenCaseBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var result = await mediator.Send(new OpenCaseCommand(id, Inputs.Clean(body.ServiceLine)?.ToLowerInvariant() ?? "",
                    Inputs.Clean(body.OpenedOn), Inputs.Clean(body.Plan), Viewer.From(http)), ct);
                if (result.Case is { } opened)
                {
                    http.Response.Headers.ETag = $"\"{opened.Version}\"";
                    return Results.Created($"/api/counselling/cases/{opened.Id}", opened);
                }

                return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Fall schon offen",
                    detail: $"Für diesen Klienten ist in diesem Leistungsbereich schon ein Fall offen ({result.OpenCaseId}). "
                        + "Schließen Sie ihn, bevor Sie einen neuen eröffnen.",
                    extensions: new Dictionary<string, object?> { ["openCaseId"] = result.OpenCaseId });
            })
            .WithName("OpenCase").WithSummary("Fall eröffnen (je Klient und Leistungsbereich höchstens ein offener Fall; 409 nennt ihn)")
            .Produces<CaseView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
