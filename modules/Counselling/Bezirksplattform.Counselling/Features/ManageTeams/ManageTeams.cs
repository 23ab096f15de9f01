using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Counselling.Clients;
using Bezirksplattform.Identity.Contracts;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.ManageTeams;

internal sealed record TeamView(Guid Id, string Name, Guid[] MemberIds, DateTimeOffset CreatedAt);

/// <summary>Admins create teams and add or remove counsellors (staff accounts with the role counsellor); a counsellor may be in several teams.</summary>
internal sealed record CreateTeamCommand(string Name) : ICommand<TeamView>;

internal sealed record AddTeamMemberCommand(Guid TeamId, Guid? StaffUserId) : ICommand<TeamView>;

internal sealed record RemoveTeamMemberCommand(Guid TeamId, Guid StaffUserId) : ICommand<TeamView>;

internal sealed record ListTeamsQuery : IQuery<IReadOnlyList<TeamView>>;

internal sealed class CreateTeamValidator : AbstractValidator<CreateTeamCommand>
{
    public CreateTeamValidator() => RuleFor(x => x.Name).NotEmpty().WithMessage("Darf nicht leer sein.").MaximumLength(200);
}

internal sealed class AddTeamMemberValidator : AbstractValidator<AddTeamMemberCommand>
{
    public AddTeamMemberValidator() => RuleFor(x => x.StaffUserId).NotEmpty().WithMessage("Das Mitarbeiterkonto (staffUserId) angeben.");
}

internal static class TeamReads
{
    private const string Select =
        """
        select t.id, t.name, coalesce(array_agg(m.staff_user_id order by m.staff_user_id) filter (where m.staff_user_id is not null), '{}') as member_ids,
               t.created_at
        from counselling.teams t left join counselling.team_members m on m.team_id = t.id
        """;

    public static Task<IReadOnlyList<TeamView>> AllAsync(IDbSession db, CancellationToken ct) =>
        db.QueryAsync<TeamView>($"{Select} group by t.id order by t.name", null, ct);

    public static async Task<TeamView> RequireAsync(IDbSession db, Guid id, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<TeamView>($"{Select} where t.id = @id group by t.id", new { id }, ct)
        ?? throw new NotFoundException("Dieses Team gibt es nicht.");
}

internal sealed class TeamHandlers(IDbSession db, IMediator mediator, TimeProvider clock) :
    IRequestHandler<CreateTeamCommand, TeamView>, IRequestHandler<AddTeamMemberCommand, TeamView>,
    IRequestHandler<RemoveTeamMemberCommand, TeamView>, IRequestHandler<ListTeamsQuery, IReadOnlyList<TeamView>>
{
    public async Task<TeamView> Handle(CreateTeamCommand request, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var inserted = await db.ExecuteAsync(
            "insert into counselling.teams (id, name, created_at) values (@id, @Name, @now) on conflict (name) do nothing",
            new { id, request.Name, now = clock.GetUtcNow() }, ct);
        if (inserted == 0) throw new FieldProblemException("name", "Ein Team mit diesem Namen gibt es schon.");
        return await TeamReads.RequireAsync(db, id, ct);
    }

    public async Task<TeamView> Handle(AddTeamMemberCommand request, CancellationToken ct)
    {
        await TeamReads.RequireAsync(db, request.TeamId, ct);
        var user = await mediator.Send(new GetStaffUserQuery(request.StaffUserId!.Value), ct);
        if (user is null || !user.IsActive)
            throw new FieldProblemException("staffUserId", "Dieses Mitarbeiterkonto gibt es nicht oder es ist deaktiviert.");
        if (!user.Roles.Contains(Roles.Counsellor))
            throw new FieldProblemException("staffUserId", "Das Konto hat nicht die Rolle counsellor.");
        await db.ExecuteAsync(
            """
            insert into counselling.team_members (team_id, staff_user_id, added_at) values (@TeamId, @StaffUserId, @now)
            on conflict do nothing
            """, new { request.TeamId, request.StaffUserId, now = clock.GetUtcNow() }, ct);
        return await TeamReads.RequireAsync(db, request.TeamId, ct);
    }

    public async Task<TeamView> Handle(RemoveTeamMemberCommand request, CancellationToken ct)
    {
        await TeamReads.RequireAsync(db, request.TeamId, ct);
        var removed = await db.ExecuteAsync(
            "delete from counselling.team_members where team_id = @TeamId and staff_user_id = @StaffUserId", request, ct);
        if (removed == 0) throw new NotFoundException("Dieses Konto gehört nicht zum Team.");
        return await TeamReads.RequireAsync(db, request.TeamId, ct);
    }

    public Task<IReadOnlyList<TeamView>> Handle(ListTeamsQuery request, CancellationToken ct) => TeamReads.AllAsync(db, ct);
}

internal sealed record TeamBody(string? Name);

internal sealed record TeamMemberBody(Guid? StaffUserId);

internal static class ManageTeamsEndpoints
{
    public static void MapManageTeams(this IEndpointRouteBuilder counselling)
    {
        counselling.MapGet("/teams", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new ListTeamsQuery(), ct)))
            .WithName("ListCounsellingTeams").WithSummary("Beratungsteams mit Mitgliedern").Produces<IReadOnlyList<TeamView>>();

        var admin = counselling.MapGroup("/teams").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        admin.MapPost("", async (TeamBody body, IMediator mediator, CancellationToken ct) =>
            {
                var team = await mediator.Send(new CreateTeamCommand(Inputs.Clean(body.Name) ?? ""), ct);
                return Results.Created($"/api/counselling/teams/{team.Id}", team);
            })
            .WithName("CreateCounsellingTeam").WithSummary("Team anlegen (nur Admin)")
            .Produces<TeamView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        admin.MapPost("/{id:guid}/members", async (Guid id, TeamMemberBody body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new AddTeamMemberCommand(id, body.StaffUserId), ct)))
            .WithName("AddCounsellingTeamMember").WithSummary("Berater:in ins Team aufnehmen (nur Admin)")
            .Produces<TeamView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        admin.MapDelete("/{id:guid}/members/{userId:guid}", async (Guid id, Guid userId, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new RemoveTeamMemberCommand(id, userId), ct)))
            .WithName("RemoveCounsellingTeamMember").WithSummary("Berater:in aus dem Team nehmen (nur Admin)")
            .Produces<TeamView>().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
