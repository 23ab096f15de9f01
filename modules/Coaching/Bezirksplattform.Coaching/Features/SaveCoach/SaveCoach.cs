using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Coaching.Coaches;
using Bezirksplattform.Coaching.Editing;
using Bezirksplattform.Identity.Contracts;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.SaveCoach;

/// <summary>
/// Creates (Id null) or replaces a coach profile. A coach creates and edits only the profile
/// linked to their own account (staffUserId is theirs); an admin edits every profile and links it
/// to a staff account with the role coach (left out: the link stays). Profiles are deactivated,
/// never deleted: sessions point at them.
/// </summary>
internal sealed record SaveCoachCommand(
    Guid? Id, Guid? StaffUserId, string DisplayName, string Email, string? Bio, string[] Topics, string[] Languages, string[] LocationKinds,
    string? RoomAddress, bool? IsActive, int? ExpectedVersion, StaffActor Actor) : ICommand<CoachView>;

internal sealed class SaveCoachValidator : AbstractValidator<SaveCoachCommand>
{
    public SaveCoachValidator()
    {
        RuleFor(x => x.DisplayName).NotEmpty().WithMessage("Darf nicht leer sein.").MaximumLength(200);
        RuleFor(x => x.Email).NotEmpty().WithMessage("Darf nicht leer sein.")
            .Matches(@"^[^@\s]+@[^@\s]+\.[^@\s]+$").MaximumLength(200).WithMessage("Eine E-Mail-Adresse wie coach@example.org.");
        RuleFor(x => x.Bio).MaximumLength(4000);
        RuleForEach(x => x.Topics).Must(t => CoachingVocabulary.Topics.Contains(t)).WithMessage(CoachingVocabulary.Allowed(CoachingVocabulary.Topics));
        RuleFor(x => x.Languages).NotEmpty().WithMessage("Mindestens eine Sprache, z. B. de.");
        RuleForEach(x => x.Languages).Must(CoachingVocabulary.IsLanguage).WithMessage("Ein Sprachkürzel nach ISO 639 wie de, en oder tr.");
        RuleFor(x => x.LocationKinds).NotEmpty().WithMessage("Mindestens ein Ort: room, video oder phone.");
        RuleForEach(x => x.LocationKinds).Must(k => CoachingVocabulary.LocationKinds.Contains(k))
            .WithMessage(CoachingVocabulary.Allowed(CoachingVocabulary.LocationKinds));
        RuleFor(x => x.RoomAddress).NotEmpty().When(x => x.LocationKinds.Contains("room"))
            .WithMessage("Für Termine im Beratungsraum die Adresse angeben.").MaximumLength(500);
        RuleFor(x => x.ExpectedVersion).NotNull().When(x => x.Id is not null).OverridePropertyName("version").WithMessage(Versions.Missing);
    }
}

internal sealed class SaveCoachHandler(IDbSession db, IMediator mediator, TimeProvider clock) : IRequestHandler<SaveCoachCommand, CoachView>
{
    public async Task<CoachView> Handle(SaveCoachCommand request, CancellationToken ct)
    {
        var actor = request.Actor;
        CoachView? existing = null;
        if (request.Id is { } id)
        {
            await CoachAccess.LockEditableAsync(db, id, actor, ct);
            existing = await CoachReads.RequireAsync(db, id, ct);
            Versions.Check(existing.Version, request.ExpectedVersion);
        }

        var staffUserId = await StaffUserIdAsync(request, existing, ct);
        var now = clock.GetUtcNow();
        var coachId = request.Id ?? Guid.CreateVersion7();
        var args = new
        {
            Id = coachId, staffUserId, request.DisplayName, request.Email, request.Bio, Topics = request.Topics.Distinct().ToArray(),
            Languages = request.Languages.Distinct().ToArray(), LocationKinds = request.LocationKinds.Distinct().ToArray(), request.RoomAddress,
            IsActive = request.IsActive ?? existing?.IsActive ?? true, now,
        };
        if (existing is null)
            await db.ExecuteAsync(
                """
                insert into coaching.coaches (id, staff_user_id, display_name, email, bio, topics, languages, location_kinds, room_address,
                    is_active, version, created_at, updated_at)
                values (@Id, @staffUserId, @DisplayName, @Email, @Bio, @Topics, @Languages, @LocationKinds, @RoomAddress, @IsActive, 1, @now, @now)
                """, args, ct);
        else
            await db.ExecuteAsync(
                """
                update coaching.coaches set staff_user_id = @staffUserId, display_name = @DisplayName, email = @Email, bio = @Bio,
                    topics = @Topics, languages = @Languages, location_kinds = @LocationKinds, room_address = @RoomAddress,
                    is_active = @IsActive, version = version + 1, updated_at = @now
                where id = @Id
                """, args, ct);

        return await CoachReads.RequireAsync(db, coachId, ct);
    }

    /// <summary>
    /// Which account the profile belongs to. A coach's own profile is always linked to them (they
    /// cannot hand it to someone else); an admin may link any active staff account with the role coach.
    /// </summary>
    private async Task<Guid?> StaffUserIdAsync(SaveCoachCommand request, CoachView? existing, CancellationToken ct)
    {
        var actor = request.Actor;
        Guid? wanted;
        if (!actor.IsAdmin)
        {
            if (request.StaffUserId is { } other && other != actor.UserId)
                throw new ProblemException(StatusCodes.Status403Forbidden, "Keine Berechtigung",
                    "Nur Administratoren verknüpfen ein Coaching-Profil mit einem anderen Konto.");
            wanted = actor.UserId;
        }
        else
        {
            wanted = request.StaffUserId ?? existing?.StaffUserId;
        }

        if (wanted is null || wanted == existing?.StaffUserId) return wanted;
        if (actor.IsAdmin)
        {
            var user = await mediator.Send(new GetStaffUserQuery(wanted.Value), ct);
            if (user is null || !user.IsActive)
                throw new FieldProblemException("staffUserId", "Dieses Mitarbeiterkonto gibt es nicht oder es ist deaktiviert.");
            if (!user.Roles.Contains(Roles.Coach))
                throw new FieldProblemException("staffUserId", "Das Konto hat nicht die Rolle coach.");
        }

        var taken = await db.QuerySingleOrDefaultAsync<Guid?>(
            "select id from coaching.coaches where staff_user_id = @wanted and id <> @id", new { wanted, id = existing?.Id ?? Guid.Empty }, ct);
        if (taken is not null)
            throw actor.IsAdmin
                ? new FieldProblemException("staffUserId", "Dieses Konto ist schon mit einem anderen Coaching-Profil verknüpft.")
                : new ConflictException($"Sie haben schon ein Coaching-Profil ({taken}).");
        return wanted;
    }
}

internal sealed record CoachBody(
    Guid? StaffUserId, string? DisplayName, string? Email, string? Bio, string[]? Topics, string[]? Languages, string[]? LocationKinds,
    string? RoomAddress, bool? IsActive, int? Version);

internal static class SaveCoachEndpoints
{
    public static void MapSaveCoach(this IEndpointRouteBuilder coaching)
    {
        coaching.MapPost("/coaches", async (CoachBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var coach = await mediator.Send(ToCommand(null, body, http), ct);
                return Versions.Answer(http, coach, coach.Version, $"/api/coaching/coaches/{coach.Id}");
            })
            .WithName("CreateCoach")
            .WithSummary("Coaching-Profil anlegen (Coach: das eigene; Admin: für ein Konto mit der Rolle coach)")
            .Produces<CoachView>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);

        coaching.MapPut("/coaches/{id:guid}", async (Guid id, CoachBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var coach = await mediator.Send(ToCommand(id, body, http), ct);
                return Versions.Answer(http, coach, coach.Version);
            })
            .WithName("UpdateCoach").WithSummary("Coaching-Profil ändern oder deaktivieren (isActive: false); If-Match oder version")
            .ProducesUpdate<CoachView>();
    }

    private static SaveCoachCommand ToCommand(Guid? id, CoachBody body, HttpContext http) =>
        new(id, body.StaffUserId, body.DisplayName?.Trim() ?? "", body.Email?.Trim() ?? "", Inputs.Clean(body.Bio),
            Inputs.CleanList(body.Topics), body.Languages is null ? ["de"] : Inputs.CleanList(body.Languages),
            body.LocationKinds is null ? ["room"] : Inputs.CleanList(body.LocationKinds), Inputs.Clean(body.RoomAddress), body.IsActive,
            id is null ? null : Versions.Expected(http, body.Version), StaffActor.From(http));
}
