using Bezirksplattform.BuildingBlocks.Time;
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

namespace Bezirksplattform.Counselling.Features.CreateClient;

internal sealed record ConsentInput(string Purpose);

/// <summary>
/// Intake of a client: counselling data, contact data (own table) and the consents given. The
/// client belongs to a team of the counsellor (or any team for an admin) and is owned by them.
/// A possible duplicate among the clients the counsellor may see stops the intake with 409 unless
/// <c>ConfirmNotDuplicate</c>; clients they cannot see are never named.
/// </summary>
internal sealed record CreateClientCommand(
    string Kind, string TargetGroup, string? DistrictCode, Guid? TeamId, string Name, string? Email, string? Phone,
    string? PostalAddress, int? BirthYear, IReadOnlyList<ConsentInput> Consents, bool ConfirmNotDuplicate, Viewer Viewer) : ICommand<CreateClientResult>;

/// <summary>The new client, or (nothing written) the visible possible duplicates' client numbers.</summary>
internal sealed record CreateClientResult(ClientView? Client, IReadOnlyList<string> PossibleDuplicates);

internal sealed class CreateClientValidator : AbstractValidator<CreateClientCommand>
{
    public CreateClientValidator()
    {
        RuleFor(x => x.Kind).Must(CounsellingVocabulary.Kinds.Contains).WithMessage(CounsellingVocabulary.Allowed(CounsellingVocabulary.Kinds));
        RuleFor(x => x.TargetGroup).Must((x, g) => CounsellingVocabulary.TargetGroupsFor(x.Kind).Contains(g))
            .WithMessage(x => CounsellingVocabulary.Allowed(CounsellingVocabulary.TargetGroupsFor(x.Kind)));
        ClientRules.Contact(this, x => x.Name, x => x.Email, x => x.Phone, x => x.PostalAddress, x => x.BirthYear, x => x.DistrictCode);
        RuleFor(x => x.Consents).NotEmpty().WithMessage("Mindestens eine Einwilligung (purpose), z. B. counselling.");
        RuleForEach(x => x.Consents).ChildRules(c => c.RuleFor(i => i.Purpose).Must(CounsellingVocabulary.ConsentPurposes.Contains)
            .WithMessage(CounsellingVocabulary.Allowed(CounsellingVocabulary.ConsentPurposes)));
    }
}

/// <summary>Field rules shared by intake and update.</summary>
internal static class ClientRules
{
    public static void Contact<T>(
        AbstractValidator<T> v, System.Linq.Expressions.Expression<Func<T, string?>> name, System.Linq.Expressions.Expression<Func<T, string?>> email,
        System.Linq.Expressions.Expression<Func<T, string?>> phone, System.Linq.Expressions.Expression<Func<T, string?>> address,
        System.Linq.Expressions.Expression<Func<T, int?>> birthYear, System.Linq.Expressions.Expression<Func<T, string?>> district)
    {
        v.RuleFor(name).NotEmpty().WithMessage("Darf nicht leer sein.").MaximumLength(200);
        v.RuleFor(email).Matches(CounsellingVocabulary.EmailPattern).WithMessage("Eine E-Mail-Adresse wie name@example.org.").MaximumLength(200);
        v.RuleFor(phone).MaximumLength(50);
        v.RuleFor(address).MaximumLength(500);
        v.RuleFor(birthYear).InclusiveBetween(1900, 2100).WithMessage("Ein Geburtsjahr wie 1987.");
        v.RuleFor(district).Matches(CounsellingVocabulary.DistrictPattern).WithMessage("Ein Regionskürzel wie 0901 (keine Adresse).");
    }
}

internal sealed class CreateClientHandler(IDbSession db, TimeProvider clock, IMediator mediator) : IRequestHandler<CreateClientCommand, CreateClientResult>
{
    public async Task<CreateClientResult> Handle(CreateClientCommand request, CancellationToken ct)
    {
        var viewer = request.Viewer;
        var teamId = await TeamAsync(request, ct);
        await DistrictRegions.EnsureKnownAsync(mediator, request.DistrictCode, ct);
        if (!request.ConfirmNotDuplicate)
        {
            var duplicates = await db.QueryAsync<string>(
                $"""
                select c.client_number from counselling.clients c join counselling.client_contacts k on k.client_id = c.id
                where {ClientAccess.Visible("c")}
                  and ((@Email is not null and k.email_normalised = lower(btrim(@Email)))
                    or (similarity(lower(k.name), lower(@Name)) >= 0.5
                        and (k.birth_year is null or @BirthYear is null or k.birth_year = @BirthYear)))
                order by c.client_number limit 10
                """,
                new { request.Email, request.Name, BirthYear = (short?)request.BirthYear, ViewerId = viewer.UserId, ViewerIsAdmin = viewer.IsAdmin }, ct);
            if (duplicates.Count > 0) return new CreateClientResult(null, duplicates);
        }

        var now = clock.GetUtcNow();
        var id = Guid.CreateVersion7();
        var year = now.BerlinDate().Year;
        await db.ExecuteAsync(
            """
            insert into counselling.clients (id, client_number, kind, target_group, district_code, owner_id, team_id, version, created_at, updated_at)
            values (@id, 'K-' || @year || '-' || lpad(nextval('counselling.client_number_seq')::text, 6, '0'),
                    @Kind, @TargetGroup, @DistrictCode, @owner, @teamId, 1, @now, @now);
            insert into counselling.client_contacts (client_id, name, email, phone, postal_address, birth_year, updated_at)
            values (@id, @Name, @Email, @Phone, @PostalAddress, @BirthYear, @now);
            """,
            new
            {
                id, year = year.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Kind, request.TargetGroup, request.DistrictCode,
                owner = viewer.UserId, teamId, now, request.Name, request.Email, request.Phone, request.PostalAddress, BirthYear = (short?)request.BirthYear,
            }, ct);
        foreach (var purpose in request.Consents.Select(c => c.Purpose).Distinct())
            await db.ExecuteAsync(
                "insert into counselling.consents (id, client_id, purpose, given_at, recorded_by) values (@cid, @id, @purpose, @now, @by)",
                new { cid = Guid.CreateVersion7(), id, purpose, now, by = viewer.UserId }, ct);
        return new CreateClientResult(await ClientReads.LoadAsync(db, id, ct), []);
    }

    /// <summary>The team must exist; a counsellor files only into one of their own teams, and may leave it out when they have exactly one.</summary>
    private async Task<Guid> TeamAsync(CreateClientCommand request, CancellationToken ct)
    {
        var viewer = request.Viewer;
        if (request.TeamId is { } wanted)
            return await ClientAccess.MayFileIntoTeamAsync(db, viewer, wanted, ct) ? wanted : throw new FieldProblemException("teamId", ClientAccess.NotYourTeam);

        var own = await db.QueryAsync<Guid>(
            "select team_id from counselling.team_members where staff_user_id = @user order by team_id", new { user = viewer.UserId }, ct);
        return own.Count == 1
            ? own[0]
            : throw new FieldProblemException("teamId", own.Count == 0 ? "Sie gehören keinem Team an; bitte ein Team angeben." : "Bitte das Team angeben.");
    }
}

internal sealed record CreateClientBody(
    string? Kind, string? TargetGroup, string? DistrictCode, Guid? TeamId, string? Name, string? Email, string? Phone, string? PostalAddress,
    int? BirthYear, ConsentBody[]? Consents, bool? ConfirmNotDuplicate);

internal sealed record ConsentBody(string? Purpose);

internal static class CreateClientEndpoints
{
    public static void MapCreateClient(this IEndpointRouteBuilder counselling) =>
        counselling.MapPost("/clients", async (CreateClientBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var command = new CreateClientCommand(
                    Inputs.Clean(body.Kind)?.ToLowerInvariant() ?? "", Inputs.Clean(body.TargetGroup)?.ToLowerInvariant() ?? "",
                    Inputs.Clean(body.DistrictCode), body.TeamId, Inputs.Clean(body.Name) ?? "", Inputs.Clean(body.Email), Inputs.Clean(body.Phone),
                    Inputs.Clean(body.PostalAddress), body.BirthYear,
                    [.. (body.Consents ?? []).Select(c => new ConsentInput(Inputs.Clean(c?.Purpose)?.ToLowerInvariant() ?? ""))],
                    body.ConfirmNotDuplicate ?? false, Viewer.From(http));
                var result = await mediator.Send(command, ct);
                return result.Client is { } client
                    ? ClientVersions.Answer(http, client, $"/api/counselling/clients/{client.Id}")
                    : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Möglicher Doppeleintrag",
                        detail: "Es gibt schon Klienten mit dieser E-Mail-Adresse oder einem ähnlichen Namen. Prüfen Sie die Treffer "
                            + "oder bestätigen Sie mit confirmNotDuplicate: true.",
                        extensions: new Dictionary<string, object?> { ["possibleDuplicates"] = result.PossibleDuplicates });
            })
            .WithName("CreateClient")
            .WithSummary("Klient aufnehmen (mit Kontaktdaten und Einwilligungen; Dublettenprüfung, 409 mit possibleDuplicates)")
            .Produces<ClientView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
}
