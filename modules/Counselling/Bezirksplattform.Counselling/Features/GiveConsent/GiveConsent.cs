using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Clients;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.GiveConsent;

/// <summary>Records a consent the client gave now. A consent of that purpose that still stands makes it a 409 (one at a time).</summary>
internal sealed record GiveConsentCommand(Guid ClientId, string Purpose, Viewer Viewer) : ICommand<ConsentView>;

internal sealed class GiveConsentValidator : AbstractValidator<GiveConsentCommand>
{
    public GiveConsentValidator() =>
        RuleFor(x => x.Purpose).Must(CounsellingVocabulary.ConsentPurposes.Contains).WithMessage(CounsellingVocabulary.Allowed(CounsellingVocabulary.ConsentPurposes));
}

internal sealed class GiveConsentHandler(IDbSession db, TimeProvider clock) : IRequestHandler<GiveConsentCommand, ConsentView>
{
    public async Task<ConsentView> Handle(GiveConsentCommand request, CancellationToken ct)
    {
        await ClientAccess.RequireVisibleAsync(db, request.Viewer, request.ClientId, forUpdate: true, ct);
        if (await Consents.IsActiveAsync(db, request.ClientId, request.Purpose, ct))
            throw new ConflictException($"Die Einwilligung '{request.Purpose}' liegt schon vor und ist nicht widerrufen.");
        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7();
        await db.ExecuteAsync(
            "insert into counselling.consents (id, client_id, purpose, given_at, recorded_by) values (@id, @ClientId, @Purpose, @now, @by)",
            new { id, request.ClientId, request.Purpose, now, by = request.Viewer.UserId }, ct);
        await ClientAccess.LogAsync(db, request.Viewer, "update", request.ClientId, "consent given: " + request.Purpose, now, ct);
        return new ConsentView(id, request.Purpose, now, null);
    }
}

internal sealed record GiveConsentBody(string? Purpose);

internal static class GiveConsentEndpoints
{
    public static void MapGiveConsent(this IEndpointRouteBuilder counselling) =>
        counselling.MapPost("/clients/{id:guid}/consents", async (Guid id, GiveConsentBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var consent = await mediator.Send(new GiveConsentCommand(id, Inputs.Clean(body.Purpose)?.ToLowerInvariant() ?? "", Viewer.From(http)), ct);
                return Results.Created($"/api/counselling/clients/{id}/consents/{consent.Id}", consent);
            })
            .WithName("GiveConsent").WithSummary("Einwilligung erfassen (counselling, esf_reporting, partner_referral, email_contact; 409 wenn sie schon vorliegt)")
            .Produces<ConsentView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
