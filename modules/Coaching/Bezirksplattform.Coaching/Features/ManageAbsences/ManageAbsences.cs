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

namespace Bezirksplattform.Coaching.Features.ManageAbsences;

/// <summary>A booked session the absence overlaps: the coach has to cancel or move it (nothing is cancelled automatically).</summary>
internal sealed record AffectedSession(Guid SessionId, Guid SessionTypeId, string SessionTypeName, DateTimeOffset Start, DateTimeOffset End, int SeatsTaken);

internal sealed record AbsenceResult(AbsenceView Absence, IReadOnlyList<AffectedSession> AffectedSessions);

/// <summary>Creates (AbsenceId null) or replaces an absence: the instants from (inclusive) to until (exclusive) are blocked.</summary>
internal sealed record SaveAbsenceCommand(
    Guid CoachId, Guid? AbsenceId, DateTimeOffset? From, DateTimeOffset? Until, string? Reason, int? ExpectedVersion, StaffActor Actor)
    : ICommand<AbsenceResult>;

internal sealed class SaveAbsenceValidator : AbstractValidator<SaveAbsenceCommand>
{
    public SaveAbsenceValidator()
    {
        RuleFor(x => x.From).NotNull().WithMessage("Darf nicht leer sein: ein Zeitpunkt wie 2027-07-01T00:00:00+02:00.");
        // Separate rules: a When applies to every check before it in the same chain.
        RuleFor(x => x.Until).NotNull().WithMessage("Darf nicht leer sein: ein Zeitpunkt wie 2027-07-15T00:00:00+02:00.");
        RuleFor(x => x.Until).GreaterThan(x => x.From).When(x => x.From is not null && x.Until is not null).WithMessage("Muss nach from liegen.");
        RuleFor(x => x.Until).Must((x, until) => until - x.From <= TimeSpan.FromDays(366)).When(x => x.From is not null && x.Until > x.From)
            .WithMessage("Höchstens ein Jahr am Stück.");
        RuleFor(x => x.Reason).MaximumLength(500);
        RuleFor(x => x.ExpectedVersion).NotNull().When(x => x.AbsenceId is not null).OverridePropertyName("version").WithMessage(Versions.Missing);
    }
}

internal sealed class SaveAbsenceHandler(IDbSession db) : IRequestHandler<SaveAbsenceCommand, AbsenceResult>
{
    public async Task<AbsenceResult> Handle(SaveAbsenceCommand request, CancellationToken ct)
    {
        await CoachAccess.LockEditableAsync(db, request.CoachId, request.Actor, ct);
        var args = new { Id = request.AbsenceId ?? Guid.CreateVersion7(), request.CoachId, request.From, request.Until, request.Reason };
        if (request.AbsenceId is null)
        {
            await db.ExecuteAsync(
                "insert into coaching.absences (id, coach_id, during, reason) values (@Id, @CoachId, tstzrange(@From, @Until, '[)'), @Reason)", args, ct);
        }
        else
        {
            var current = await Absences.RequireAsync(db, request.CoachId, args.Id, ct);
            Versions.Check(current.Version, request.ExpectedVersion);
            await db.ExecuteAsync(
                "update coaching.absences set during = tstzrange(@From, @Until, '[)'), reason = @Reason, version = version + 1 where id = @Id", args, ct);
        }

        var absence = await Absences.RequireAsync(db, request.CoachId, args.Id, ct);
        var affected = await db.QueryAsync<AffectedSession>(
            """
            select s.id as session_id, s.session_type_id, t.name as session_type_name, s.starts_at as start, s.ends_at as "end",
                   (select count(*)::int from coaching.bookings b where b.session_id = s.id and b.status in ('confirmed', 'offered')) as seats_taken
            from coaching.sessions s join coaching.session_types t on t.id = s.session_type_id
            where s.coach_id = @CoachId and s.status = 'active' and tstzrange(s.starts_at, s.ends_at) && tstzrange(@From, @Until, '[)')
            order by s.starts_at
            """, args, ct);
        return new AbsenceResult(absence, [.. affected.Where(s => s.SeatsTaken > 0)]);
    }
}

internal sealed record DeleteAbsenceCommand(Guid CoachId, Guid AbsenceId, int? ExpectedVersion, StaffActor Actor) : ICommand<bool>;

internal sealed class DeleteAbsenceHandler(IDbSession db) : IRequestHandler<DeleteAbsenceCommand, bool>
{
    public async Task<bool> Handle(DeleteAbsenceCommand request, CancellationToken ct)
    {
        await CoachAccess.LockEditableAsync(db, request.CoachId, request.Actor, ct);
        var current = await Absences.RequireAsync(db, request.CoachId, request.AbsenceId, ct);
        // Deleting without naming a version is allowed: nothing is lost that the client could have merged.
        if (request.ExpectedVersion is not null) Versions.Check(current.Version, request.ExpectedVersion);
        await db.ExecuteAsync("delete from coaching.absences where id = @AbsenceId", request, ct);
        return true;
    }
}

internal static class Absences
{
    public static async Task<AbsenceView> RequireAsync(IDbSession db, Guid coachId, Guid id, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<AbsenceView>(
            """select id, lower(during) as "from", upper(during) as until, reason, version from coaching.absences where id = @id and coach_id = @coachId""",
            new { id, coachId }, ct)
        ?? throw new NotFoundException("Diese Abwesenheit gibt es bei diesem Coach nicht.");
}

internal sealed record AbsenceBody(DateTimeOffset? From, DateTimeOffset? Until, string? Reason, int? Version);

internal static class ManageAbsencesEndpoints
{
    public static void MapManageAbsences(this IEndpointRouteBuilder coaching)
    {
        coaching.MapPost("/coaches/{id:guid}/absences", async (Guid id, AbsenceBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var result = await mediator.Send(new SaveAbsenceCommand(id, null, body.From, body.Until, Inputs.Clean(body.Reason), null, StaffActor.From(http)), ct);
                return Versions.Answer(http, result, result.Absence.Version, $"/api/coaching/coaches/{id}/absences/{result.Absence.Id}");
            })
            .WithName("CreateAbsence")
            .WithSummary("Abwesenheit eintragen (from/until als Zeitpunkte); affectedSessions nennt gebuchte Termine, die abgesagt oder verlegt werden müssen")
            .Produces<AbsenceResult>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        coaching.MapPut("/coaches/{id:guid}/absences/{absenceId:guid}",
                async (Guid id, Guid absenceId, AbsenceBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                {
                    var result = await mediator.Send(new SaveAbsenceCommand(id, absenceId, body.From, body.Until, Inputs.Clean(body.Reason),
                        Versions.Expected(http, body.Version), StaffActor.From(http)), ct);
                    return Versions.Answer(http, result, result.Absence.Version);
                })
            .WithName("UpdateAbsence").WithSummary("Abwesenheit ändern; If-Match oder version")
            .ProducesUpdate<AbsenceResult>();

        coaching.MapDelete("/coaches/{id:guid}/absences/{absenceId:guid}",
                async (Guid id, Guid absenceId, int? version, HttpContext http, IMediator mediator, CancellationToken ct) =>
                {
                    await mediator.Send(new DeleteAbsenceCommand(id, absenceId, Versions.Expected(http, version), StaffActor.From(http)), ct);
                    return Results.NoContent();
                })
            .WithName("DeleteAbsence").WithSummary("Abwesenheit löschen (If-Match optional)")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }
}
