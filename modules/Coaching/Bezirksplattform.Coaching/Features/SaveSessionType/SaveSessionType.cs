using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Coaching.Coaches;
using Bezirksplattform.Coaching.Editing;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.SaveSessionType;

/// <summary>
/// Creates (Id null) or replaces a session type (Terminart) with the coaches who offer it. Admins
/// only: the types are the office's offer, which coaches share. Deactivated, never deleted
/// (sessions point at it); existing sessions keep the duration and buffers they were booked with.
/// With reservedHoursOnly the type is offered only in windows the coaches reserve for it.
/// </summary>
internal sealed record SaveSessionTypeCommand(
    Guid? Id, string Slug, string Name, string? Description, string? Topic, int DurationMinutes, string LocationKind, int Capacity,
    int BufferBeforeMinutes, int BufferAfterMinutes, int SlotStepMinutes, int MinNoticeMinutes, int HorizonDays, int CancelCutoffMinutes,
    int RescheduleCutoffMinutes, int? DailyLimitPerCoach, bool ReservedHoursOnly, bool IsActive, Guid[] CoachIds, int? ExpectedVersion)
    : ICommand<SessionTypeView>;

internal sealed class SaveSessionTypeValidator : AbstractValidator<SaveSessionTypeCommand>
{
    public SaveSessionTypeValidator()
    {
        RuleFor(x => x.Slug).NotEmpty().WithMessage("Darf nicht leer sein.").MaximumLength(80)
            .Matches("^[a-z0-9]+(-[a-z0-9]+)*$").WithMessage("Kleinbuchstaben, Ziffern und einzelne Bindestriche, z. B. businessplan-coaching.");
        RuleFor(x => x.Name).NotEmpty().WithMessage("Darf nicht leer sein.").MaximumLength(200);
        RuleFor(x => x.Description).MaximumLength(4000);
        RuleFor(x => x.Topic).Must(t => t is null || CoachingVocabulary.Topics.Contains(t)).WithMessage(CoachingVocabulary.Allowed(CoachingVocabulary.Topics));
        RuleFor(x => x.DurationMinutes).InclusiveBetween(5, 600).WithMessage("5 bis 600 Minuten.");
        RuleFor(x => x.LocationKind).Must(k => CoachingVocabulary.LocationKinds.Contains(k)).WithMessage(CoachingVocabulary.Allowed(CoachingVocabulary.LocationKinds));
        RuleFor(x => x.Capacity).InclusiveBetween(1, 200).WithMessage("1 (Einzeltermin) bis 200 Plätze.");
        RuleFor(x => x.BufferBeforeMinutes).InclusiveBetween(0, 240).WithMessage("0 bis 240 Minuten.");
        RuleFor(x => x.BufferAfterMinutes).InclusiveBetween(0, 240).WithMessage("0 bis 240 Minuten.");
        RuleFor(x => x.SlotStepMinutes).InclusiveBetween(5, 240).WithMessage("5 bis 240 Minuten.");
        RuleFor(x => x.MinNoticeMinutes).InclusiveBetween(0, 60 * 24 * 90).WithMessage("0 Minuten bis 90 Tage.");
        RuleFor(x => x.HorizonDays).InclusiveBetween(1, 365).WithMessage("1 bis 365 Tage.");
        RuleFor(x => x.MinNoticeMinutes).LessThan(x => x.HorizonDays * 24 * 60).When(x => x.HorizonDays is >= 1 and <= 365)
            .WithMessage("Die Mindestvorlaufzeit muss kürzer sein als der Buchungszeitraum, sonst gibt es nie einen freien Termin.");
        RuleFor(x => x.CancelCutoffMinutes).InclusiveBetween(0, 60 * 24 * 30).WithMessage("0 Minuten bis 30 Tage.");
        RuleFor(x => x.RescheduleCutoffMinutes).InclusiveBetween(0, 60 * 24 * 30).WithMessage("0 Minuten bis 30 Tage.");
        RuleFor(x => x.DailyLimitPerCoach).InclusiveBetween(1, 50).When(x => x.DailyLimitPerCoach is not null).WithMessage("Leer (keine Grenze) oder 1 bis 50.");
        RuleFor(x => x.CoachIds).Must(ids => ids.Length <= 100).WithMessage("Höchstens 100 Coaches.");
        RuleFor(x => x.ExpectedVersion).NotNull().When(x => x.Id is not null).OverridePropertyName("version").WithMessage(Versions.Missing);
    }
}

internal sealed class SaveSessionTypeHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SaveSessionTypeCommand, SessionTypeView>
{
    public async Task<SessionTypeView> Handle(SaveSessionTypeCommand request, CancellationToken ct)
    {
        SessionTypeView? existing = null;
        if (request.Id is { } id)
        {
            await db.ExecuteAsync("select 1 from coaching.session_types where id = @id for update", new { id }, ct);
            existing = await SessionTypeReads.RequireAsync(db, id, ct);
            Versions.Check(existing.Version, request.ExpectedVersion);
        }

        var typeId = request.Id ?? Guid.CreateVersion7();
        if (await db.ExecuteScalarAsync<bool>("select exists (select 1 from coaching.session_types where slug = @Slug and id <> @typeId)",
                new { request.Slug, typeId }, ct))
            throw new FieldProblemException("slug", "Diesen Slug hat schon eine andere Terminart.");
        await CheckCoachesAsync(request, ct);

        var now = clock.GetUtcNow();
        var args = new
        {
            Id = typeId, request.Slug, request.Name, request.Description, request.Topic, request.DurationMinutes, request.LocationKind,
            request.Capacity, request.BufferBeforeMinutes, request.BufferAfterMinutes, request.SlotStepMinutes, request.MinNoticeMinutes,
            request.HorizonDays, request.CancelCutoffMinutes, request.RescheduleCutoffMinutes, request.DailyLimitPerCoach, request.ReservedHoursOnly, request.IsActive, now,
        };
        if (existing is null)
            await db.ExecuteAsync(
                """
                insert into coaching.session_types (id, slug, name, description, topic, duration_minutes, location_kind, capacity,
                    buffer_before_minutes, buffer_after_minutes, slot_step_minutes, min_notice_minutes, horizon_days, cancel_cutoff_minutes,
                    reschedule_cutoff_minutes, daily_limit_per_coach, reserved_hours_only, is_active, version, created_at, updated_at)
                values (@Id, @Slug, @Name, @Description, @Topic, @DurationMinutes, @LocationKind, @Capacity, @BufferBeforeMinutes,
                    @BufferAfterMinutes, @SlotStepMinutes, @MinNoticeMinutes, @HorizonDays, @CancelCutoffMinutes, @RescheduleCutoffMinutes,
                    @DailyLimitPerCoach, @ReservedHoursOnly, @IsActive, 1, @now, @now)
                """, args, ct);
        else
            await db.ExecuteAsync(
                """
                update coaching.session_types set slug = @Slug, name = @Name, description = @Description, topic = @Topic,
                    duration_minutes = @DurationMinutes, location_kind = @LocationKind, capacity = @Capacity,
                    buffer_before_minutes = @BufferBeforeMinutes, buffer_after_minutes = @BufferAfterMinutes, slot_step_minutes = @SlotStepMinutes,
                    min_notice_minutes = @MinNoticeMinutes, horizon_days = @HorizonDays, cancel_cutoff_minutes = @CancelCutoffMinutes,
                    reschedule_cutoff_minutes = @RescheduleCutoffMinutes, daily_limit_per_coach = @DailyLimitPerCoach,
                    reserved_hours_only = @ReservedHoursOnly, is_active = @IsActive,
                    version = version + 1, updated_at = @now
                where id = @Id
                """, args, ct);

        await db.ExecuteAsync(
            """
            delete from coaching.session_type_coaches where session_type_id = @typeId and coach_id <> all(@coachIds);
            insert into coaching.session_type_coaches (session_type_id, coach_id) select @typeId, unnest(@coachIds::uuid[]) on conflict do nothing;
            """, new { typeId, coachIds = request.CoachIds.Distinct().ToArray() }, ct);
        return await SessionTypeReads.RequireAsync(db, typeId, ct);
    }

    /// <summary>Every coach must exist and offer the type's location kind (a 400 naming coachIds[i]).</summary>
    private async Task CheckCoachesAsync(SaveSessionTypeCommand request, CancellationToken ct)
    {
        var coaches = (await db.QueryAsync<CoachKinds>(
            "select id, location_kinds from coaching.coaches where id = any(@CoachIds)", request, ct)).ToDictionary(c => c.Id);
        var problems = new Dictionary<string, string[]>();
        foreach (var (coachId, i) in request.CoachIds.Select((c, i) => (c, i)))
        {
            if (!coaches.TryGetValue(coachId, out var coach))
                problems[$"coachIds[{i}]"] = ["Diesen Coach gibt es nicht."];
            else if (!coach.LocationKinds.Contains(request.LocationKind))
                problems[$"coachIds[{i}]"] = [$"Dieser Coach bietet keine Termine als {CoachingVocabulary.LocationLabel(request.LocationKind)} an."];
        }

        Inputs.ThrowIfAny(problems);
    }

    private sealed record CoachKinds(Guid Id, string[] LocationKinds);
}

internal sealed record SessionTypeBody(
    string? Slug, string? Name, string? Description, string? Topic, int? DurationMinutes, string? LocationKind, int? Capacity,
    int? BufferBeforeMinutes, int? BufferAfterMinutes, int? SlotStepMinutes, int? MinNoticeMinutes, int? HorizonDays, int? CancelCutoffMinutes,
    int? RescheduleCutoffMinutes, int? DailyLimitPerCoach, bool? ReservedHoursOnly, bool? IsActive, Guid[]? CoachIds, int? Version);

internal static class SaveSessionTypeEndpoints
{
    public static void MapSaveSessionType(this IEndpointRouteBuilder coaching)
    {
        coaching.MapGet("/session-types", async (IMediator mediator, CancellationToken ct) =>
                Results.Ok(new { items = await mediator.Send(new ListSessionTypesQuery(), ct) }))
            .WithName("ListSessionTypes").WithSummary("Terminarten mit allen Regeln und den anbietenden Coaches (auch deaktivierte)");

        coaching.MapGet("/session-types/{id:guid}", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var type = await mediator.Send(new GetSessionTypeQuery(id), ct);
                return Versions.Answer(http, type, type.Version);
            })
            .WithName("GetSessionType").WithSummary("Eine Terminart mit Version als ETag")
            .Produces<SessionTypeView>().ProducesProblem(StatusCodes.Status404NotFound);

        coaching.MapPost("/session-types", async (SessionTypeBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var type = await mediator.Send(ToCommand(null, body, http), ct);
                return Versions.Answer(http, type, type.Version, $"/api/coaching/session-types/{type.Id}");
            })
            .RequireCoachingAdmin()
            .WithName("CreateSessionType").WithSummary("Terminart anlegen (nur Admin)")
            .Produces<SessionTypeView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);

        coaching.MapPut("/session-types/{id:guid}", async (Guid id, SessionTypeBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var type = await mediator.Send(ToCommand(id, body, http), ct);
                return Versions.Answer(http, type, type.Version);
            })
            .RequireCoachingAdmin()
            .WithName("UpdateSessionType").WithSummary("Terminart ändern oder deaktivieren (isActive: false); If-Match oder version (nur Admin)")
            .ProducesUpdate<SessionTypeView>();
    }

    // A replaced type takes the documented defaults for what the body leaves out, as a new one does.
    private static SaveSessionTypeCommand ToCommand(Guid? id, SessionTypeBody body, HttpContext http) =>
        new(id, body.Slug?.Trim() ?? "", body.Name?.Trim() ?? "", Inputs.Clean(body.Description), Inputs.Clean(body.Topic),
            body.DurationMinutes ?? 0, body.LocationKind?.Trim() ?? "", body.Capacity ?? 1, body.BufferBeforeMinutes ?? 0,
            body.BufferAfterMinutes ?? 0, body.SlotStepMinutes ?? 30, body.MinNoticeMinutes ?? 1440, body.HorizonDays ?? 60,
            body.CancelCutoffMinutes ?? 1440, body.RescheduleCutoffMinutes ?? 1440, body.DailyLimitPerCoach, body.ReservedHoursOnly ?? false,
            body.IsActive ?? true,
            body.CoachIds ?? [], id is null ? null : Versions.Expected(http, body.Version));
}

internal sealed record ListSessionTypesQuery : IQuery<IReadOnlyList<SessionTypeView>>;

internal sealed class ListSessionTypesHandler(IDbSession db) : IRequestHandler<ListSessionTypesQuery, IReadOnlyList<SessionTypeView>>
{
    public Task<IReadOnlyList<SessionTypeView>> Handle(ListSessionTypesQuery request, CancellationToken ct) => SessionTypeReads.ListAsync(db, ct);
}

internal sealed record GetSessionTypeQuery(Guid Id) : IQuery<SessionTypeView>;

internal sealed class GetSessionTypeHandler(IDbSession db) : IRequestHandler<GetSessionTypeQuery, SessionTypeView>
{
    public Task<SessionTypeView> Handle(GetSessionTypeQuery request, CancellationToken ct) => SessionTypeReads.RequireAsync(db, request.Id, ct);
}
