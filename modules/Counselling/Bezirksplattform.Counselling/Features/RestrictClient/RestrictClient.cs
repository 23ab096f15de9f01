using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Clients;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.RestrictClient;

internal sealed record RestrictionView(Guid ClientId, string ClientNumber, DateTimeOffset? RestrictedAt, string? Reason, int Version);

/// <summary>
/// Restriction of processing (Art. 18 DSGVO), e.g. while the person contests the accuracy of the
/// data. Anyone who may see the client may set it; the client then leaves everyday lists and
/// searches and further processing is refused (<see cref="ClientAccess.RequireProcessableAsync"/>);
/// reading, export, rectification and erasure stay possible. Setting it again keeps the first
/// date and replaces the reason. Logged as 'restrict'.
/// </summary>
internal sealed record RestrictClientCommand(Guid Id, string? Reason, Viewer Viewer) : ICommand<RestrictionView>;

internal sealed class RestrictClientValidator : AbstractValidator<RestrictClientCommand>
{
    public RestrictClientValidator() =>
        RuleFor(x => x.Reason).NotEmpty().WithMessage("Grund der Einschränkung angeben (z. B. „Richtigkeit bestritten“).")
            .MaximumLength(1000).WithMessage("Höchstens 1000 Zeichen.");
}

/// <summary>Lifts a restriction (the reason has ceased, e.g. the data was rectified). Idempotent; logged as 'lift_restriction'.</summary>
internal sealed record LiftRestrictionCommand(Guid Id, Viewer Viewer) : ICommand<RestrictionView>;

internal sealed class RestrictClientHandler(IDbSession db, TimeProvider clock)
    : IRequestHandler<RestrictClientCommand, RestrictionView>, IRequestHandler<LiftRestrictionCommand, RestrictionView>
{
    private const string Returning = "returning id as client_id, client_number, restricted_at, restriction_reason as reason, version";

    public async Task<RestrictionView> Handle(RestrictClientCommand request, CancellationToken ct)
    {
        await ClientAccess.RequireVisibleAsync(db, request.Viewer, request.Id, forUpdate: true, ct);
        var now = clock.GetUtcNow();
        var view = await db.QuerySingleAsync<RestrictionView>(
            $"""
            update counselling.clients set restricted_at = coalesce(restricted_at, @now), restriction_reason = @Reason,
                version = version + 1, updated_at = @now
            where id = @Id {Returning}
            """, new { request.Id, request.Reason, now }, ct);
        await ClientAccess.LogAsync(db, request.Viewer, "restrict", request.Id, request.Reason, now, ct);
        return view;
    }

    public async Task<RestrictionView> Handle(LiftRestrictionCommand request, CancellationToken ct)
    {
        await ClientAccess.RequireVisibleAsync(db, request.Viewer, request.Id, forUpdate: true, ct);
        var now = clock.GetUtcNow();
        var view = await db.QuerySingleAsync<RestrictionView>(
            $"""
            update counselling.clients
            set restricted_at = null, restriction_reason = null,
                version = version + case when restricted_at is null then 0 else 1 end,
                updated_at = case when restricted_at is null then updated_at else @now end
            where id = @Id {Returning}
            """, new { request.Id, now }, ct);
        await ClientAccess.LogAsync(db, request.Viewer, "lift_restriction", request.Id, null, now, ct);
        return view;
    }
}

internal sealed record RestrictionBody(string? Reason);

internal static class RestrictClientEndpoints
{
    public static void MapRestrictClient(this IEndpointRouteBuilder counselling)
    {
        counselling.MapPost("/clients/{id:guid}/restriction", async (Guid id, RestrictionBody body, HttpContext http, IMediator mediator,
                CancellationToken ct) =>
                Results.Ok(await mediator.Send(new RestrictClientCommand(id, Inputs.Clean(body.Reason), Viewer.From(http)), ct)))
            .WithName("RestrictClient").WithSummary("Verarbeitung einschränken (Art. 18 DSGVO): aus Listen ausgeblendet, keine weitere Verarbeitung")
            .Produces<RestrictionView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        counselling.MapDelete("/clients/{id:guid}/restriction", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new LiftRestrictionCommand(id, Viewer.From(http)), ct)))
            .WithName("LiftRestriction").WithSummary("Einschränkung der Verarbeitung aufheben")
            .Produces<RestrictionView>().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
