using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Partners.Network;
using Bezirksplattform.Partners.Shared;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.SavePerson;

/// <summary>Creates (Id null) or updates a contact person; an update names the version it was based on.</summary>
internal sealed record SavePersonCommand(Guid? Id, string? Title, string? GivenName, string FamilyName, string? Email, string? Phone,
    string? Notes, int? ExpectedVersion, Guid ActorId) : ICommand<PersonView>
{
    public PersonState State => new(Title, GivenName, FamilyName, Email, Phone, Notes);
}

/// <summary>The recorded fields of a person (partners.history).</summary>
internal sealed record PersonState(string? Title, string? GivenName, string FamilyName, string? Email, string? Phone, string? Notes);

internal sealed class SavePersonValidator : AbstractValidator<SavePersonCommand>
{
    public SavePersonValidator()
    {
        RuleFor(x => x.FamilyName).NotEmpty().MaximumLength(100);
        RuleFor(x => x.GivenName).MaximumLength(100);
        RuleFor(x => x.Title).MaximumLength(50);
        RuleFor(x => x.Email).EmailAddressIfGiven();
        RuleFor(x => x.Phone).PhoneIfGiven();
        RuleFor(x => x.Notes).MaximumLength(4000);
        RuleFor(x => x.ExpectedVersion).NotNull().When(x => x.Id is not null).OverridePropertyName("version").WithMessage(Versions.Missing);
    }
}

internal sealed class SavePersonHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SavePersonCommand, PersonView>
{
    public async Task<PersonView> Handle(SavePersonCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var id = request.Id ?? Guid.CreateVersion7();
        var args = new { id, request.Title, request.GivenName, request.FamilyName, request.Email, request.Phone, request.Notes, request.ActorId, now };
        if (request.Id is null)
        {
            await db.ExecuteAsync(
                """
                insert into partners.people (id, title, given_name, family_name, email, phone, notes, version, created_at, created_by, updated_at, updated_by)
                values (@id, @Title, @GivenName, @FamilyName, @Email, @Phone, @Notes, 1, @now, @ActorId, @now, @ActorId)
                """, args, ct);
            await PartnersHistory.RecordAsync(db, "person", id, "created", request.State, request.ActorId, now, ct);
        }
        else
        {
            await db.ExecuteAsync("select 1 from partners.people where id = @id for update", new { id }, ct);
            var existing = await PersonReads.RequireAsync(db, id, clock, ct);
            Versions.Check(existing.Version, request.ExpectedVersion);
            await db.ExecuteAsync(
                """
                update partners.people set title = @Title, given_name = @GivenName, family_name = @FamilyName, email = @Email, phone = @Phone,
                    notes = @Notes, version = version + 1, updated_at = @now, updated_by = @ActorId
                where id = @id
                """, args, ct);
            var before = new PersonState(existing.Title, existing.GivenName, existing.FamilyName, existing.Email, existing.Phone, existing.Notes);
            await PartnersHistory.RecordAsync(db, "person", id, "updated", PartnersHistory.Diff(before, request.State), request.ActorId, now, ct);
        }

        return await PersonReads.RequireAsync(db, id, clock, ct);
    }
}

internal sealed record PersonBody(string? Title, string? GivenName, string? FamilyName, string? Email, string? Phone, string? Notes, int? Version);

internal static class SavePersonEndpoints
{
    public static void MapSavePerson(this IEndpointRouteBuilder partners)
    {
        partners.MapPost("/people", async (PersonBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var person = await mediator.Send(ToCommand(null, body, http), ct);
                return Versions.Answer(http, person, person.Version, $"/api/partners/people/{person.Id}");
            })
            .RequireCoordinator()
            .WithName("CreatePartnerPerson").WithSummary("Ansprechperson anlegen")
            .Produces<PersonView>(StatusCodes.Status201Created).ProducesValidationProblem();

        partners.MapPut("/people/{id:guid}", async (Guid id, PersonBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var person = await mediator.Send(ToCommand(id, body, http), ct);
                return Versions.Answer(http, person, person.Version);
            })
            .RequireCoordinator()
            .WithName("UpdatePartnerPerson").WithSummary("Ansprechperson ändern; If-Match oder version")
            .ProducesUpdate<PersonView>();
    }

    private static SavePersonCommand ToCommand(Guid? id, PersonBody body, HttpContext http) =>
        new(id, ContactRules.Clean(body.Title), ContactRules.Clean(body.GivenName), body.FamilyName?.Trim() ?? "", ContactRules.Clean(body.Email),
            ContactRules.Clean(body.Phone), ContactRules.Clean(body.Notes), id is null ? null : Versions.Expected(http, body.Version),
            CurrentUser.Required(http).Id);
}
