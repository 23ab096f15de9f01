using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Clients;
using Bezirksplattform.Counselling.DataProtection;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.EraseClient;

/// <summary>
/// Outcome <c>deleted</c>: nothing is left. <c>minimal_esf_record_kept</c>: only the minimal ESF
/// record is left until <c>HeldUntil</c> (null: the person is still in an ESF project, the hold's end is not known yet).
/// </summary>
internal sealed record ErasureView(Guid ClientId, string ClientNumber, string Outcome, DateOnly? HeldUntil);

/// <summary>
/// Erasure (Art. 17 DSGVO) on request, by an admin or the owning counsellor (team colleagues may
/// read the client but not erase it: erasure cannot be undone, so it stays with whoever is
/// responsible). One transaction, see <see cref="Erasure"/>. An erased client is invisible, so
/// erasing it again is a 404 like any client one cannot see. Logged as 'erase' with the reason.
/// </summary>
internal sealed record EraseClientCommand(Guid Id, string? Reason, Viewer Viewer) : ICommand<ErasureView>;

internal sealed class EraseClientValidator : AbstractValidator<EraseClientCommand>
{
    public EraseClientValidator() =>
        RuleFor(x => x.Reason).NotEmpty().WithMessage("Grund der Löschung angeben (z. B. „Antrag der Person vom 20.11.2026“).")
            .MaximumLength(1000).WithMessage("Höchstens 1000 Zeichen.");
}

internal sealed class EraseClientHandler(IDbSession db, IIntegrationEventOutbox outbox, TimeProvider clock) : IRequestHandler<EraseClientCommand, ErasureView>
{
    public const string OwnerOrAdmin =
        "Löschen können nur die zuständige Beraterin bzw. der zuständige Berater des Klienten und die Administration.";

    public async Task<ErasureView> Handle(EraseClientCommand request, CancellationToken ct)
    {
        var viewer = request.Viewer;
        await ClientAccess.RequireVisibleAsync(db, viewer, request.Id, forUpdate: true, ct);
        var client = await db.QuerySingleAsync<ClientRow>(
            """
            select c.client_number, c.owner_id,
                   (select case when bool_or(p.retain_until is null) then null else max(p.retain_until) end
                    from counselling.esf_participations p where p.client_id = c.id) as held_until
            from counselling.clients c where c.id = @Id
            """, request, ct);
        if (!viewer.IsAdmin && client.OwnerId != viewer.UserId)
            throw new ProblemException(StatusCodes.Status403Forbidden, "Keine Berechtigung", OwnerOrAdmin);

        var now = clock.GetUtcNow();
        var outcome = await Erasure.EraseAsync(db, outbox, request.Id, now.BerlinDate(), now, ct);
        await ClientAccess.LogAsync(db, viewer, "erase", request.Id, $"{Erasure.Name(outcome)}: {request.Reason}", now, ct);
        return new ErasureView(request.Id, client.ClientNumber, Erasure.Name(outcome),
            outcome == ErasureOutcome.Deleted ? null : client.HeldUntil);
    }

    private sealed record ClientRow(string ClientNumber, Guid OwnerId, DateOnly? HeldUntil);
}

internal sealed record ErasureBody(string? Reason);

internal static class EraseClientEndpoints
{
    public static void MapEraseClient(this IEndpointRouteBuilder counselling) =>
        counselling.MapPost("/clients/{id:guid}/erasure", async (Guid id, ErasureBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new EraseClientCommand(id, Inputs.Clean(body.Reason), Viewer.From(http)), ct)))
            .WithName("EraseClient")
            .WithSummary("Löschen nach Art. 17 DSGVO (zuständige Beratung oder Administration); unter ESF-Aufbewahrungspflicht bleibt nur der minimale ESF-Datensatz")
            .Produces<ErasureView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
}
