using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Cases;
using Bezirksplattform.Counselling.Clients;
using Bezirksplattform.Counselling.Contracts;
using Bezirksplattform.Counselling.Referrals;
using Bezirksplattform.Partners.Contracts;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.MakeReferral;

/// <summary>
/// Refers a visible client to a partner organisation of the network (it must exist, be active and take
/// referrals; the client's 'partner_referral' consent must stand) or to start-up coaching (a person with
/// an e-mail address and a standing 'email_contact' consent; Coaching learns of it through
/// <see cref="ClientReferredToCoaching"/>, enqueued in the same transaction). Starts in status 'sent'.
/// </summary>
internal sealed record MakeReferralCommand(
    Guid ClientId, string Target, Guid? OrganisationId, Guid? CaseId, string? Reason, string? ReferredOn, Viewer Viewer) : ICommand<ReferralView>;

internal sealed class MakeReferralValidator : AbstractValidator<MakeReferralCommand>
{
    public MakeReferralValidator()
    {
        RuleFor(x => x.Target).Must(ReferralStatuses.Targets.Contains).WithMessage(CounsellingVocabulary.Allowed(ReferralStatuses.Targets));
        RuleFor(x => x.OrganisationId).NotNull().When(x => x.Target == ReferralStatuses.PartnerOrganisation)
            .WithMessage("Bitte die Partnerorganisation angeben (Id aus referral-partners).");
        RuleFor(x => x.OrganisationId).Null().When(x => x.Target == ReferralStatuses.StartUpCoaching)
            .WithMessage("Eine Vermittlung ins Gründungscoaching nennt keine Organisation.");
        RuleFor(x => x.Reason).MaximumLength(4000);
        RuleFor(x => x.ReferredOn).Must(d => d is null || Inputs.IsDate(d)).WithMessage(Inputs.DateFormat);
    }
}

internal sealed class MakeReferralHandler(IDbSession db, IMediator mediator, IIntegrationEventOutbox outbox, TimeProvider clock)
    : IRequestHandler<MakeReferralCommand, ReferralView>
{
    public async Task<ReferralView> Handle(MakeReferralCommand request, CancellationToken ct)
    {
        // The lock queues concurrent referrals and consent withdrawals of the same client.
        await ClientAccess.RequireProcessableAsync(db, request.Viewer, request.ClientId, ct, forUpdate: true);
        await CaseReads.EnsureBelongsToClientAsync(db, request.CaseId, request.ClientId, ct);
        var now = clock.GetUtcNow();
        var referredOn = Inputs.ParseDate(request.ReferredOn) ?? now.BerlinDate();
        if (referredOn > now.BerlinDate()) throw new FieldProblemException("referredOn", "Eine Vermittlung kann nicht in der Zukunft liegen.");

        var client = await db.QuerySingleAsync<ClientRow>(
            """
            select c.client_number, c.kind, k.name, k.email from counselling.clients c
            left join counselling.client_contacts k on k.client_id = c.id where c.id = @ClientId
            """, new { request.ClientId }, ct);

        string? organisationName = null;
        if (request.Target == ReferralStatuses.PartnerOrganisation)
        {
            var organisation = await mediator.Send(new GetOrganisationQuery(request.OrganisationId!.Value), ct);
            if (organisation is null) throw new FieldProblemException("organisationId", "Diese Organisation gibt es im Partnernetzwerk nicht.");
            if (!organisation.IsActive) throw new FieldProblemException("organisationId", $"{organisation.Name} ist nicht mehr aktiv.");
            if (!organisation.AcceptsReferrals) throw new FieldProblemException("organisationId", $"{organisation.Name} nimmt keine Vermittlungen an.");
            await Consents.RequireAsync(db, request.ClientId, "partner_referral",
                "Für eine Vermittlung an eine Partnerorganisation braucht es die Einwilligung des Klienten (partner_referral). "
                + "Bitte zuerst die Einwilligung erfassen.", ct);
            organisationName = organisation.Name;
        }
        else
        {
            if (client.Kind != "person")
                throw Consents.Missing("kind", "Ins Gründungscoaching können nur Personen vermittelt werden, keine Organisationen.");
            if (string.IsNullOrWhiteSpace(client.Email))
                throw Consents.Missing("email", "Für die Einladung ins Gründungscoaching braucht es eine E-Mail-Adresse des Klienten.");
            await Consents.RequireAsync(db, request.ClientId, "email_contact",
                "Für die Einladung ins Gründungscoaching per E-Mail braucht es die Einwilligung des Klienten (email_contact). "
                + "Bitte zuerst die Einwilligung erfassen.", ct);
            var open = await db.QuerySingleOrDefaultAsync<Guid?>(
                "select id from counselling.referrals where client_id = @ClientId and target = 'start_up_coaching' and status in ('sent', 'accepted')",
                new { request.ClientId }, ct);
            if (open is not null)
                throw new ConflictException($"Der Klient ist schon ins Gründungscoaching vermittelt (Vermittlung {open}).");
        }

        var id = Guid.CreateVersion7();
        await db.ExecuteAsync(
            """
            insert into counselling.referrals (id, client_id, case_id, target, organisation_id, organisation_name, reason, status, referred_on,
                referred_by, status_changed_at, version, created_at)
            values (@id, @ClientId, @CaseId, @Target, @OrganisationId, @organisationName, @Reason, 'sent', @referredOn, @by, @now, 1, @now);
            insert into counselling.referral_status_changes (referral_id, status, changed_by, changed_at) values (@id, 'sent', @by, @now);
            """,
            new { id, request.ClientId, request.CaseId, request.Target, request.OrganisationId, organisationName, request.Reason, referredOn,
                by = request.Viewer.UserId, now }, ct);
        if (request.Target == ReferralStatuses.StartUpCoaching)
            await outbox.EnqueueAsync(new ClientReferredToCoaching(id, client.ClientNumber, client.Name!, client.Email!.Trim(), request.Reason, "de"), ct);
        await ClientAccess.LogAsync(db, request.Viewer, "update", request.ClientId, "referral", now, ct);
        return await ReferralReads.LoadOneAsync(db, id, ct);
    }

    private sealed record ClientRow(string ClientNumber, string Kind, string? Name, string? Email);
}

internal sealed record ReferralBody(string? Target, Guid? OrganisationId, Guid? CaseId, string? Reason, string? ReferredOn);

internal static class MakeReferralEndpoints
{
    public static void MapMakeReferral(this IEndpointRouteBuilder counselling) =>
        counselling.MapPost("/clients/{id:guid}/referrals", async (Guid id, ReferralBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var view = await mediator.Send(new MakeReferralCommand(id, Inputs.Clean(body.Target)?.ToLowerInvariant() ?? ReferralStatuses.PartnerOrganisation,
                    body.OrganisationId, body.CaseId, Inputs.Clean(body.Reason), Inputs.Clean(body.ReferredOn), Viewer.From(http)), ct);
                return Results.Created($"/api/counselling/referrals/{view.Id}", view);
            })
            .WithName("MakeReferral")
            .WithSummary("Vermitteln: an eine Partnerorganisation (Einwilligung partner_referral) oder ins Gründungscoaching (E-Mail und Einwilligung email_contact)")
            .Produces<ReferralView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
