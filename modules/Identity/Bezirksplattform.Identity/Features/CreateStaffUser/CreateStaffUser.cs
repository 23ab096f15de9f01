using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Identity.Contracts;
using Bezirksplattform.Identity.Data;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Identity.Features.CreateStaffUser;

internal sealed record CreateStaffUserCommand(string UserName, string DisplayName, string? Email, string Password, string[] Roles)
    : ICommand<StaffUserInfo>;

internal sealed class CreateStaffUserValidator : AbstractValidator<CreateStaffUserCommand>
{
    public CreateStaffUserValidator()
    {
        RuleFor(x => x.UserName).NotEmpty().Matches("^[a-z0-9._-]{3,64}$")
            .WithMessage("3 bis 64 Zeichen: Kleinbuchstaben, Ziffern, Punkt, Unterstrich, Bindestrich.");
        RuleFor(x => x.DisplayName).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Email).EmailAddress().MaximumLength(320).When(x => x.Email is not null);
        RuleFor(x => x.Password).NotEmpty().MinimumLength(12).MaximumLength(256);
        RuleFor(x => x.Roles).NotEmpty();
        RuleForEach(x => x.Roles).Must(r => Roles.All.Contains(r))
            .WithMessage(r => $"Unbekannte Rolle. Erlaubt: {string.Join(", ", Roles.All)}.");
    }
}

internal sealed class CreateStaffUserHandler(IDbSession db, TimeProvider clock) : IRequestHandler<CreateStaffUserCommand, StaffUserInfo>
{
    public async Task<StaffUserInfo> Handle(CreateStaffUserCommand request, CancellationToken ct)
    {
        var user = new StaffUserInfo(Guid.CreateVersion7(), request.UserName, request.DisplayName.Trim(), request.Email,
            request.Roles.Distinct().Order().ToArray(), true);
        var inserted = await db.ExecuteAsync(
            """
            insert into identity.staff_users (id, user_name, display_name, email, password_hash, roles, created_at)
            values (@Id, @UserName, @DisplayName, @Email, @PasswordHash, @Roles, @Now)
            on conflict (user_name) do nothing
            """,
            new { user.Id, user.UserName, user.DisplayName, user.Email, PasswordHash = Passwords.Hash(request.Password), user.Roles, Now = clock.GetUtcNow() }, ct);
        if (inserted == 0) throw new ConflictException($"Den Benutzernamen '{request.UserName}' gibt es schon.");
        return user;
    }
}

internal static class CreateStaffUserEndpoint
{
    public static void MapCreateStaffUser(this IEndpointRouteBuilder users) =>
        users.MapPost("/", async (CreateStaffUserCommand command, IMediator mediator, CancellationToken ct) =>
            {
                var user = await mediator.Send(command, ct);
                return Results.Created($"/api/admin/users/{user.Id}", user);
            })
            .WithName("CreateStaffUser")
            .WithSummary("Mitarbeiterkonto anlegen")
            .Produces<StaffUserInfo>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
}
