using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Clients;
using Bezirksplattform.Counselling.Esf;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.RecordEsfLeaving;

/// <summary>
/// The participant leaves the project: closes the open stay, optionally with the exit data (due
/// within 4 weeks), and sets the ESF legal hold (retain_until: 31 Dec of the year of leaving plus
/// Counselling:Esf:RetentionYears, ADR 0017). A later leaving only ever extends the hold.
/// </summary>
internal sealed record RecordEsfLeavingCommand(
    Guid ClientId, Guid ParticipationId, string? LeftOn, bool? JobSearching, bool? InEducation, bool? GainedQualification, bool? Employed,
    int? ExpectedVersion, bool SpecialCategories, Viewer Viewer) : ICommand<EsfParticipationView>, IEsfExitFields;

internal sealed class RecordEsfLeavingValidator : AbstractValidator<RecordEsfLeavingCommand>
{
    public RecordEsfLeavingValidator()
    {
        RuleFor(x => x.LeftOn).Must(Inputs.IsDate).WithMessage(Inputs.DateFormat);
        EsfInputRules.Exit(this, EsfInputRules.AnyExit);
        RuleFor(x => x.ExpectedVersion).NotNull().OverridePropertyName("version").WithMessage(EsfParticipations.Missing);
    }
}

internal sealed class RecordEsfLeavingHandler(IDbSession db, TimeProvider clock, EsfOptions options)
    : IRequestHandler<RecordEsfLeavingCommand, EsfParticipationView>
{
    public Task<EsfParticipationView> Handle(RecordEsfLeavingCommand request, CancellationToken ct) =>
        EsfParticipations.ChangeAsync(db, clock, request.Viewer, request.ClientId, request.ParticipationId, request.ExpectedVersion,
            request.SpecialCategories, "esf leaving", async now =>
            {
                var leftOn = Inputs.ParseDate(request.LeftOn)!.Value;
                if (leftOn > now.BerlinDate()) throw new FieldProblemException("leftOn", "Ein Austritt kann nicht in der Zukunft liegen.");
                var stay = await db.QuerySingleOrDefaultAsync<OpenStay>(
                    "select id, entered_on from counselling.esf_stays where participation_id = @ParticipationId and left_on is null",
                    new { request.ParticipationId }, ct)
                    ?? throw new ConflictException("Der Klient ist derzeit nicht in diesem Projekt; einen Austritt gibt es nur nach einem Eintritt.");
                if (leftOn < stay.EnteredOn)
                    throw new FieldProblemException("leftOn", $"Der Austritt darf nicht vor dem Eintritt ({stay.EnteredOn:yyyy-MM-dd}) liegen.");

                var exit = EsfInputRules.AnyExit(request) ? EsfInputRules.ToExit(request) : null;
                await db.ExecuteAsync(
                    """
                    update counselling.esf_stays set left_on = @leftOn, exit_job_searching = @JobSearching, exit_in_education = @InEducation,
                        exit_gained_qualification = @GainedQualification, exit_employed = @Employed,
                        exit_recorded_at = case when @recorded then @now end, exit_recorded_by = case when @recorded then @by end
                    where id = @Id;
                    update counselling.esf_participations set retain_until = greatest(retain_until, @retainUntil) where id = @ParticipationId;
                    """,
                    new
                    {
                        stay.Id, leftOn, exit?.JobSearching, exit?.InEducation, exit?.GainedQualification, exit?.Employed, recorded = exit is not null, now,
                        by = request.Viewer.UserId, retainUntil = options.RetainUntil(leftOn), request.ParticipationId,
                    }, ct);
            }, ct);

    private sealed record OpenStay(Guid Id, DateOnly EnteredOn);
}

internal sealed record EsfLeavingBody(string? LeftOn, bool? JobSearching, bool? InEducation, bool? GainedQualification, bool? Employed, int? Version);

internal static class RecordEsfLeavingEndpoints
{
    public static void MapRecordEsfLeaving(this IEndpointRouteBuilder counselling) =>
        counselling.MapPost("/clients/{id:guid}/esf/{participationId:guid}/leaving", async (Guid id, Guid participationId, EsfLeavingBody body,
                HttpContext http, IMediator mediator, CancellationToken ct) =>
                EsfParticipations.Answer(http, await mediator.Send(new RecordEsfLeavingCommand(id, participationId, Inputs.Clean(body.LeftOn),
                    body.JobSearching, body.InEducation, body.GainedQualification, body.Employed, ClientVersions.Expected(http, body.Version),
                    SpecialCategories.Allowed(http), Viewer.From(http)), ct)))
            .WithName("RecordEsfLeaving").WithSummary("Austritt aus dem ESF-Projekt, optional mit Austrittsdaten; setzt die Aufbewahrungsfrist")
            .Produces<EsfParticipationView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
