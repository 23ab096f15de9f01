using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Partners.Committees;
using Bezirksplattform.Partners.Shared;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.SaveCommitteeMembership;

internal sealed record MembershipBody(
    Guid? PersonId, Guid? OnBehalfOfOrganisationId, string? SeatTitle, string? Role, DateOnly? From, DateOnly? Until, string? Notes, int? Version);

/// <summary>Adds (Id null) or changes a seat. <c>From</c>/<c>Until</c> are inclusive days; Until null = open term.</summary>
internal sealed record SaveMembershipCommand(
    Guid CommitteeId, Guid? Id, ExpectedVersion Expected, Guid? PersonId, Guid? OnBehalfOfOrganisationId, string? SeatTitle, string Role,
    DateOnly? From, DateOnly? Until, string? Notes, Guid ActorId) : ITermInput, ICommand<MembershipView>;

internal sealed class SaveMembershipValidator : AbstractValidator<SaveMembershipCommand>
{
    public SaveMembershipValidator()
    {
        RuleFor(x => x.Role).Must(r => MembershipRoles.All.Contains(r)).WithMessage(Allowed.Message(MembershipRoles.All));
        Include(new TermValidator());
        RuleFor(x => x.PersonId).NotNull().When(x => x.OnBehalfOfOrganisationId is null)
            .WithMessage("Eine Person (personId) oder die entsendende Organisation (onBehalfOfOrganisationId) angeben.");
        RuleFor(x => x.SeatTitle).MaximumLength(300);
        RuleFor(x => x.Notes).MaximumLength(4000);
    }
}

internal sealed class SaveMembershipHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SaveMembershipCommand, MembershipView>
{
    public async Task<MembershipView> Handle(SaveMembershipCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await CommitteeReads.EnsureCommitteeAsync(db, request.CommitteeId, ct);
        MembershipView? before = null;
        if (request.Id is { } id)
        {
            before = await CommitteeReads.LoadMembershipAsync(db, request.CommitteeId, id, ct, forUpdate: true);
            request.Expected.Check(before.Version, "Die Mitgliedschaft");
        }

        var record = new MembershipRecord(request.Id ?? Guid.CreateVersion7(), request.CommitteeId, request.PersonId, request.OnBehalfOfOrganisationId,
            request.SeatTitle, request.Role, request.From!.Value, request.Until, request.Until is null ? null : before?.EndedReason, request.Notes);
        await CommitteeWrites.SaveMembershipAsync(db, record, insert: before is null, now, request.ActorId, ct);

        var after = await CommitteeReads.LoadMembershipAsync(db, request.CommitteeId, record.Id, ct);
        await PartnersHistory.RecordAsync(db, CommitteeHistoryTypes.Membership, record.Id, before is null ? "created" : "updated",
            before is null ? MembershipRecord.Of(after) : PartnersHistory.Diff(MembershipRecord.Of(before), MembershipRecord.Of(after)),
            request.ActorId, now, ct);
        return after;
    }
}

internal static class SaveCommitteeMembershipEndpoints
{
    public static void MapSaveCommitteeMembership(this IEndpointRouteBuilder committees)
    {
        committees.MapPost("/{id:guid}/memberships", async (Guid id, MembershipBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var membership = await mediator.Send(ToCommand(id, null, body, http), ct);
                http.Response.Headers.ETag = CommitteeReads.ETagOf(membership.Version);
                return Results.Created($"/api/partners/committees/{id}/memberships/{membership.Id}", membership);
            })
            .RequireCoordinator().WithName("AddCommitteeMembership")
            .WithSummary("Sitz im Gremium vergeben (Person und/oder entsendende Organisation); höchstens ein Vorsitz zur selben Zeit")
            .Produces<MembershipView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);

        committees.MapPut("/{id:guid}/memberships/{membershipId:guid}",
                async (Guid id, Guid membershipId, MembershipBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                {
                    var membership = await mediator.Send(ToCommand(id, membershipId, body, http), ct);
                    http.Response.Headers.ETag = CommitteeReads.ETagOf(membership.Version);
                    return Results.Ok(membership);
                })
            .RequireCoordinator().WithName("UpdateCommitteeMembership").WithSummary("Mitgliedschaft ändern (If-Match oder version)")
            .Produces<MembershipView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
    }

    private static SaveMembershipCommand ToCommand(Guid committeeId, Guid? id, MembershipBody body, HttpContext http) =>
        new(committeeId, id, ExpectedVersion.From(http, body.Version), body.PersonId, body.OnBehalfOfOrganisationId, Input.Blank(body.SeatTitle),
            body.Role ?? "", body.From, body.Until, Input.Blank(body.Notes), CurrentUser.Required(http).Id);
}
