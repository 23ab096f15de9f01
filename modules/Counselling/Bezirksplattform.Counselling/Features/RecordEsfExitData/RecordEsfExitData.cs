using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Clients;
using Bezirksplattform.Counselling.Esf;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.RecordEsfExitData;

/// <summary>Records or rectifies the exit data of one stay after its leaving (immediate result indicators EECR01–EECR04).</summary>
internal sealed record RecordEsfExitDataCommand(
    Guid ClientId, Guid ParticipationId, Guid StayId, bool? JobSearching, bool? InEducation, bool? GainedQualification, bool? Employed,
    int? ExpectedVersion, bool SpecialCategories, Viewer Viewer) : ICommand<EsfParticipationView>, IEsfExitFields;

internal sealed class RecordEsfExitDataValidator : AbstractValidator<RecordEsfExitDataCommand>
{
    public RecordEsfExitDataValidator()
    {
        EsfInputRules.Exit(this, _ => true);
        RuleFor(x => x.ExpectedVersion).NotNull().OverridePropertyName("version").WithMessage(EsfParticipations.Missing);
    }
}

internal sealed class RecordEsfExitDataHandler(IDbSession db, TimeProvider clock) : IRequestHandler<RecordEsfExitDataCommand, EsfParticipationView>
{
    public Task<EsfParticipationView> Handle(RecordEsfExitDataCommand request, CancellationToken ct) =>
        EsfParticipations.ChangeAsync(db, clock, request.Viewer, request.ClientId, request.ParticipationId, request.ExpectedVersion,
            request.SpecialCategories, "esf exit data", async now =>
            {
                await EsfStays.RequireLeftAsync(db, request.ParticipationId, request.StayId, ct);
                await db.ExecuteAsync(
                    """
                    update counselling.esf_stays set exit_job_searching = @JobSearching, exit_in_education = @InEducation,
                        exit_gained_qualification = @GainedQualification, exit_employed = @Employed, exit_recorded_at = @now, exit_recorded_by = @by
                    where id = @StayId
                    """,
                    new { request.StayId, request.JobSearching, request.InEducation, request.GainedQualification, request.Employed, now, by = request.Viewer.UserId },
                    ct);
            }, ct);
}

/// <summary>Stays of a participation that the participant has left.</summary>
internal static class EsfStays
{
    /// <summary>The stay's date of leaving; 404 for a stay of another participation, 409 while the participant is still in the project.</summary>
    public static async Task<DateOnly> RequireLeftAsync(IDbSession db, Guid participationId, Guid stayId, CancellationToken ct)
    {
        var stay = await db.QuerySingleOrDefaultAsync<StayRow>(
            "select left_on from counselling.esf_stays where id = @stayId and participation_id = @participationId", new { stayId, participationId }, ct)
            ?? throw new NotFoundException("Diesen Aufenthalt im ESF-Projekt gibt es nicht.");
        return stay.LeftOn ?? throw new ConflictException("Der Teilnehmende ist noch im Projekt: erst den Austritt erfassen.");
    }

    private sealed record StayRow(DateOnly? LeftOn);
}

internal sealed record EsfExitDataBody(bool? JobSearching, bool? InEducation, bool? GainedQualification, bool? Employed, int? Version);

internal static class RecordEsfExitDataEndpoints
{
    public static void MapRecordEsfExitData(this IEndpointRouteBuilder counselling) =>
        counselling.MapPut("/clients/{id:guid}/esf/{participationId:guid}/stays/{stayId:guid}/exit", async (Guid id, Guid participationId, Guid stayId,
                EsfExitDataBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                EsfParticipations.Answer(http, await mediator.Send(new RecordEsfExitDataCommand(id, participationId, stayId, body.JobSearching,
                    body.InEducation, body.GainedQualification, body.Employed, ClientVersions.Expected(http, body.Version), SpecialCategories.Allowed(http),
                    Viewer.From(http)), ct)))
            .WithName("RecordEsfExitData").WithSummary("ESF-Austrittsdaten eines Aufenthalts erfassen oder berichtigen")
            .Produces<EsfParticipationView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
