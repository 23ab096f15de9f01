using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Coaching.Coaches;
using Bezirksplattform.Coaching.Editing;
using Bezirksplattform.Coaching.Scheduling;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.ManageAvailability;

/// <summary>A weekly window; with sessionTypeId it is reserved for that type (see reservedHoursOnly), else general.</summary>
internal sealed record WeeklyRuleBody(int? Weekday, string? Start, string? End, string? ValidFrom, string? ValidUntil, Guid? SessionTypeId);

internal sealed record WindowBody(string? Start, string? End);

/// <summary>The coach's weekly rules and upcoming date overrides and absences.</summary>
internal sealed record GetAvailabilityQuery(Guid CoachId, StaffActor Actor) : IQuery<AvailabilityView>;

internal sealed class GetAvailabilityHandler(IDbSession db, TimeProvider clock) : IRequestHandler<GetAvailabilityQuery, AvailabilityView>
{
    public async Task<AvailabilityView> Handle(GetAvailabilityQuery request, CancellationToken ct)
    {
        // Absence reasons (illness, say) are the coach's own business: the same rule as for editing.
        await CoachAccess.RequireReadableAsync(db, request.CoachId, request.Actor, ct);
        return await AvailabilityReads.ReadAsync(db, request.CoachId, clock.Today(), clock.GetUtcNow(), ct);
    }
}

/// <summary>Replaces the whole set of weekly rules, as a weekly-hours editor saves it.</summary>
internal sealed record SaveWeeklyRulesCommand(Guid CoachId, WeeklyRuleBody[] Rules, int? ExpectedVersion, StaffActor Actor) : ICommand<AvailabilityView>;

internal sealed class SaveWeeklyRulesValidator : AbstractValidator<SaveWeeklyRulesCommand>
{
    public SaveWeeklyRulesValidator()
    {
        RuleFor(x => x.ExpectedVersion).NotNull().OverridePropertyName("version").WithMessage(Versions.Missing);
        RuleFor(x => x.Rules).Must(r => r.Length <= 70).WithMessage("Höchstens 70 Zeitfenster.");
        RuleForEach(x => x.Rules).NotNull().WithMessage("Darf nicht leer sein.").ChildRules(rule =>
        {
            rule.RuleFor(r => r.Weekday).NotNull().WithMessage("Darf nicht leer sein.").InclusiveBetween(1, 7)
                .WithMessage("1 (Montag) bis 7 (Sonntag).");
            rule.RuleFor(r => r.Start).Must(Inputs.IsTime).WithMessage(Inputs.TimeFormat);
            // Separate rules: a When applies to every check before it in the same chain.
            rule.RuleFor(r => r.End).Must(Inputs.IsTime).WithMessage(Inputs.TimeFormat);
            rule.RuleFor(r => r.End).Must((r, end) => Inputs.ParseTime(end) > Inputs.ParseTime(r.Start))
                .When(r => Inputs.IsTime(r.Start) && Inputs.IsTime(r.End)).WithMessage("Das Ende muss nach dem Beginn liegen.");
            rule.RuleFor(r => r.ValidFrom).Must(v => v is null || Inputs.IsDate(v)).WithMessage(Inputs.DateFormat);
            rule.RuleFor(r => r.ValidUntil).Must(v => v is null || Inputs.IsDate(v)).WithMessage(Inputs.DateFormat);
            rule.RuleFor(r => r.ValidUntil).Must((r, until) => Inputs.ParseDate(until) >= Inputs.ParseDate(r.ValidFrom))
                .When(r => Inputs.IsDate(r.ValidFrom) && Inputs.IsDate(r.ValidUntil)).WithMessage("Darf nicht vor validFrom liegen.");
        });
        // Two windows of one weekday and pool (general, or reserved for one type) that overlap in time and validity: name the later one.
        RuleFor(x => x.Rules).Custom((rules, context) =>
        {
            foreach (var (later, earlier) in Inputs.Overlaps(rules.Select(Parse).ToList(), (a, b) => a.Weekday == b.Weekday && a.Pool == b.Pool
                         && a.Start < b.End && b.Start < a.End && a.From <= b.Until && b.From <= a.Until))
                context.AddFailure($"rules[{later}].start", $"Überschneidet sich mit rules[{earlier}] am selben Wochentag.");
        });
    }

    private static (int Weekday, Guid? Pool, TimeOnly Start, TimeOnly End, DateOnly From, DateOnly Until)? Parse(WeeklyRuleBody? rule) =>
        rule is { Weekday: { } day } && Inputs.ParseTime(rule.Start) is { } start && Inputs.ParseTime(rule.End) is { } end && end > start
            && (rule.ValidFrom is null || Inputs.IsDate(rule.ValidFrom)) && (rule.ValidUntil is null || Inputs.IsDate(rule.ValidUntil))
            ? (day, rule.SessionTypeId, start, end, Inputs.ParseDate(rule.ValidFrom) ?? DateOnly.MinValue,
                Inputs.ParseDate(rule.ValidUntil) ?? DateOnly.MaxValue)
            : null;
}

internal sealed class SaveWeeklyRulesHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SaveWeeklyRulesCommand, AvailabilityView>
{
    public async Task<AvailabilityView> Handle(SaveWeeklyRulesCommand request, CancellationToken ct)
    {
        await Schedule.LockAsync(db, request.CoachId, request.Actor, request.ExpectedVersion, ct);
        await Schedule.CheckSessionTypesAsync(db, request.CoachId, request.Rules.Select((r, i) => ($"rules[{i}].sessionTypeId", r.SessionTypeId)), ct);
        var rows = request.Rules.Select(r => new
        {
            Id = Guid.CreateVersion7(), request.CoachId, Weekday = (short)r.Weekday!.Value, StartTime = Inputs.ParseTime(r.Start)!.Value,
            EndTime = Inputs.ParseTime(r.End)!.Value, ValidFrom = Inputs.ParseDate(r.ValidFrom), ValidUntil = Inputs.ParseDate(r.ValidUntil),
            r.SessionTypeId,
        }).ToList();
        await db.ExecuteAsync("delete from coaching.availability_rules where coach_id = @CoachId", request, ct);
        if (rows.Count > 0)
            await db.ExecuteAsync(
                """
                insert into coaching.availability_rules (id, coach_id, weekday, start_time, end_time, valid_from, valid_until, session_type_id)
                values (@Id, @CoachId, @Weekday, @StartTime, @EndTime, @ValidFrom, @ValidUntil, @SessionTypeId)
                """, rows, ct);
        return await Schedule.BumpAndReadAsync(db, request.CoachId, clock, ct);
    }
}

/// <summary>
/// Sets the windows of one date (empty: closed that day), replacing the weekly rules there: the
/// general ones, or (SessionTypeId) those reserved for one type. A general closed date is a day off for every type.
/// </summary>
internal sealed record SaveDateOverrideCommand(Guid CoachId, string Date, Guid? SessionTypeId, WindowBody[] Windows, int? ExpectedVersion, StaffActor Actor)
    : ICommand<AvailabilityView>;

internal sealed class SaveDateOverrideValidator : AbstractValidator<SaveDateOverrideCommand>
{
    public SaveDateOverrideValidator()
    {
        RuleFor(x => x.Date).Must(Inputs.IsDate).WithMessage(Inputs.DateFormat);
        RuleFor(x => x.ExpectedVersion).NotNull().OverridePropertyName("version").WithMessage(Versions.Missing);
        RuleFor(x => x.Windows).Must(w => w.Length <= 10).WithMessage("Höchstens 10 Zeitfenster an einem Tag.");
        RuleForEach(x => x.Windows).NotNull().WithMessage("Darf nicht leer sein.").ChildRules(window =>
        {
            window.RuleFor(w => w.Start).Must(Inputs.IsTime).WithMessage(Inputs.TimeFormat);
            window.RuleFor(w => w.End).Must(Inputs.IsTime).WithMessage(Inputs.TimeFormat);
            window.RuleFor(w => w.End).Must((w, end) => Inputs.ParseTime(end) > Inputs.ParseTime(w.Start))
                .When(w => Inputs.IsTime(w.Start) && Inputs.IsTime(w.End)).WithMessage("Das Ende muss nach dem Beginn liegen.");
        });
        RuleFor(x => x.Windows).Custom((windows, context) =>
        {
            foreach (var (later, earlier) in Inputs.Overlaps(windows.Select(Parse).ToList(), (a, b) => a.Start < b.End && b.Start < a.End))
                context.AddFailure($"windows[{later}].start", $"Überschneidet sich mit windows[{earlier}].");
        });
    }

    private static (TimeOnly Start, TimeOnly End)? Parse(WindowBody? window) =>
        window is not null && Inputs.ParseTime(window.Start) is { } start && Inputs.ParseTime(window.End) is { } end && end > start ? (start, end) : null;
}

internal sealed class SaveDateOverrideHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SaveDateOverrideCommand, AvailabilityView>
{
    public async Task<AvailabilityView> Handle(SaveDateOverrideCommand request, CancellationToken ct)
    {
        var date = Inputs.ParseDate(request.Date)!.Value;
        if (date < clock.Today()) throw new FieldProblemException("date", "Liegt in der Vergangenheit.");
        await Schedule.LockAsync(db, request.CoachId, request.Actor, request.ExpectedVersion, ct);
        await Schedule.CheckSessionTypesAsync(db, request.CoachId, [("sessionTypeId", request.SessionTypeId)], ct);
        await db.ExecuteAsync(
            "delete from coaching.date_overrides where coach_id = @CoachId and on_date = @date and session_type_id is not distinct from @SessionTypeId",
            new { request.CoachId, date, request.SessionTypeId }, ct);
        var windows = request.Windows.Select(w => (Start: Inputs.ParseTime(w.Start), End: Inputs.ParseTime(w.End))).ToList();
        if (windows.Count == 0) windows.Add((null, null)); // closed all day
        await db.ExecuteAsync(
            """
            insert into coaching.date_overrides (id, coach_id, on_date, start_time, end_time, session_type_id)
            values (@Id, @CoachId, @date, @Start, @End, @SessionTypeId)
            """,
            windows.Select(w => new { Id = Guid.CreateVersion7(), request.CoachId, date, w.Start, w.End, request.SessionTypeId }), ct);
        return await Schedule.BumpAndReadAsync(db, request.CoachId, clock, ct);
    }
}

/// <summary>Removes the override of a date: the weekly rules count there again.</summary>
internal sealed record DeleteDateOverrideCommand(Guid CoachId, string Date, Guid? SessionTypeId, int? ExpectedVersion, StaffActor Actor)
    : ICommand<AvailabilityView>;

internal sealed class DeleteDateOverrideValidator : AbstractValidator<DeleteDateOverrideCommand>
{
    public DeleteDateOverrideValidator()
    {
        RuleFor(x => x.Date).Must(Inputs.IsDate).WithMessage(Inputs.DateFormat);
        RuleFor(x => x.ExpectedVersion).NotNull().OverridePropertyName("version").WithMessage(Versions.Missing);
    }
}

internal sealed class DeleteDateOverrideHandler(IDbSession db, TimeProvider clock) : IRequestHandler<DeleteDateOverrideCommand, AvailabilityView>
{
    public async Task<AvailabilityView> Handle(DeleteDateOverrideCommand request, CancellationToken ct)
    {
        await Schedule.LockAsync(db, request.CoachId, request.Actor, request.ExpectedVersion, ct);
        var date = Inputs.ParseDate(request.Date)!.Value;
        if (await db.ExecuteAsync(
                "delete from coaching.date_overrides where coach_id = @CoachId and on_date = @date and session_type_id is not distinct from @SessionTypeId",
                new { request.CoachId, date, request.SessionTypeId }, ct) == 0)
            throw new NotFoundException("Für diesen Tag gibt es keine Ausnahme.");
        return await Schedule.BumpAndReadAsync(db, request.CoachId, clock, ct);
    }
}

/// <summary>Weekly rules and overrides are one schedule under one version (coaches.availability_version).</summary>
internal static class Schedule
{
    public static async Task LockAsync(IDbSession db, Guid coachId, StaffActor actor, int? expectedVersion, CancellationToken ct)
    {
        await CoachAccess.LockEditableAsync(db, coachId, actor, ct);
        var current = await db.QuerySingleAsync<int>("select availability_version from coaching.coaches where id = @coachId", new { coachId }, ct);
        Versions.Check(current, expectedVersion);
    }

    /// <summary>Hours may be reserved only for a session type the coach offers: a 400 naming the field otherwise.</summary>
    public static async Task CheckSessionTypesAsync(IDbSession db, Guid coachId, IEnumerable<(string Field, Guid? SessionTypeId)> uses, CancellationToken ct)
    {
        var used = uses.Where(u => u.SessionTypeId is not null).ToList();
        if (used.Count == 0) return;
        var offered = await db.QueryAsync<Guid>(
            "select session_type_id from coaching.session_type_coaches where coach_id = @coachId", new { coachId }, ct);
        Inputs.ThrowIfAny(used.Where(u => !offered.Contains(u.SessionTypeId!.Value))
            .ToDictionary(u => u.Field, _ => new[] { "Diese Terminart bietet der Coach nicht an." }));
    }

    public static async Task<AvailabilityView> BumpAndReadAsync(IDbSession db, Guid coachId, TimeProvider clock, CancellationToken ct)
    {
        await db.ExecuteAsync(
            "update coaching.coaches set availability_version = availability_version + 1, updated_at = @now where id = @coachId",
            new { coachId, now = clock.GetUtcNow() }, ct);
        return await AvailabilityReads.ReadAsync(db, coachId, clock.Today(), clock.GetUtcNow(), ct);
    }
}

internal sealed record WeeklyRulesBody(WeeklyRuleBody[]? Rules, int? Version);

internal sealed record DateOverrideBody(Guid? SessionTypeId, WindowBody[]? Windows, int? Version);

internal static class ManageAvailabilityEndpoints
{
    public static void MapManageAvailability(this IEndpointRouteBuilder coaching)
    {
        coaching.MapGet("/coaches/{id:guid}/availability", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var availability = await mediator.Send(new GetAvailabilityQuery(id, StaffActor.From(http)), ct);
                return Versions.Answer(http, availability, availability.Version);
            })
            .WithName("GetCoachAvailability")
            .WithSummary("Wochenzeiten, kommende Ausnahmen und Abwesenheiten eines Coaches; ETag = Version des Zeitplans")
            .Produces<AvailabilityView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        coaching.MapPut("/coaches/{id:guid}/weekly-rules", async (Guid id, WeeklyRulesBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var availability = await mediator.Send(
                    new SaveWeeklyRulesCommand(id, body.Rules ?? [], Versions.Expected(http, body.Version), StaffActor.From(http)), ct);
                return Versions.Answer(http, availability, availability.Version);
            })
            .WithName("SaveWeeklyRules")
            .WithSummary("Alle Wochenzeiten ersetzen (Europe/Berlin, z. B. {\"weekday\":1,\"start\":\"09:00\",\"end\":\"12:00\"}); If-Match oder version")
            .ProducesUpdate<AvailabilityView>();

        coaching.MapPut("/coaches/{id:guid}/date-overrides/{date}",
                async (Guid id, string date, DateOverrideBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                {
                    var availability = await mediator.Send(
                        new SaveDateOverrideCommand(id, date, body.SessionTypeId, body.Windows ?? [], Versions.Expected(http, body.Version),
                            StaffActor.From(http)), ct);
                    return Versions.Answer(http, availability, availability.Version);
                })
            .WithName("SaveDateOverride")
            .WithSummary("Zeitfenster eines Tages statt der Wochenzeiten setzen (allgemein oder mit sessionTypeId für eine Terminart); "
                + "leere Liste = nicht verfügbar; If-Match oder version")
            .ProducesUpdate<AvailabilityView>();

        coaching.MapDelete("/coaches/{id:guid}/date-overrides/{date}",
                async (Guid id, string date, Guid? sessionTypeId, int? version, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var availability = await mediator.Send(
                    new DeleteDateOverrideCommand(id, date, sessionTypeId, Versions.Expected(http, version), StaffActor.From(http)), ct);
                return Versions.Answer(http, availability, availability.Version);
            })
            .WithName("DeleteDateOverride")
            .WithSummary("Ausnahme eines Tages entfernen (wieder die Wochenzeiten; ?sessionTypeId= für reservierte Zeiten); If-Match oder ?version=")
            .ProducesUpdate<AvailabilityView>();
    }
}
