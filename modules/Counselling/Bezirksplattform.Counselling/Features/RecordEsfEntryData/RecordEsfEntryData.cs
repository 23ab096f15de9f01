using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Clients;
using Bezirksplattform.Counselling.Esf;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.RecordEsfEntryData;

/// <summary>
/// Records or rectifies the entry data of a participation, complete (due within 4 weeks of the
/// first entry). Without the special-category permission the stored disability/minority stay as they are.
/// </summary>
internal sealed record RecordEsfEntryDataCommand(
    Guid ClientId, Guid ParticipationId, string? Gender, int? AgeAtEntry, string? LabourMarketStatus, int? UnemploymentMonths,
    string? EducationLevel, bool? ThirdCountryNational, bool? ForeignBackground, bool? Homeless, bool? RuralArea, string? Disability,
    string? Minority, int? ExpectedVersion, bool SpecialCategories, Viewer Viewer) : ICommand<EsfParticipationView>, IEsfEntryFields;

internal sealed class RecordEsfEntryDataValidator : AbstractValidator<RecordEsfEntryDataCommand>
{
    public RecordEsfEntryDataValidator()
    {
        EsfInputRules.Entry(this, _ => true);
        RuleFor(x => x.ExpectedVersion).NotNull().OverridePropertyName("version").WithMessage(EsfParticipations.Missing);
    }
}

internal sealed class RecordEsfEntryDataHandler(IDbSession db, TimeProvider clock) : IRequestHandler<RecordEsfEntryDataCommand, EsfParticipationView>
{
    public Task<EsfParticipationView> Handle(RecordEsfEntryDataCommand request, CancellationToken ct)
    {
        EsfInputRules.CheckSpecialCategories(request, request.SpecialCategories);
        return EsfParticipations.ChangeAsync(db, clock, request.Viewer, request.ClientId, request.ParticipationId, request.ExpectedVersion,
            request.SpecialCategories, "esf entry data",
            now => EsfParticipations.WriteEntryAsync(db, request.ParticipationId, EsfInputRules.ToEntry(request), request.SpecialCategories,
                request.Viewer.UserId, now, ct), ct);
    }
}

internal sealed record EsfEntryDataBody(
    string? Gender, int? AgeAtEntry, string? LabourMarketStatus, int? UnemploymentMonths, string? EducationLevel, bool? ThirdCountryNational,
    bool? ForeignBackground, bool? Homeless, bool? RuralArea, string? Disability, string? Minority, int? Version);

internal static class RecordEsfEntryDataEndpoints
{
    public static void MapRecordEsfEntryData(this IEndpointRouteBuilder counselling) =>
        counselling.MapPut("/clients/{id:guid}/esf/{participationId:guid}/entry", async (Guid id, Guid participationId, EsfEntryDataBody body,
                HttpContext http, IMediator mediator, CancellationToken ct) =>
                EsfParticipations.Answer(http, await mediator.Send(new RecordEsfEntryDataCommand(id, participationId, EsfInputRules.Lower(body.Gender),
                    body.AgeAtEntry, EsfInputRules.Lower(body.LabourMarketStatus), body.UnemploymentMonths, EsfInputRules.Lower(body.EducationLevel),
                    body.ThirdCountryNational, body.ForeignBackground, body.Homeless, body.RuralArea, EsfInputRules.Lower(body.Disability),
                    EsfInputRules.Lower(body.Minority), ClientVersions.Expected(http, body.Version), SpecialCategories.Allowed(http), Viewer.From(http)), ct)))
            .WithName("RecordEsfEntryData").WithSummary("ESF-Eintrittsdaten erfassen oder berichtigen (If-Match oder version)")
            .Produces<EsfParticipationView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
