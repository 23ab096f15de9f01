using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Identity.Data;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bezirksplattform.Identity.Features.BootstrapAdmin;

/// <summary>
/// Creates the named admin account if it does not exist yet, or resets its password and admin
/// role if it does. Used by the create-admin command and by Auth:BootstrapAdmin at start-up.
/// </summary>
internal sealed record EnsureAdminCommand(string UserName, string Password, bool ResetIfExists) : ICommand<EnsureAdminOutcome>;

internal enum EnsureAdminOutcome { Created, Reset, AlreadyPresent }

internal sealed class EnsureAdminValidator : FluentValidation.AbstractValidator<EnsureAdminCommand>
{
    public EnsureAdminValidator()
    {
        RuleFor(x => x.UserName).NotEmpty().Matches("^[a-z0-9._-]{3,64}$");
        RuleFor(x => x.Password).NotEmpty().MinimumLength(12);
    }
}

internal sealed class EnsureAdminHandler(IDbSession db, TimeProvider clock) : IRequestHandler<EnsureAdminCommand, EnsureAdminOutcome>
{
    public async Task<EnsureAdminOutcome> Handle(EnsureAdminCommand request, CancellationToken ct)
    {
        var exists = await db.ExecuteScalarAsync<bool>("select exists (select 1 from identity.staff_users where user_name = @UserName)", request, ct);
        if (exists && !request.ResetIfExists) return EnsureAdminOutcome.AlreadyPresent;
        await db.ExecuteAsync(
            """
            insert into identity.staff_users (id, user_name, display_name, password_hash, roles, created_at)
            values (@Id, @UserName, @UserName, @Hash, array['admin'], @Now)
            on conflict (user_name) do update
               set password_hash = excluded.password_hash,
                   roles = (select array_agg(distinct r) from unnest(identity.staff_users.roles || array['admin']) r),
                   is_active = true
            """,
            new { Id = Guid.CreateVersion7(), request.UserName, Hash = Passwords.Hash(request.Password), Now = clock.GetUtcNow() }, ct);
        return exists ? EnsureAdminOutcome.Reset : EnsureAdminOutcome.Created;
    }
}

internal static class CreateAdminCommandLine
{
    public const string Usage = "create-admin <userName>   (password from BEZIRKSPLATTFORM_ADMIN_PASSWORD or one line on standard input)";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("Usage: " + Usage);
            return 2;
        }

        var password = Environment.GetEnvironmentVariable("BEZIRKSPLATTFORM_ADMIN_PASSWORD");
        if (string.IsNullOrEmpty(password))
        {
            if (!Console.IsInputRedirected) Console.Error.Write("Passwort (mind. 12 Zeichen): ");
            password = Console.ReadLine();
        }

        await using var scope = services.CreateAsyncScope();
        var userName = args[0].Trim().ToLowerInvariant();
        try
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<IMediator>()
                .Send(new EnsureAdminCommand(userName, password ?? "", ResetIfExists: true), ct);
            Console.WriteLine(outcome == EnsureAdminOutcome.Created ? $"Admin '{userName}' angelegt." : $"Admin '{userName}': Passwort neu gesetzt.");
            return 0;
        }
        catch (FluentValidation.ValidationException e)
        {
            Console.Error.WriteLine(string.Join(Environment.NewLine, e.Errors.Select(x => $"{x.PropertyName}: {x.ErrorMessage}")));
            return 2;
        }
    }
}

/// <summary>Auth:BootstrapAdmin:UserName/Password create the first admin at start-up; an existing account is left alone.</summary>
internal sealed class BootstrapAdminOnStartup(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<BootstrapAdminOnStartup> logger)
    : Microsoft.Extensions.Hosting.IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var userName = configuration["Auth:BootstrapAdmin:UserName"];
        var password = configuration["Auth:BootstrapAdmin:Password"];
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password)) return;
        await using var scope = scopes.CreateAsyncScope();
        var outcome = await scope.ServiceProvider.GetRequiredService<IMediator>()
            .Send(new EnsureAdminCommand(userName.Trim().ToLowerInvariant(), password, ResetIfExists: false), cancellationToken);
        if (outcome == EnsureAdminOutcome.Created) logger.LogInformation("Bootstrap admin {UserName} created", userName);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
