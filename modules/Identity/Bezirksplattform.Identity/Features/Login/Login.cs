using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Http;
using Bezirksplattform.Identity.Data;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Bezirksplattform.Identity.Features.Login;

internal sealed record LoginCommand(string UserName, string Password) : ICommand<LoginResponse>;

internal sealed record LoginResponse(string AccessToken, DateTimeOffset ExpiresAt, string TokenType, string UserName, IReadOnlyList<string> Roles);

internal sealed class LoginValidator : AbstractValidator<LoginCommand>
{
    public LoginValidator()
    {
        RuleFor(x => x.UserName).NotEmpty().MaximumLength(64);
        RuleFor(x => x.Password).NotEmpty().MaximumLength(256);
    }
}

internal sealed class LoginHandler(IDbSession db, JwtTokenIssuer tokens, TimeProvider clock, ILogger<LoginHandler> logger)
    : IRequestHandler<LoginCommand, LoginResponse>
{
    public async Task<LoginResponse> Handle(LoginCommand request, CancellationToken ct)
    {
        var userName = request.UserName.Trim().ToLowerInvariant();
        var user = await db.QuerySingleOrDefaultAsync<StaffUserRecord>(
            """
            select id, user_name, display_name, email, password_hash, roles, is_active
            from identity.staff_users where user_name = @userName
            """, new { userName }, ct);

        var verdict = Passwords.Hasher.VerifyHashedPassword(user!, user?.PasswordHash ?? Passwords.DummyHash, request.Password);
        if (user is null || !user.IsActive || verdict == PasswordVerificationResult.Failed)
        {
            // The password is never logged, and the answer does not say which part was wrong.
            logger.LogWarning("Failed login for user name {UserName} ({Reason})", userName,
                user is null ? "unknown user" : !user.IsActive ? "deactivated" : "wrong password");
            throw new ProblemException(StatusCodes.Status401Unauthorized, "Anmeldung fehlgeschlagen", "Benutzername oder Passwort ist falsch.");
        }

        var now = clock.GetUtcNow();
        var rehash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? Passwords.Hash(request.Password) : null;
        await db.ExecuteAsync(
            "update identity.staff_users set last_login_at = @now, password_hash = coalesce(@rehash, password_hash) where id = @id",
            new { now, rehash, id = user.Id }, ct);

        var (token, expiresAt) = tokens.Issue(user.Id, user.UserName, user.DisplayName, user.Roles, now);
        logger.LogInformation("User {UserName} logged in", user.UserName);
        return new LoginResponse(token, expiresAt, "Bearer", user.UserName, user.Roles);
    }
}

internal static class LoginEndpoint
{
    public static void MapLogin(this IEndpointRouteBuilder auth) =>
        auth.MapPost("/login", async (LoginCommand command, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(command, ct)))
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Login)
            .WithName("Login")
            .WithSummary("Anmelden: gibt ein Bearer-Token für die Mitarbeiter-API zurück")
            .Produces<LoginResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
}
