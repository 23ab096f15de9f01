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

namespace Bezirksplattform.Partners.Features.HandOverCommitteeChair;

internal sealed record HandOverBody(
    Guid? MembershipId, Guid? PersonId, Guid? OnBehalfOfOrganisationId, string? SeatTitle, DateOnly? From, DateOnly? Until, string? Reason);

internal sealed record HandOverResult(MembershipView? PreviousChair, MembershipView NewChair);

/// <summary>
/// Wechsel im Vorsitz, in one transaction: the chair holding office on <c>From</c> ends the day
/// before; the new chair is either an existing seat (<c>MembershipId</c>: that seat ends the day
/// before too and continues as the chair, Popolo-style) or a new seat for a person and/or organisation.
/// </summary>
internal sealed record HandOverChairCommand(
    Guid CommitteeId, Guid? MembershipId, Guid? PersonId, Guid? OnBehalfOfOrganisationId, string? SeatTitle, DateOnly? From, DateOnly? Until,
    string? Reason, Guid ActorId) : ITermInput, ICommand<HandOverResult>;

internal sealed class HandOverChairValidator : AbstractValidator<HandOverChairCommand>
{
    public HandOverChairValidator()
    {
        Include(new TermValidator());
        RuleFor(x => x.MembershipId).Null().When(x => x.PersonId is not null || x.OnBehalfOfOrganisationId is not null)
            .WithMessage("Entweder eine bestehende Mitgliedschaft (membershipId) oder eine Person/Organisation angeben, nicht beides.");
        RuleFor(x => x.PersonId).NotNull().When(x => x.MembershipId is null && x.OnBehalfOfOrganisationId is null)
            .WithMessage("Die neue Vorsitzende Person (personId), die Organisation (onBehalfOfOrganisationId) oder eine Mitgliedschaft (membershipId) angeben.");
        RuleFor(x => x.SeatTitle).MaximumLength(300);
        RuleFor(x => x.Reason).MaximumLength(1000);
    }
}

internal sealed class HandOverChairHandler(IDbSession db, TimeProvider clock) : IRequestHandler<HandOverChairCommand, HandOverResult>
{
    public async Task<HandOverResult> Handle(HandOverChairCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var from = request.From!.Value;
        var dayBefore = from.AddDays(-1);
        // Locking the committee makes concurrent hand-overs take turns instead of both ending the same chair.
        await CommitteeReads.LoadCommitteeAsync(db, request.CommitteeId, ct, forUpdate: true);

        var current = (await db.QueryAsync<MembershipView>(
            CommitteeReads.MembershipSelect + " where m.committee_id = @CommitteeId and m.role = 'chair' and m.term @> @from::date",
            new { request.CommitteeId, from }, ct)).SingleOrDefault();
        if (current is not null && current.Id == request.MembershipId)
            throw new ConflictException($"{current.Holder()} hat den Vorsitz an diesem Tag schon inne.");
        if (current is not null && current.From >= from)
            throw new FieldProblemException("from", $"Der Vorsitz von {current.Holder()} beginnt erst am {current.From:dd.MM.yyyy}; der Wechsel muss danach liegen.");

        MembershipView? source = null;
        if (request.MembershipId is { } membershipId)
        {
            source = await CommitteeReads.LoadMembershipAsync(db, request.CommitteeId, membershipId, ct, forUpdate: true);
            if (from <= source.From || (source.Until is { } end && from > end))
                throw new FieldProblemException("from", $"Muss in der Amtszeit der Mitgliedschaft ({CommitteeWrites.Term(source.From, source.Until)}) und nach ihrem ersten Tag liegen.");
        }

        var previous = current is null
            ? null
            : await CommitteeWrites.EndMembershipAsync(db, current, dayBefore, request.Reason ?? "Wechsel im Vorsitz", now, request.ActorId, ct);
        if (source is not null)
            await CommitteeWrites.EndMembershipAsync(db, source, dayBefore, "Wechsel in den Vorsitz", now, request.ActorId, ct);

        var chair = new MembershipRecord(Guid.CreateVersion7(), request.CommitteeId, source?.PersonId ?? request.PersonId,
            source?.OnBehalfOfOrganisationId ?? request.OnBehalfOfOrganisationId, request.SeatTitle ?? source?.SeatTitle, MembershipRoles.Chair,
            from, request.Until ?? source?.Until, null, source?.Notes);
        await CommitteeWrites.SaveMembershipAsync(db, chair, insert: true, now, request.ActorId, ct);
        await PartnersHistory.RecordAsync(db, CommitteeHistoryTypes.Membership, chair.Id, "created",
            new { membership = chair, previousChairId = current?.Id, continuesMembershipId = source?.Id }, request.ActorId, now, ct);

        return new HandOverResult(previous, await CommitteeReads.LoadMembershipAsync(db, request.CommitteeId, chair.Id, ct));
    }
}

internal static class HandOverCommitteeChairEndpoint
{
    public static void MapHandOverCommitteeChair(this IEndpointRouteBuilder committees) =>
        committees.MapPost("/{id:guid}/chair", async (Guid id, HandOverBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var result = await mediator.Send(new HandOverChairCommand(id, body.MembershipId, body.PersonId, body.OnBehalfOfOrganisationId,
                    Input.Blank(body.SeatTitle), body.From, body.Until, Input.Blank(body.Reason), CurrentUser.Required(http).Id), ct);
                return Results.Created($"/api/partners/committees/{id}/memberships/{result.NewChair.Id}", result);
            })
            .RequireCoordinator().WithName("HandOverCommitteeChair")
            .WithSummary("Wechsel im Vorsitz: beendet den bisherigen Vorsitz am Vortag und beginnt den neuen am Tag from")
            .Produces<HandOverResult>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
}
