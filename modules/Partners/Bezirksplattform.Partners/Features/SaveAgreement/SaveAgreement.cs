using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Partners.Agreements;
using Bezirksplattform.Partners.Shared;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.SaveAgreement;

/// <summary>The agreement's own fields; parties, signatories, documents and the termination have their own routes.</summary>
internal sealed record SaveAgreementBody(
    string? Title, string? Subject, string? DistrictCode, DateOnly? ValidFrom, DateOnly? ValidUntil, int? NoticePeriodMonths, int? Version);

internal sealed record SaveAgreementCommand(
    Guid? Id, ExpectedVersion Expected, string Title, string? Subject, string? DistrictCode, DateOnly? ValidFrom, DateOnly? ValidUntil,
    int? NoticePeriodMonths, Guid ActorId) : ICommand<AgreementView>;

internal sealed class SaveAgreementValidator : AbstractValidator<SaveAgreementCommand>
{
    public SaveAgreementValidator()
    {
        RuleFor(x => x.Title).NotEmpty().MaximumLength(300);
        RuleFor(x => x.Subject).MaximumLength(4000);
        RuleFor(x => x.ValidUntil).GreaterThanOrEqualTo(x => x.ValidFrom)
            .When(x => x.ValidFrom is not null && x.ValidUntil is not null).WithMessage("Muss am oder nach 'validFrom' liegen.");
        RuleFor(x => x.NoticePeriodMonths).InclusiveBetween(0, 120).When(x => x.NoticePeriodMonths is not null);
    }
}

/// <summary>The fields the history compares, named as the API spells them.</summary>
internal sealed record AgreementFields(string Title, string? Subject, string? DistrictCode, DateOnly? ValidFrom, DateOnly? ValidUntil, int? NoticePeriodMonths);

internal sealed class SaveAgreementHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SaveAgreementCommand, AgreementView>
{
    public async Task<AgreementView> Handle(SaveAgreementCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = clock.Today();
        if (request.DistrictCode is not null
            && !await db.ExecuteScalarAsync<bool>("select exists (select 1 from partners.districts where code = @DistrictCode)", request, ct))
            throw new FieldProblemException("districtCode", $"Unbekannter Bezirk: {request.DistrictCode}.");

        var fields = new AgreementFields(request.Title, request.Subject, request.DistrictCode, request.ValidFrom, request.ValidUntil, request.NoticePeriodMonths);
        if (request.Id is not { } id)
        {
            id = Guid.CreateVersion7();
            await db.ExecuteAsync(
                """
                insert into partners.agreements (id, title, subject, district_code, valid_from, valid_until, notice_period_months,
                                                 created_at, created_by, updated_at, updated_by)
                values (@id, @Title, @Subject, @DistrictCode, @ValidFrom, @ValidUntil, @NoticePeriodMonths, @now, @actor, @now, @actor)
                """, new { id, fields.Title, fields.Subject, fields.DistrictCode, fields.ValidFrom, fields.ValidUntil, fields.NoticePeriodMonths, now, actor = request.ActorId }, ct);
            await PartnersHistory.RecordAsync(db, AgreementHistoryTypes.Agreement, id, "created", fields, request.ActorId, now, ct);
            return await AgreementReads.ViewAsync(db, id, today, ct);
        }

        var existing = await AgreementReads.LockAsync(db, id, today, request.Expected, ct, versionRequired: true);
        var before = new AgreementFields(existing.Title, existing.Subject, existing.DistrictCode, existing.ValidFrom, existing.ValidUntil, existing.NoticePeriodMonths);
        var changes = PartnersHistory.Diff(before, fields);
        if (changes.Count == 0) return await AgreementReads.ViewAsync(db, id, today, ct);

        // A recorded termination was checked against these dates and the notice period: they stay.
        if (existing.TerminatedOn is not null && (before.ValidFrom != fields.ValidFrom || before.ValidUntil != fields.ValidUntil
                                                  || before.NoticePeriodMonths != fields.NoticePeriodMonths))
            throw new ConflictException("Die Vereinbarung ist gekündigt: Laufzeit und Kündigungsfrist lassen sich nicht mehr ändern.");

        await db.ExecuteAsync(
            """
            update partners.agreements set title = @Title, subject = @Subject, district_code = @DistrictCode, valid_from = @ValidFrom,
                valid_until = @ValidUntil, notice_period_months = @NoticePeriodMonths, version = version + 1, updated_at = @now, updated_by = @actor
            where id = @id
            """, new { id, fields.Title, fields.Subject, fields.DistrictCode, fields.ValidFrom, fields.ValidUntil, fields.NoticePeriodMonths, now, actor = request.ActorId }, ct);
        await PartnersHistory.RecordAsync(db, AgreementHistoryTypes.Agreement, id, "updated", changes, request.ActorId, now, ct);
        return await AgreementReads.ViewAsync(db, id, today, ct);
    }
}

internal static class SaveAgreementEndpoints
{
    public static void MapSaveAgreement(this IEndpointRouteBuilder agreements)
    {
        agreements.MapPost("", async (SaveAgreementBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var agreement = await mediator.Send(ToCommand(null, body, http), ct);
                http.Response.Headers.ETag = AgreementReads.ETagOf(agreement.Version);
                return Results.Created($"/api/partners/agreements/{agreement.Id}", agreement);
            })
            .RequireCoordinator()
            .WithName("CreateAgreement").WithSummary("Kooperationsvereinbarung anlegen (Entwurf, bis alle Parteien unterzeichnet haben)")
            .Produces<AgreementView>(StatusCodes.Status201Created).ProducesValidationProblem();

        agreements.MapPut("/{id:guid}", async (Guid id, SaveAgreementBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                await AgreementReads.RespondAsync(mediator, ToCommand(id, body, http), http, ct))
            .RequireCoordinator()
            .WithName("UpdateAgreement").WithSummary("Kooperationsvereinbarung ändern; If-Match oder version verhindert das Überschreiben fremder Änderungen")
            .Produces<AgreementView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static SaveAgreementCommand ToCommand(Guid? id, SaveAgreementBody body, HttpContext http) =>
        new(id, ExpectedVersion.From(http, body.Version), body.Title?.Trim() ?? "", Blank(body.Subject), Blank(body.DistrictCode),
            body.ValidFrom, body.ValidUntil, body.NoticePeriodMonths, CurrentUser.Required(http).Id);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
