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

namespace Bezirksplattform.Counselling.Features.EnterEsfProject;

/// <summary>
/// A person enters an ESF project: the first entry creates the participation (and may carry the
/// entry data, which may also follow within 4 weeks); entering again after leaving opens a new
/// stay on the same participation, so the participant still counts once per project.
/// </summary>
internal sealed record EnterEsfProjectCommand(
    Guid ClientId, string ProjectCode, string? EnteredOn, string? Gender, int? AgeAtEntry, string? LabourMarketStatus, int? UnemploymentMonths,
    string? EducationLevel, bool? ThirdCountryNational, bool? ForeignBackground, bool? Homeless, bool? RuralArea, string? Disability,
    string? Minority, bool SpecialCategories, Viewer Viewer) : ICommand<EsfParticipationView>, IEsfEntryFields;

internal sealed class EnterEsfProjectValidator : AbstractValidator<EnterEsfProjectCommand>
{
    public EnterEsfProjectValidator()
    {
        RuleFor(x => x.ProjectCode).Matches(EsfVocabulary.ProjectCodePattern)
            .WithMessage("Ein Projektkürzel aus Kleinbuchstaben, Ziffern, - und _, z. B. esf-brueckenbau.");
        RuleFor(x => x.EnteredOn).Must(Inputs.IsDate).WithMessage(Inputs.DateFormat);
        EsfInputRules.Entry(this, EsfInputRules.AnyEntry);
    }
}

internal sealed class EnterEsfProjectHandler(IDbSession db, TimeProvider clock) : IRequestHandler<EnterEsfProjectCommand, EsfParticipationView>
{
    public async Task<EsfParticipationView> Handle(EnterEsfProjectCommand request, CancellationToken ct)
    {
        // Locking the client serialises two entries of the same person.
        await ClientAccess.RequireProcessableAsync(db, request.Viewer, request.ClientId, ct, forUpdate: true);
        await EsfParticipations.RequirePersonAsync(db, request.ClientId, ct);
        EsfInputRules.CheckSpecialCategories(request, request.SpecialCategories);
        var now = clock.GetUtcNow();
        var enteredOn = Inputs.ParseDate(request.EnteredOn)!.Value;
        if (enteredOn > now.BerlinDate()) throw new FieldProblemException("enteredOn", "Ein Eintritt kann nicht in der Zukunft liegen.");

        var existing = await db.QuerySingleOrDefaultAsync<Existing>(
            """
            select p.id, p.first_entered_on,
                   exists (select 1 from counselling.esf_stays s where s.participation_id = p.id and s.left_on is null) as open,
                   (select max(s.left_on) from counselling.esf_stays s where s.participation_id = p.id) as last_left_on
            from counselling.esf_participations p where p.client_id = @ClientId and p.project_code = @ProjectCode
            """, new { request.ClientId, request.ProjectCode }, ct);

        Guid participationId;
        if (existing is null)
        {
            participationId = Guid.CreateVersion7();
            await db.ExecuteAsync(
                """
                insert into counselling.esf_participations (id, client_id, project_code, first_entered_on, created_at, updated_at)
                values (@participationId, @ClientId, @ProjectCode, @enteredOn, @now, @now)
                """, new { participationId, request.ClientId, request.ProjectCode, enteredOn, now }, ct);
            if (EsfInputRules.AnyEntry(request))
                await EsfParticipations.WriteEntryAsync(db, participationId, EsfInputRules.ToEntry(request), request.SpecialCategories,
                    request.Viewer.UserId, now, ct);
        }
        else
        {
            participationId = existing.Id;
            if (existing.Open)
                throw new ConflictException($"Der Klient ist schon im Projekt {request.ProjectCode}; erst den Austritt erfassen.");
            if (existing.LastLeftOn is { } left && enteredOn < left)
                throw new FieldProblemException("enteredOn", $"Der erneute Eintritt darf nicht vor dem letzten Austritt ({left:yyyy-MM-dd}) liegen.");
            // Entry data describe the first entry; a re-entry does not replace them (rectify via PUT …/entry).
            if (EsfInputRules.AnyEntry(request))
                throw new ConflictException("Eintrittsdaten gehören zum ersten Eintritt. Berichtigen über PUT /api/counselling/clients/{id}/esf/{participationId}/entry.");
            await EsfParticipations.BumpAsync(db, participationId, now, ct);
        }

        await db.ExecuteAsync(
            "insert into counselling.esf_stays (id, participation_id, entered_on, created_at) values (@id, @participationId, @enteredOn, @now)",
            new { id = Guid.CreateVersion7(), participationId, enteredOn, now }, ct);
        await ClientAccess.LogAsync(db, request.Viewer, "update", request.ClientId, "esf entry " + request.ProjectCode, now, ct);
        return await EsfParticipations.LoadOneAsync(db, request.ClientId, participationId, request.SpecialCategories, ct);
    }

    private sealed record Existing(Guid Id, DateOnly FirstEnteredOn, bool Open, DateOnly? LastLeftOn);
}

internal sealed record EnterEsfProjectBody(
    string? ProjectCode, string? EnteredOn, string? Gender, int? AgeAtEntry, string? LabourMarketStatus, int? UnemploymentMonths,
    string? EducationLevel, bool? ThirdCountryNational, bool? ForeignBackground, bool? Homeless, bool? RuralArea, string? Disability, string? Minority);

internal static class EnterEsfProjectEndpoints
{
    public static void MapEnterEsfProject(this IEndpointRouteBuilder counselling) =>
        counselling.MapPost("/clients/{id:guid}/esf", async (Guid id, EnterEsfProjectBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var view = await mediator.Send(new EnterEsfProjectCommand(id, EsfInputRules.Lower(body.ProjectCode) ?? "", Inputs.Clean(body.EnteredOn),
                    EsfInputRules.Lower(body.Gender), body.AgeAtEntry, EsfInputRules.Lower(body.LabourMarketStatus), body.UnemploymentMonths,
                    EsfInputRules.Lower(body.EducationLevel), body.ThirdCountryNational, body.ForeignBackground, body.Homeless, body.RuralArea,
                    EsfInputRules.Lower(body.Disability), EsfInputRules.Lower(body.Minority), SpecialCategories.Allowed(http), Viewer.From(http)), ct);
                return EsfParticipations.Answer(http, view, $"/api/counselling/clients/{id}/esf/{view.Id}");
            })
            .WithName("EnterEsfProject").WithSummary("Eintritt in ein ESF-Plus-Projekt (erster Eintritt oder Wiedereintritt), optional mit Eintrittsdaten")
            .Produces<EsfParticipationView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
}
