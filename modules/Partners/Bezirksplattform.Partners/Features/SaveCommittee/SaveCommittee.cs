using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Partners.Committees;
using Bezirksplattform.Partners.Features.GetCommittee;
using Bezirksplattform.Partners.Shared;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.SaveCommittee;

internal sealed record CommitteeBody(
    string? Name, string? Kind, string? Purpose, string? DistrictCode, Guid? ChairingOrganisationId, Guid? AgreementId,
    DateOnly? FoundedOn, DateOnly? DissolvedOn, int? Version);

/// <summary>Creates (Id null) or updates a committee; an update names the version it was based on.</summary>
internal sealed record SaveCommitteeCommand(Guid? Id, ExpectedVersion Expected, string Name, string Kind, string? Purpose, string? DistrictCode,
    Guid? ChairingOrganisationId, Guid? AgreementId, DateOnly? FoundedOn, DateOnly? DissolvedOn, Guid ActorId) : ICommand<CommitteeDetail>;

internal sealed class SaveCommitteeValidator : AbstractValidator<SaveCommitteeCommand>
{
    public SaveCommitteeValidator()
    {
        RuleFor(x => x.Name).NotEmpty().WithMessage("Darf nicht leer sein.").MaximumLength(300);
        RuleFor(x => x.Kind).Must(k => CommitteeKinds.All.Contains(k)).WithMessage(Allowed.Message(CommitteeKinds.All));
        RuleFor(x => x.Purpose).MaximumLength(4000);
        RuleFor(x => x.DissolvedOn).GreaterThanOrEqualTo(x => x.FoundedOn).When(x => x.FoundedOn is not null && x.DissolvedOn is not null)
            .WithMessage("Muss am oder nach 'foundedOn' liegen.");
    }
}

internal sealed class SaveCommitteeHandler(IDbSession db, IMediator mediator, TimeProvider clock) : IRequestHandler<SaveCommitteeCommand, CommitteeDetail>
{
    public async Task<CommitteeDetail> Handle(SaveCommitteeCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var args = new
        {
            Id = request.Id ?? Guid.CreateVersion7(), request.Name, request.Kind, request.Purpose, request.DistrictCode, request.ChairingOrganisationId,
            request.AgreementId, request.FoundedOn, request.DissolvedOn, now, request.ActorId,
        };

        if (request.Id is null)
        {
            await CommitteeWrites.GuardAsync(db, () => db.ExecuteAsync(
                """
                insert into partners.committees (id, name, kind, purpose, district_code, chairing_organisation_id, agreement_id, founded_on, dissolved_on,
                    version, created_at, created_by, updated_at, updated_by)
                values (@Id, @Name, @Kind, @Purpose, @DistrictCode, @ChairingOrganisationId, @AgreementId, @FoundedOn, @DissolvedOn, 1, @now, @ActorId, @now, @ActorId)
                """, args, ct), ct);
            await PartnersHistory.RecordAsync(db, CommitteeHistoryTypes.Committee, args.Id, "created",
                await CommitteeReads.LoadCommitteeAsync(db, args.Id, ct), request.ActorId, now, ct);
        }
        else
        {
            var before = await CommitteeReads.LoadCommitteeAsync(db, args.Id, ct, forUpdate: true);
            request.Expected.Check(before.Version, "Das Gremium");
            await CommitteeWrites.GuardAsync(db, () => db.ExecuteAsync(
                """
                update partners.committees
                set name = @Name, kind = @Kind, purpose = @Purpose, district_code = @DistrictCode, chairing_organisation_id = @ChairingOrganisationId,
                    agreement_id = @AgreementId, founded_on = @FoundedOn, dissolved_on = @DissolvedOn,
                    version = version + 1, updated_at = @now, updated_by = @ActorId
                where id = @Id
                """, args, ct), ct);
            var after = await CommitteeReads.LoadCommitteeAsync(db, args.Id, ct);
            await PartnersHistory.RecordAsync(db, CommitteeHistoryTypes.Committee, args.Id, "updated",
                PartnersHistory.Diff(before with { Version = 0, UpdatedAt = default }, after with { Version = 0, UpdatedAt = default }),
                request.ActorId, now, ct);
        }

        return await mediator.Send(new GetCommitteeQuery(args.Id), ct);
    }
}

internal static class SaveCommitteeEndpoints
{
    public static void MapSaveCommittee(this IEndpointRouteBuilder committees)
    {
        committees.MapPost("/", async (CommitteeBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var committee = await mediator.Send(ToCommand(null, body, http), ct);
                http.Response.Headers.ETag = CommitteeReads.ETagOf(committee.Version);
                return Results.Created($"/api/partners/committees/{committee.Id}", committee);
            })
            .RequireCoordinator().WithName("CreateCommittee").WithSummary("Gremium anlegen")
            .Produces<CommitteeDetail>(StatusCodes.Status201Created).ProducesValidationProblem();

        committees.MapPut("/{id:guid}", async (Guid id, CommitteeBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var committee = await mediator.Send(ToCommand(id, body, http), ct);
                http.Response.Headers.ETag = CommitteeReads.ETagOf(committee.Version);
                return Results.Ok(committee);
            })
            .RequireCoordinator().WithName("UpdateCommittee").WithSummary("Gremium ändern; If-Match oder version verhindert das Überschreiben fremder Änderungen")
            .Produces<CommitteeDetail>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static SaveCommitteeCommand ToCommand(Guid? id, CommitteeBody body, HttpContext http) =>
        new(id, ExpectedVersion.From(http, body.Version), body.Name?.Trim() ?? "", body.Kind ?? "", Input.Blank(body.Purpose), Input.Blank(body.DistrictCode),
            body.ChairingOrganisationId, body.AgreementId, body.FoundedOn, body.DissolvedOn, CurrentUser.Required(http).Id);
}
