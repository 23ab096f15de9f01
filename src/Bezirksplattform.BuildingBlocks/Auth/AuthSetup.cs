using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bezirksplattform.BuildingBlocks.Auth;

public sealed class AuthOptions
{
    /// <summary>HMAC-SHA256 key, at least 32 bytes (base64 or plain text). Required outside Development.</summary>
    public string? SigningKey { get; set; }
    public string Issuer { get; set; } = "bezirksplattform";
    public string Audience { get; set; } = "bezirksplattform-staff";
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);
}

public static class AuthSetup
{
    public static IServiceCollection AddPlatformAuth(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection("Auth").Get<AuthOptions>() ?? new AuthOptions();
        var key = SigningKey(options.SigningKey, environment);
        services.AddSingleton(new JwtTokenIssuer(options, key));

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = options.Issuer,
                    ValidAudience = options.Audience,
                    IssuerSigningKey = key,
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    NameClaimType = PlatformClaims.UserName,
                    RoleClaimType = PlatformClaims.Role,
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });

        // Token lifetimes are judged by the platform clock, like every other instant.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<TimeProvider>((jwt, clock) =>
            jwt.TokenValidationParameters.LifetimeValidator = (notBefore, expires, _, parameters) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore.Value <= now + parameters.ClockSkew)
                    && (expires is null || expires.Value >= now - parameters.ClockSkew);
            });

        services.AddAuthorizationBuilder()
            // Safety net: an endpoint nobody marked is for signed-in staff only.
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin));
        return services;
    }

    private static SymmetricSecurityKey SigningKey(string? configured, IHostEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            if (!environment.IsDevelopment() && !environment.IsEnvironment("Testing"))
                throw new InvalidOperationException("Auth:SigningKey is required outside Development (at least 32 bytes, e.g. `openssl rand -base64 48`).");
            // Local default: a fresh key per process. ./run.sh passes a persisted one instead.
            return new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(48));
        }

        byte[] bytes;
        try { bytes = Convert.FromBase64String(configured); }
        catch (FormatException) { bytes = Encoding.UTF8.GetBytes(configured); }
        if (bytes.Length < 32)
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes long.");
        return new SymmetricSecurityKey(bytes);
    }
}

/// <summary>Issues the staff API's bearer tokens.</summary>
public sealed class JwtTokenIssuer(AuthOptions options, SymmetricSecurityKey key)
{
    private readonly JsonWebTokenHandler _handler = new();

    public (string Token, DateTimeOffset ExpiresAt) Issue(Guid userId, string userName, string displayName, IEnumerable<string> roles, DateTimeOffset now)
    {
        var expires = now + options.TokenLifetime;
        var claims = new List<Claim>
        {
            new(PlatformClaims.UserId, userId.ToString()),
            new(PlatformClaims.UserName, userName),
            new(PlatformClaims.DisplayName, displayName),
        };
        claims.AddRange(roles.Select(r => new Claim(PlatformClaims.Role, r)));
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }
}
