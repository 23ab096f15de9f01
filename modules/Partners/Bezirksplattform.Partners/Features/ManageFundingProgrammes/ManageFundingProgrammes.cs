using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Partners.Programmes;
using Bezirksplattform.Partners.Shared;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.ManageFundingProgrammes;

internal static class FunderLevels
{
    public static readonly string[] All = ["federal", "state", "federal_state", "eu", "district"];
}

/// <summary>A funding programme (Förderprogramm) and the funding periods it runs in.</summary>
internal sealed record FundingProgrammeView(
    string Code, string Name, string FunderLevel, string? Description, string? Website, string[] PeriodCodes, int Version,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record FundingProgrammeBody(string? Code, string? Name, string? FunderLevel, string? Description, string? Website, string[]? PeriodCodes, int? Version);

internal sealed record SaveFundingProgrammeCommand(
    bool Create, string Code, int? ExpectedVersion, string Name, string FunderLevel, string? Description, string? Website, string[] PeriodCodes, Guid ActorId)
    : ICommand<FundingProgrammeView>;

internal sealed class SaveFundingProgrammeValidator : AbstractValidator<SaveFundingProgrammeCommand>
{
    public SaveFundingProgrammeValidator()
    {
        RuleFor(x => x.Code).Matches("^[A-Z0-9]+(-[A-Z0-9]+)*$").WithMessage("Großbuchstaben, Ziffern und Bindestriche, z. B. ESF-PLUS.").MaximumLength(40);
        RuleFor(x => x.Name).NotEmpty().WithMessage("Darf nicht leer sein.").MaximumLength(300);
        RuleFor(x => x.FunderLevel).Must(l => FunderLevels.All.Contains(l)).WithMessage($"Erlaubt: {string.Join(", ", FunderLevels.All)}.");
        RuleFor(x => x.Description).MaximumLength(4000);
        RuleFor(x => x.PeriodCodes).Must(c => c.Distinct().Count() == c.Length).WithMessage("Jede Förderperiode nur einmal.");
    }
}

internal sealed class SaveFundingProgrammeHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SaveFundingProgrammeCommand, FundingProgrammeView>
{
    public async Task<FundingProgrammeView> Handle(SaveFundingProgrammeCommand request, CancellationToken ct)
    {
        var knownPeriods = (await db.QueryAsync<string>("select code from partners.funding_periods where code = any(@PeriodCodes)", request, ct)).ToHashSet();
        var unknown = request.PeriodCodes.Select((c, i) => (c, i)).Where(x => !knownPeriods.Contains(x.c))
            .ToDictionary(x => $"periodCodes[{x.i}]", _ => new[] { "Unbekannte Förderperiode." });
        if (unknown.Count > 0) throw new ProblemException(400, "Die Anfrage ist ungültig.", "Unbekannte Förderperiode.", unknown);

        var now = clock.GetUtcNow();
        var args = new { request.Code, request.Name, request.FunderLevel, request.Description, request.Website, now, request.ActorId };
        FundingProgrammeView? before = null;
        if (request.Create)
        {
            var inserted = await db.ExecuteAsync(
                """
                insert into partners.funding_programmes (code, name, funder_level, description, website, created_at, created_by, updated_at, updated_by)
                values (@Code, @Name, @FunderLevel, @Description, @Website, @now, @ActorId, @now, @ActorId)
                on conflict (code) do nothing
                """, args, ct);
            if (inserted == 0) throw new ConflictException($"Das Förderprogramm '{request.Code}' gibt es schon.");
        }
        else
        {
            before = await FundingProgrammes.LoadAsync(db, request.Code, ct, forUpdate: true);
            Versioning.Check(before.Version, request.ExpectedVersion);
            var dropped = before.PeriodCodes.Except(request.PeriodCodes).ToArray();
            var used = await db.QueryAsync<string>(
                "select distinct period_code from partners.funding_lines where programme_code = @Code and period_code = any(@dropped) order by 1",
                new { request.Code, dropped }, ct);
            if (used.Count > 0)
                throw new ConflictException($"Projekte werden in {string.Join(", ", used)} aus diesem Programm gefördert; die Förderperiode bleibt zugeordnet.");
            await db.ExecuteAsync(
                """
                update partners.funding_programmes set name = @Name, funder_level = @FunderLevel, description = @Description, website = @Website,
                    version = version + 1, updated_at = @now, updated_by = @ActorId
                where code = @Code
                """, args, ct);
        }

        await db.ExecuteAsync(
            """
            delete from partners.programme_periods where programme_code = @Code and not (period_code = any(@PeriodCodes));
            insert into partners.programme_periods (programme_code, period_code) select @Code, unnest(@PeriodCodes) on conflict do nothing;
            """, request, ct);
        var after = await FundingProgrammes.LoadAsync(db, request.Code, ct);
        await PartnersHistory.RecordAsync(db, "funding_programme", FundingProgrammes.HistoryId(request.Code), before is null ? "created" : "updated",
            before is null ? after : PartnersHistory.Diff(before with { Version = 0, UpdatedAt = default }, after with { Version = 0, UpdatedAt = default }),
            request.ActorId, now, ct);
        return after;
    }
}

internal sealed record DeleteFundingProgrammeCommand(string Code, int? ExpectedVersion, Guid ActorId) : ICommand<bool>;

internal sealed class DeleteFundingProgrammeHandler(IDbSession db, TimeProvider clock) : IRequestHandler<DeleteFundingProgrammeCommand, bool>
{
    public async Task<bool> Handle(DeleteFundingProgrammeCommand request, CancellationToken ct)
    {
        var existing = await FundingProgrammes.LoadAsync(db, request.Code, ct, forUpdate: true);
        Versioning.Check(existing.Version, request.ExpectedVersion);
        if (await db.ExecuteScalarAsync<bool>("select exists (select 1 from partners.funding_lines where programme_code = @Code)", request, ct))
            throw new ConflictException("Projekte werden aus diesem Programm gefördert; es kann nicht gelöscht werden.");
        await db.ExecuteAsync("delete from partners.funding_programmes where code = @Code", request, ct);
        await PartnersHistory.RecordAsync(db, "funding_programme", FundingProgrammes.HistoryId(request.Code), "deleted", existing, request.ActorId,
            clock.GetUtcNow(), ct);
        return true;
    }
}

internal sealed record ListFundingProgrammesQuery : IQuery<IReadOnlyList<FundingProgrammeView>>;

internal sealed class ListFundingProgrammesHandler(IDbSession db) : IRequestHandler<ListFundingProgrammesQuery, IReadOnlyList<FundingProgrammeView>>
{
    public Task<IReadOnlyList<FundingProgrammeView>> Handle(ListFundingProgrammesQuery request, CancellationToken ct) =>
        db.QueryAsync<FundingProgrammeView>($"{FundingProgrammes.Select} order by g.code", ct: ct);
}

internal sealed record GetFundingProgrammeQuery(string Code) : IQuery<FundingProgrammeView>;

internal sealed class GetFundingProgrammeHandler(IDbSession db) : IRequestHandler<GetFundingProgrammeQuery, FundingProgrammeView>
{
    public Task<FundingProgrammeView> Handle(GetFundingProgrammeQuery request, CancellationToken ct) => FundingProgrammes.LoadAsync(db, request.Code, ct);
}

internal static class FundingProgrammes
{
    public const string Select =
        """
        select g.code, g.name, g.funder_level, g.description, g.website,
               array(select pp.period_code from partners.programme_periods pp join partners.funding_periods e on e.code = pp.period_code
                     where pp.programme_code = g.code order by e.starts_on) as period_codes,
               g.version, g.created_at, g.updated_at
        from partners.funding_programmes g
        """;

    public static async Task<FundingProgrammeView> LoadAsync(IDbSession db, string code, CancellationToken ct, bool forUpdate = false) =>
        await db.QuerySingleOrDefaultAsync<FundingProgrammeView>($"{Select} where g.code = @code" + (forUpdate ? " for update of g" : ""), new { code }, ct)
        ?? throw new NotFoundException($"Das Förderprogramm '{code}' gibt es nicht.");

    /// <summary>History rows are keyed by uuid; a programme's is derived from its (immutable) code.</summary>
    public static Guid HistoryId(string code) => DeterministicId.From("funding-programme:" + code);
}

// ---------------------------------------------------------------- funding periods

/// <summary>A funding period (Förderperiode), shared by all programmes; periods never overlap.</summary>
internal sealed record FundingPeriodView(string Code, string Name, DateOnly StartsOn, DateOnly EndsOn, string[] ProgrammeCodes, int Version);

internal sealed record FundingPeriodBody(string? Code, string? Name, DateOnly? StartsOn, DateOnly? EndsOn, int? Version);

internal sealed record SaveFundingPeriodCommand(bool Create, string Code, int? ExpectedVersion, string Name, DateOnly? StartsOn, DateOnly? EndsOn, Guid ActorId)
    : ICommand<FundingPeriodView>;

internal sealed class SaveFundingPeriodValidator : AbstractValidator<SaveFundingPeriodCommand>
{
    public SaveFundingPeriodValidator()
    {
        RuleFor(x => x.Code).Matches("^[a-z0-9]+(-[a-z0-9]+)*$").WithMessage("Kleinbuchstaben, Ziffern und Bindestriche, z. B. 2021-2027.").MaximumLength(40);
        RuleFor(x => x.Name).NotEmpty().WithMessage("Darf nicht leer sein.").MaximumLength(200);
        RuleFor(x => x.StartsOn).NotNull().WithMessage("Darf nicht leer sein.");
        RuleFor(x => x.EndsOn).NotNull().WithMessage("Darf nicht leer sein.");
        RuleFor(x => x.EndsOn).GreaterThanOrEqualTo(x => x.StartsOn).When(x => x.StartsOn is not null && x.EndsOn is not null)
            .WithMessage("Muss am oder nach 'startsOn' liegen.");
    }
}

internal sealed class SaveFundingPeriodHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SaveFundingPeriodCommand, FundingPeriodView>
{
    public async Task<FundingPeriodView> Handle(SaveFundingPeriodCommand request, CancellationToken ct)
    {
        var overlapping = await db.QuerySingleOrDefaultAsync<string>(
            """
            select code from partners.funding_periods
            where code <> @Code and daterange(starts_on, ends_on, '[]') && daterange(@StartsOn, @EndsOn, '[]') order by starts_on limit 1
            """, request, ct);
        if (overlapping is not null) throw new ConflictException($"Überschneidet sich mit der Förderperiode '{overlapping}'.");

        var now = clock.GetUtcNow();
        FundingPeriodView? before = null;
        if (request.Create)
        {
            var inserted = await db.ExecuteAsync(
                """
                insert into partners.funding_periods (code, name, starts_on, ends_on, created_at, created_by, updated_at, updated_by)
                values (@Code, @Name, @StartsOn, @EndsOn, @now, @ActorId, @now, @ActorId) on conflict (code) do nothing
                """, new { request.Code, request.Name, request.StartsOn, request.EndsOn, now, request.ActorId }, ct);
            if (inserted == 0) throw new ConflictException($"Die Förderperiode '{request.Code}' gibt es schon.");
        }
        else
        {
            before = await FundingPeriods.LoadAsync(db, request.Code, ct, forUpdate: true);
            Versioning.Check(before.Version, request.ExpectedVersion);
            var outside = await db.QueryAsync<int>(
                """
                select distinct b.year from partners.funding_lines l join partners.funding_line_budgets b on b.funding_line_id = l.id
                where l.period_code = @Code and (b.year < extract(year from @StartsOn::date) or b.year > extract(year from @EndsOn::date)) order by 1
                """, request, ct);
            if (outside.Count > 0)
                throw new ConflictException($"Budgets der Jahre {string.Join(", ", outside)} lägen dann außerhalb der Förderperiode.");
            await db.ExecuteAsync(
                """
                update partners.funding_periods set name = @Name, starts_on = @StartsOn, ends_on = @EndsOn, version = version + 1, updated_at = @now, updated_by = @ActorId
                where code = @Code
                """, new { request.Code, request.Name, request.StartsOn, request.EndsOn, now, request.ActorId }, ct);
        }

        var after = await FundingPeriods.LoadAsync(db, request.Code, ct);
        await PartnersHistory.RecordAsync(db, "funding_period", DeterministicId.From("funding-period:" + request.Code), before is null ? "created" : "updated",
            before is null ? after : PartnersHistory.Diff(before with { Version = 0 }, after with { Version = 0 }), request.ActorId, now, ct);
        return after;
    }
}

internal sealed record ListFundingPeriodsQuery : IQuery<IReadOnlyList<FundingPeriodView>>;

internal sealed class ListFundingPeriodsHandler(IDbSession db) : IRequestHandler<ListFundingPeriodsQuery, IReadOnlyList<FundingPeriodView>>
{
    public Task<IReadOnlyList<FundingPeriodView>> Handle(ListFundingPeriodsQuery request, CancellationToken ct) =>
        db.QueryAsync<FundingPeriodView>($"{FundingPeriods.Select} order by e.starts_on", ct: ct);
}

internal static class FundingPeriods
{
    public const string Select =
        """
        select e.code, e.name, e.starts_on, e.ends_on,
               array(select pp.programme_code from partners.programme_periods pp where pp.period_code = e.code order by 1) as programme_codes, e.version
        from partners.funding_periods e
        """;

    public static async Task<FundingPeriodView> LoadAsync(IDbSession db, string code, CancellationToken ct, bool forUpdate = false) =>
        await db.QuerySingleOrDefaultAsync<FundingPeriodView>($"{Select} where e.code = @code" + (forUpdate ? " for update of e" : ""), new { code }, ct)
        ?? throw new NotFoundException($"Die Förderperiode '{code}' gibt es nicht.");
}

internal static class ManageFundingProgrammesEndpoints
{
    public static void MapManageFundingProgrammes(this IEndpointRouteBuilder programmes)
    {
        programmes.MapGet("/", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new ListFundingProgrammesQuery(), ct)))
            .WithName("ListFundingProgrammes").WithSummary("Förderprogramme mit ihren Förderperioden").Produces<IReadOnlyList<FundingProgrammeView>>();
        programmes.MapGet("/{code}", async (string code, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var programme = await mediator.Send(new GetFundingProgrammeQuery(code), ct);
                return Versioning.Ok(http, programme, programme.Version);
            })
            .WithName("GetFundingProgramme").WithSummary("Ein Förderprogramm (ETag = Version)")
            .Produces<FundingProgrammeView>().ProducesProblem(StatusCodes.Status404NotFound);
        programmes.MapPost("/", async (FundingProgrammeBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var programme = await mediator.Send(ProgrammeCommand(true, body.Code?.Trim() ?? "", null, body, http), ct);
                return Versioning.Created(http, $"/api/partners/funding-programmes/{programme.Code}", programme, programme.Version);
            })
            .RequireCoordinator().WithName("CreateFundingProgramme").WithSummary("Förderprogramm anlegen")
            .Produces<FundingProgrammeView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        programmes.MapPut("/{code}", async (string code, FundingProgrammeBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var programme = await mediator.Send(ProgrammeCommand(false, code, Versioning.Required(http, body.Version), body, http), ct);
                return Versioning.Ok(http, programme, programme.Version);
            })
            .RequireCoordinator().WithName("UpdateFundingProgramme").WithSummary("Förderprogramm ändern (If-Match: Version); der Code bleibt")
            .Produces<FundingProgrammeView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status412PreconditionFailed);
        programmes.MapDelete("/{code}", async (string code, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new DeleteFundingProgrammeCommand(code, Versioning.Expected(http), CurrentUser.Required(http).Id), ct);
                return Results.NoContent();
            })
            .RequireCoordinator().WithName("DeleteFundingProgramme").WithSummary("Förderprogramm löschen, solange kein Projekt daraus gefördert wird")
            .ProducesProblem(StatusCodes.Status409Conflict);

        programmes.MapGet("/periods", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new ListFundingPeriodsQuery(), ct)))
            .WithName("ListFundingPeriods").WithSummary("Förderperioden, älteste zuerst").Produces<IReadOnlyList<FundingPeriodView>>();
        programmes.MapPost("/periods", async (FundingPeriodBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var period = await mediator.Send(PeriodCommand(true, body.Code?.Trim() ?? "", null, body, http), ct);
                return Versioning.Created(http, $"/api/partners/funding-programmes/periods/{period.Code}", period, period.Version);
            })
            .RequireCoordinator().WithName("CreateFundingPeriod").WithSummary("Förderperiode anlegen (überschneidungsfrei)")
            .Produces<FundingPeriodView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        programmes.MapPut("/periods/{code}", async (string code, FundingPeriodBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var period = await mediator.Send(PeriodCommand(false, code, Versioning.Required(http, body.Version), body, http), ct);
                return Versioning.Ok(http, period, period.Version);
            })
            .RequireCoordinator().WithName("UpdateFundingPeriod").WithSummary("Förderperiode ändern (If-Match: Version)")
            .Produces<FundingPeriodView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static SaveFundingProgrammeCommand ProgrammeCommand(bool create, string code, int? version, FundingProgrammeBody body, HttpContext http) =>
        new(create, code, version, body.Name?.Trim() ?? "", body.FunderLevel?.Trim() ?? "", Input.Blank(body.Description), Input.Blank(body.Website),
            Input.Codes(body.PeriodCodes), CurrentUser.Required(http).Id);

    private static SaveFundingPeriodCommand PeriodCommand(bool create, string code, int? version, FundingPeriodBody body, HttpContext http) =>
        new(create, code, version, body.Name?.Trim() ?? "", body.StartsOn, body.EndsOn, CurrentUser.Required(http).Id);
}
