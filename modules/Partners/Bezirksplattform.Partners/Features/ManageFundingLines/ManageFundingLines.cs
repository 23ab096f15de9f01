using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Partners.Programmes;
using Bezirksplattform.Partners.Shared;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.ManageFundingLines;

/// <summary>
/// Euro cents as JSON integers: a fraction (12.5) or a value beyond 64 bits is refused by the JSON
/// reader (400 naming e.g. budgets[0].approvedCents), a negative one by the validator. Absent = 0.
/// </summary>
internal sealed record BudgetBody(int? Year, long? PlannedCents, long? ApprovedCents, long? SpentCents);

internal sealed record FundingLineBody(string? ProgrammeCode, string? PeriodCode, string? Reference, BudgetBody[]? Budgets, int? Version);

/// <summary>Creates a funding line (LineId null) or replaces its reference and its whole set of yearly budgets.</summary>
internal sealed record SaveFundingLineCommand(
    Guid ProjectId, Guid? LineId, int? ExpectedVersion, string ProgrammeCode, string PeriodCode, string? Reference, BudgetBody[] Budgets, Guid ActorId)
    : ICommand<FundingLineView>;

internal sealed class SaveFundingLineValidator : AbstractValidator<SaveFundingLineCommand>
{
    // A trillion euros: far beyond any budget, and sums of many stay well inside 64 bits.
    private const long MaxCents = 100_000_000_000_000;

    public SaveFundingLineValidator()
    {
        RuleFor(x => x.ProgrammeCode).NotEmpty().When(x => x.LineId is null).WithMessage("Darf nicht leer sein.");
        RuleFor(x => x.PeriodCode).NotEmpty().When(x => x.LineId is null).WithMessage("Darf nicht leer sein.");
        RuleFor(x => x.Reference).MaximumLength(200);
        RuleFor(x => x.Budgets).Must(b => b.Length <= 50).WithMessage("Höchstens 50 Jahre.");
        RuleForEach(x => x.Budgets).NotNull().WithMessage("Darf nicht leer sein.").ChildRules(b =>
        {
            b.RuleFor(x => x.Year).NotNull().WithMessage("Darf nicht leer sein.").InclusiveBetween(1990, 2100);
            b.RuleFor(x => x.PlannedCents).InclusiveBetween(0, MaxCents).WithMessage("Ganze Cent ab 0.");
            b.RuleFor(x => x.ApprovedCents).InclusiveBetween(0, MaxCents).WithMessage("Ganze Cent ab 0.");
            b.RuleFor(x => x.SpentCents).InclusiveBetween(0, MaxCents).WithMessage("Ganze Cent ab 0.");
        });
    }
}

internal sealed class SaveFundingLineHandler(IDbSession db, IIntegrationEventOutbox outbox, TimeProvider clock) : IRequestHandler<SaveFundingLineCommand, FundingLineView>
{
    public async Task<FundingLineView> Handle(SaveFundingLineCommand request, CancellationToken ct)
    {
        await ProjectReads.LockAsync(db, request.ProjectId, ct);
        var now = clock.GetUtcNow();
        FundingLineView? before = null;
        Guid lineId;
        if (request.LineId is { } existingId)
        {
            before = (await ProjectReads.FundingLinesAsync(db, request.ProjectId, existingId, ct)).SingleOrDefault()
                     ?? throw new NotFoundException("Diese Finanzierung gibt es bei diesem Projekt nicht.");
            Versioning.Check(before.Version, request.ExpectedVersion);
            if (request.ProgrammeCode.Length > 0 && request.ProgrammeCode != before.ProgrammeCode)
                throw new FieldProblemException("programmeCode", "Programm und Förderperiode einer Finanzierung bleiben; legen Sie eine neue Finanzierung an.");
            if (request.PeriodCode.Length > 0 && request.PeriodCode != before.PeriodCode)
                throw new FieldProblemException("periodCode", "Programm und Förderperiode einer Finanzierung bleiben; legen Sie eine neue Finanzierung an.");
            lineId = existingId;
        }
        else
        {
            await CheckProgrammeAndPeriodAsync(request, ct);
            lineId = Guid.CreateVersion7();
        }

        var period = await db.QuerySingleAsync<PeriodRange>(
            "select starts_on, ends_on from partners.funding_periods where code = @code", new { code = before?.PeriodCode ?? request.PeriodCode }, ct);
        var yearProblems = new Dictionary<string, string[]>();
        foreach (var (budget, i) in request.Budgets.Select((b, i) => (b, i)))
        {
            if (budget.Year < period.StartsOn.Year || budget.Year > period.EndsOn.Year)
                yearProblems[$"budgets[{i}].year"] = [$"Liegt außerhalb der Förderperiode ({period.StartsOn.Year}–{period.EndsOn.Year})."];
            else if (request.Budgets.Take(i).Any(o => o.Year == budget.Year))
                yearProblems[$"budgets[{i}].year"] = ["Jedes Jahr nur einmal."];
        }

        if (yearProblems.Count > 0) throw new ProblemException(400, "Die Anfrage ist ungültig.", "Mindestens ein Jahr ist ungültig.", yearProblems);

        if (before is null)
        {
            await db.ExecuteAsync(
                """
                insert into partners.funding_lines (id, project_id, programme_code, period_code, reference, created_at, created_by, updated_at, updated_by)
                values (@lineId, @ProjectId, @ProgrammeCode, @PeriodCode, @Reference, @now, @ActorId, @now, @ActorId)
                """, new { lineId, request.ProjectId, request.ProgrammeCode, request.PeriodCode, request.Reference, now, request.ActorId }, ct);
            await PartnersHistory.RecordAsync(db, "funding_line", lineId, "created",
                new { request.ProjectId, request.ProgrammeCode, request.PeriodCode, request.Reference }, request.ActorId, now, ct);
        }
        else
        {
            await db.ExecuteAsync(
                "update partners.funding_lines set reference = @Reference, version = version + 1, updated_at = @now, updated_by = @ActorId where id = @lineId",
                new { lineId, request.Reference, now, request.ActorId }, ct);
            if (before.Reference != request.Reference)
                await PartnersHistory.RecordAsync(db, "funding_line", lineId, "updated",
                    new { reference = new { from = before.Reference, to = request.Reference } }, request.ActorId, now, ct);
        }

        var budgets = request.Budgets.Select(b => new BudgetView(b.Year!.Value, b.PlannedCents ?? 0, b.ApprovedCents ?? 0, b.SpentCents ?? 0)).ToList();
        await db.ExecuteAsync(
            """
            delete from partners.funding_line_budgets where funding_line_id = @lineId and not (year = any(@years));
            """, new { lineId, years = budgets.Select(b => b.Year).ToArray() }, ct);
        await db.ExecuteAsync(
            """
            insert into partners.funding_line_budgets (funding_line_id, year, planned_cents, approved_cents, spent_cents)
            values (@lineId, @Year, @PlannedCents, @ApprovedCents, @SpentCents)
            on conflict (funding_line_id, year) do update set planned_cents = excluded.planned_cents,
                approved_cents = excluded.approved_cents, spent_cents = excluded.spent_cents
            """, budgets.Select(b => new { lineId, b.Year, b.PlannedCents, b.ApprovedCents, b.SpentCents }), ct);
        await BudgetHistory.RecordAsync(db, lineId, before?.Budgets ?? [], budgets, request.ActorId, now, ct);

        await ProjectListing.RepublishIfPublicAsync(db, outbox, request.ProjectId, ct);
        return (await ProjectReads.FundingLinesAsync(db, request.ProjectId, lineId, ct)).Single();
    }

    private async Task CheckProgrammeAndPeriodAsync(SaveFundingLineCommand request, CancellationToken ct)
    {
        var known = await db.QuerySingleAsync<Known>(
            """
            select exists (select 1 from partners.funding_programmes where code = @ProgrammeCode) as programme,
                   exists (select 1 from partners.funding_periods where code = @PeriodCode) as period,
                   exists (select 1 from partners.programme_periods where programme_code = @ProgrammeCode and period_code = @PeriodCode) as runs,
                   exists (select 1 from partners.funding_lines where project_id = @ProjectId and programme_code = @ProgrammeCode and period_code = @PeriodCode) as taken
            """, request, ct);
        if (!known.Programme) throw new FieldProblemException("programmeCode", "Unbekanntes Förderprogramm.");
        if (!known.Period) throw new FieldProblemException("periodCode", "Unbekannte Förderperiode.");
        if (!known.Runs) throw new FieldProblemException("periodCode", $"Das Programm {request.ProgrammeCode} läuft nicht in der Förderperiode {request.PeriodCode}.");
        if (known.Taken)
            throw new ConflictException($"Das Projekt hat schon eine Finanzierung aus {request.ProgrammeCode} in {request.PeriodCode}; ändern Sie deren Budgets.");
    }

    private sealed record Known(bool Programme, bool Period, bool Runs, bool Taken);

    private sealed record PeriodRange(DateOnly StartsOn, DateOnly EndsOn);
}

internal sealed record DeleteFundingLineCommand(Guid ProjectId, Guid LineId, int? ExpectedVersion, Guid ActorId) : ICommand<bool>;

internal sealed class DeleteFundingLineHandler(IDbSession db, IIntegrationEventOutbox outbox, TimeProvider clock) : IRequestHandler<DeleteFundingLineCommand, bool>
{
    public async Task<bool> Handle(DeleteFundingLineCommand request, CancellationToken ct)
    {
        await ProjectReads.LockAsync(db, request.ProjectId, ct);
        var line = (await ProjectReads.FundingLinesAsync(db, request.ProjectId, request.LineId, ct)).SingleOrDefault()
                   ?? throw new NotFoundException("Diese Finanzierung gibt es bei diesem Projekt nicht.");
        Versioning.Check(line.Version, request.ExpectedVersion);
        var now = clock.GetUtcNow();
        await BudgetHistory.RecordAsync(db, line.Id, line.Budgets, [], request.ActorId, now, ct);
        await db.ExecuteAsync("delete from partners.funding_lines where id = @LineId", request, ct);
        await PartnersHistory.RecordAsync(db, "funding_line", line.Id, "deleted",
            new { line.ProjectId, line.ProgrammeCode, line.PeriodCode, line.Reference, line.Totals }, request.ActorId, now, ct);
        await ProjectListing.RepublishIfPublicAsync(db, outbox, request.ProjectId, ct);
        return true;
    }
}

internal sealed record ListFundingLinesQuery(Guid ProjectId) : IQuery<IReadOnlyList<FundingLineView>>;

internal sealed class ListFundingLinesHandler(IDbSession db) : IRequestHandler<ListFundingLinesQuery, IReadOnlyList<FundingLineView>>
{
    public async Task<IReadOnlyList<FundingLineView>> Handle(ListFundingLinesQuery request, CancellationToken ct)
    {
        if (!await db.ExecuteScalarAsync<bool>("select exists (select 1 from partners.projects where id = @ProjectId)", request, ct))
            throw new NotFoundException("Dieses Projekt gibt es nicht.");
        return await ProjectReads.FundingLinesAsync(db, request.ProjectId, null, ct);
    }
}

/// <summary>One history row (entity type "budget", keyed by the funding line) per year whose amounts changed, with from/to values.</summary>
internal static class BudgetHistory
{
    public static async Task RecordAsync(IDbSession db, Guid lineId, IReadOnlyList<BudgetView> before, IReadOnlyList<BudgetView> after,
        Guid actor, DateTimeOffset now, CancellationToken ct)
    {
        var old = before.ToDictionary(b => b.Year);
        var current = after.ToDictionary(b => b.Year);
        foreach (var year in old.Keys.Union(current.Keys).Order())
        {
            old.TryGetValue(year, out var from);
            current.TryGetValue(year, out var to);
            if (from == to) continue;
            var action = from is null ? "created" : to is null ? "deleted" : "updated";
            await PartnersHistory.RecordAsync(db, "budget", lineId, action, new
            {
                year,
                plannedCents = new { from = from?.PlannedCents, to = to?.PlannedCents },
                approvedCents = new { from = from?.ApprovedCents, to = to?.ApprovedCents },
                spentCents = new { from = from?.SpentCents, to = to?.SpentCents },
            }, actor, now, ct);
        }
    }
}

internal static class ManageFundingLinesEndpoints
{
    public static void MapManageFundingLines(this IEndpointRouteBuilder projects)
    {
        projects.MapGet("/{id:guid}/funding-lines", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListFundingLinesQuery(id), ct)))
            .WithName("ListFundingLines").WithSummary("Finanzierungen eines Projekts (Programm × Förderperiode) mit Budgets je Jahr in Cent")
            .Produces<IReadOnlyList<FundingLineView>>().ProducesProblem(StatusCodes.Status404NotFound);
        projects.MapPost("/{id:guid}/funding-lines", async (Guid id, FundingLineBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var line = await mediator.Send(ToCommand(id, null, null, body, http), ct);
                return Versioning.Created(http, $"/api/partners/projects/{id}/funding-lines/{line.Id}", line, line.Version);
            })
            .RequireCoordinator().WithName("CreateFundingLine").WithSummary("Finanzierung anlegen: Programm, Förderperiode, Budgets je Jahr (geplant, bewilligt, ausgegeben; Cent)")
            .Produces<FundingLineView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        projects.MapPut("/{id:guid}/funding-lines/{lineId:guid}", async (Guid id, Guid lineId, FundingLineBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var line = await mediator.Send(ToCommand(id, lineId, Versioning.Required(http, body.Version), body, http), ct);
                return Versioning.Ok(http, line, line.Version);
            })
            .RequireCoordinator().WithName("UpdateFundingLine").WithSummary("Budgets einer Finanzierung ersetzen (If-Match: Version); jede Änderung landet in der Historie")
            .Produces<FundingLineView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status412PreconditionFailed);
        projects.MapDelete("/{id:guid}/funding-lines/{lineId:guid}", async (Guid id, Guid lineId, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new DeleteFundingLineCommand(id, lineId, Versioning.Expected(http), CurrentUser.Required(http).Id), ct);
                return Results.NoContent();
            })
            .RequireCoordinator().WithName("DeleteFundingLine").WithSummary("Finanzierung mit ihren Budgets löschen")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static SaveFundingLineCommand ToCommand(Guid projectId, Guid? lineId, int? version, FundingLineBody body, HttpContext http) =>
        new(projectId, lineId, version, body.ProgrammeCode?.Trim() ?? "", body.PeriodCode?.Trim() ?? "", Input.Blank(body.Reference),
            body.Budgets ?? [], CurrentUser.Required(http).Id);
}
