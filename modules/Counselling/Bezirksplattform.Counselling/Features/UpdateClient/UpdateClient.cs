using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Clients;
using Bezirksplattform.Counselling.Features.CreateClient;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.UpdateClient;

/// <summary>
/// Rectification of a client (target group, district, team, contact data); the kind is fixed at
/// intake. Needs the version edited (If-Match or body); a stale one is 412. Logged as 'update'.
/// </summary>
internal sealed record UpdateClientCommand(
    Guid Id, string TargetGroup, string? DistrictCode, Guid? TeamId, string Name, string? Email, string? Phone, string? PostalAddress,
    int? BirthYear, int? ExpectedVersion, Viewer Viewer) : ICommand<ClientView>;

internal sealed class UpdateClientValidator : AbstractValidator<UpdateClientCommand>
{
    public UpdateClientValidator()
    {
        RuleFor(x => x.TargetGroup)
            .Must(g => CounsellingVocabulary.PersonTargetGroups.Contains(g) || CounsellingVocabulary.OrganisationTargetGroups.Contains(g))
            .WithMessage(CounsellingVocabulary.Allowed([.. CounsellingVocabulary.PersonTargetGroups, .. CounsellingVocabulary.OrganisationTargetGroups]));
        ClientRules.Contact(this, x => x.Name, x => x.Email, x => x.Phone, x => x.PostalAddress, x => x.BirthYear, x => x.DistrictCode);
        RuleFor(x => x.ExpectedVersion).NotNull().OverridePropertyName("version").WithMessage(ClientVersions.Missing);
    }
}

internal sealed class UpdateClientHandler(IDbSession db, TimeProvider clock, IMediator mediator) : IRequestHandler<UpdateClientCommand, ClientView>
{
    public async Task<ClientView> Handle(UpdateClientCommand request, CancellationToken ct)
    {
        var viewer = request.Viewer;
        var version = await ClientAccess.RequireVisibleAsync(db, viewer, request.Id, forUpdate: true, ct);
        ClientVersions.Check(version, request.ExpectedVersion);
        var current = await ClientReads.LoadAsync(db, request.Id, ct);
        if (!CounsellingVocabulary.TargetGroupsFor(current.Kind).Contains(request.TargetGroup))
            throw new FieldProblemException("targetGroup", CounsellingVocabulary.Allowed(CounsellingVocabulary.TargetGroupsFor(current.Kind)));

        // Only a changed code is checked: a region deactivated since intake does not block correcting a name.
        if (!string.Equals(request.DistrictCode, current.DistrictCode, StringComparison.Ordinal))
            await DistrictRegions.EnsureKnownAsync(mediator, request.DistrictCode, ct);

        var teamId = request.TeamId ?? current.TeamId;
        if (teamId != current.TeamId)
        {
            // Moving a client is allowed into a team the counsellor belongs to (any team for an admin).
            if (!await ClientAccess.MayFileIntoTeamAsync(db, viewer, teamId, ct)) throw new FieldProblemException("teamId", ClientAccess.NotYourTeam);
        }

        var now = clock.GetUtcNow();
        await db.ExecuteAsync(
            """
            update counselling.clients set target_group = @TargetGroup, district_code = @DistrictCode, team_id = @teamId,
                version = version + 1, updated_at = @now where id = @Id;
            update counselling.client_contacts set name = @Name, email = @Email, phone = @Phone, postal_address = @PostalAddress,
                birth_year = @BirthYear, updated_at = @now where client_id = @Id;
            """,
            new
            {
                request.Id, request.TargetGroup, request.DistrictCode, teamId, now, request.Name, request.Email, request.Phone, request.PostalAddress,
                BirthYear = (short?)request.BirthYear,
            }, ct);
        await ClientAccess.LogAsync(db, viewer, "update", request.Id, "client", now, ct);
        return await ClientReads.LoadAsync(db, request.Id, ct);
    }
}

internal sealed record UpdateClientBody(
    string? TargetGroup, string? DistrictCode, Guid? TeamId, string? Name, string? Email, string? Phone, string? PostalAddress, int? BirthYear,
    int? Version);

internal static class UpdateClientEndpoints
{
    public static void MapUpdateClient(this IEndpointRouteBuilder counselling) =>
        counselling.MapPut("/clients/{id:guid}", async (Guid id, UpdateClientBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var command = new UpdateClientCommand(id, Inputs.Clean(body.TargetGroup)?.ToLowerInvariant() ?? "", Inputs.Clean(body.DistrictCode),
                    body.TeamId, Inputs.Clean(body.Name) ?? "", Inputs.Clean(body.Email), Inputs.Clean(body.Phone), Inputs.Clean(body.PostalAddress),
                    body.BirthYear, ClientVersions.Expected(http, body.Version), Viewer.From(http));
                return ClientVersions.Answer(http, await mediator.Send(command, ct));
            })
            .WithName("UpdateClient").WithSummary("Klient berichtigen (If-Match oder version; 412 bei veralteter Version)")
            .Produces<ClientView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
