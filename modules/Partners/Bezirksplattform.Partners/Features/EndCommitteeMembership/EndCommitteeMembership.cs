using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Partners.Committees;
using Bezirksplattform.Partners.Shared;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.EndCommitteeMembership;

internal sealed record EndMembershipBody(DateOnly? Until, string? Reason);

/// <summary>Ends an open seat: <c>Until</c> is the last day it is held (today, past or future).</summary>
internal sealed record EndMembershipCommand(Guid CommitteeId, Guid MembershipId, DateOnly? Until, string? Reason, Guid ActorId) : ICommand<MembershipView>;

internal sealed class EndMembershipValidator : AbstractValidator<EndMembershipCommand>
{
    public EndMembershipValidator()
    {
        RuleFor(x => x.Until).NotNull().WithMessage("Darf nicht leer sein.");
        RuleFor(x => x.Reason).MaximumLength(1000);
    }
}

internal sealed class EndMembershipHandler(IDbSession db, TimeProvider clock) : IRequestHandler<EndMembershipCommand, MembershipView>
{
    public async Task<MembershipView> Handle(EndMembershipCommand request, CancellationToken ct)
    {
        var membership = await CommitteeReads.LoadMembershipAsync(db, request.CommitteeId, request.MembershipId, ct, forUpdate: true);
        if (membership.Until is { } until)
            throw new ConflictException($"Die Mitgliedschaft endet schon am {until:dd.MM.yyyy}. Ein anderes Ende über das Ändern der Mitgliedschaft setzen.");
        return await CommitteeWrites.EndMembershipAsync(db, membership, request.Until!.Value, request.Reason, clock.GetUtcNow(), request.ActorId, ct);
    }
}

internal static class EndCommitteeMembershipEndpoint
{
    public static void MapEndCommitteeMembership(this IEndpointRouteBuilder committees) =>
        committees.MapPost("/{id:guid}/memberships/{membershipId:guid}/end",
                async (Guid id, Guid membershipId, EndMembershipBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                {
                    var membership = await mediator.Send(
                        new EndMembershipCommand(id, membershipId, body.Until, Input.Blank(body.Reason), CurrentUser.Required(http).Id), ct);
                    http.Response.Headers.ETag = CommitteeReads.ETagOf(membership.Version);
                    return Results.Ok(membership);
                })
            .RequireCoordinator().WithName("EndCommitteeMembership").WithSummary("Mitgliedschaft beenden (until = letzter Tag, reason = Grund)")
            .Produces<MembershipView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
}
