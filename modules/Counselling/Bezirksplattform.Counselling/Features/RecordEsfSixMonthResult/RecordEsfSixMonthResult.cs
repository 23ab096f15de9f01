using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Clients;
using Bezirksplattform.Counselling.Esf;
using Bezirksplattform.Counselling.Features.RecordEsfExitData;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.RecordEsfSixMonthResult;

/// <summary>The longer-term result: in employment (incl. self-employment) six months after leaving; not before then (409).</summary>
internal sealed record RecordEsfSixMonthResultCommand(
    Guid ClientId, Guid ParticipationId, Guid StayId, bool? EmployedSixMonths, int? ExpectedVersion, bool SpecialCategories, Viewer Viewer)
    : ICommand<EsfParticipationView>;

internal sealed class RecordEsfSixMonthResultValidator : AbstractValidator<RecordEsfSixMonthResultCommand>
{
    public RecordEsfSixMonthResultValidator()
    {
        RuleFor(x => x.EmployedSixMonths).NotNull().WithMessage("Ja oder nein (true/false).");
        RuleFor(x => x.ExpectedVersion).NotNull().OverridePropertyName("version").WithMessage(EsfParticipations.Missing);
    }
}

internal sealed class RecordEsfSixMonthResultHandler(IDbSession db, TimeProvider clock)
    : IRequestHandler<RecordEsfSixMonthResultCommand, EsfParticipationView>
{
    public Task<EsfParticipationView> Handle(RecordEsfSixMonthResultCommand request, CancellationToken ct) =>
        EsfParticipations.ChangeAsync(db, clock, request.Viewer, request.ClientId, request.ParticipationId, request.ExpectedVersion,
            request.SpecialCategories, "esf six-month result", async now =>
            {
                var from = EsfDeadlines.SixMonthResultFrom(await EsfStays.RequireLeftAsync(db, request.ParticipationId, request.StayId, ct));
                if (now.BerlinDate() < from)
                    throw new ConflictException($"Das Ergebnis sechs Monate nach dem Austritt kann erst ab {from:dd.MM.yyyy} erfasst werden.");
                await db.ExecuteAsync(
                    "update counselling.esf_stays set employed_six_months = @EmployedSixMonths, six_months_recorded_at = @now where id = @StayId",
                    new { request.StayId, request.EmployedSixMonths, now }, ct);
            }, ct);
}

internal sealed record EsfSixMonthResultBody(bool? EmployedSixMonths, int? Version);

internal static class RecordEsfSixMonthResultEndpoints
{
    public static void MapRecordEsfSixMonthResult(this IEndpointRouteBuilder counselling) =>
        counselling.MapPut("/clients/{id:guid}/esf/{participationId:guid}/stays/{stayId:guid}/six-month-result", async (Guid id, Guid participationId,
                Guid stayId, EsfSixMonthResultBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                EsfParticipations.Answer(http, await mediator.Send(new RecordEsfSixMonthResultCommand(id, participationId, stayId, body.EmployedSixMonths,
                    ClientVersions.Expected(http, body.Version), SpecialCategories.Allowed(http), Viewer.From(http)), ct)))
            .WithName("RecordEsfSixMonthResult").WithSummary("Ergebnis sechs Monate nach dem Austritt erfassen (frühestens dann)")
            .Produces<EsfParticipationView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
