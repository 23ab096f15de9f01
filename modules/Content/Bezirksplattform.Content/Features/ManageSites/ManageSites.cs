using System.Security.Cryptography;
using System.Text;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Content.Text;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.ManageSites;

/// <summary>A consuming website: its own API keys, CORS origins and rate limits.</summary>
internal sealed record SiteView(Guid Id, string Slug, string Name, string? BaseUrl, string[] CorsOrigins, int AnonymousRateLimit, int ApiKeyRateLimit);

internal sealed record SaveSiteCommand(string Slug, string Name, string? BaseUrl, string[]? CorsOrigins, int? AnonymousRateLimit, int? ApiKeyRateLimit, bool Create)
    : ICommand<SiteView>;

internal sealed class SaveSiteValidator : AbstractValidator<SaveSiteCommand>
{
    public SaveSiteValidator()
    {
        RuleFor(x => x.Slug).NotEmpty().Must(GermanSlug.IsValidSegment).WithMessage("Kleinbuchstaben, Ziffern und Bindestriche, z. B. treptow-koepenick.");
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.BaseUrl).Must(BeHttpUrl).When(x => x.BaseUrl is not null).WithMessage("Absolute http(s)-Adresse.");
        RuleForEach(x => x.CorsOrigins).Must(o => BeHttpUrl(o) && new Uri(o).AbsolutePath == "/" && !o.EndsWith('/'))
            .WithMessage("Ein Origin wie https://www.berlin.de (ohne Pfad und Schrägstrich).");
        RuleFor(x => x.AnonymousRateLimit).InclusiveBetween(1, 100_000).When(x => x.AnonymousRateLimit is not null);
        RuleFor(x => x.ApiKeyRateLimit).InclusiveBetween(1, 1_000_000).When(x => x.ApiKeyRateLimit is not null);
    }

    private static bool BeHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";
}

internal sealed class SaveSiteHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SaveSiteCommand, SiteView>
{
    public async Task<SiteView> Handle(SaveSiteCommand request, CancellationToken ct)
    {
        var args = new
        {
            Id = Guid.CreateVersion7(), request.Slug, request.Name, request.BaseUrl, CorsOrigins = request.CorsOrigins ?? [],
            AnonymousRateLimit = request.AnonymousRateLimit ?? 120, ApiKeyRateLimit = request.ApiKeyRateLimit ?? 1200, Now = clock.GetUtcNow(),
        };
        var site = request.Create
            ? await db.QuerySingleOrDefaultAsync<SiteView>(
                """
                insert into content.sites (id, slug, name, base_url, cors_origins, anonymous_rate_limit, api_key_rate_limit, created_at)
                values (@Id, @Slug, @Name, @BaseUrl, @CorsOrigins, @AnonymousRateLimit, @ApiKeyRateLimit, @Now)
                on conflict (slug) do nothing
                returning id, slug, name, base_url, cors_origins, anonymous_rate_limit, api_key_rate_limit
                """, args, ct) ?? throw new ConflictException($"Die Website '{request.Slug}' gibt es schon.")
            : await db.QuerySingleOrDefaultAsync<SiteView>(
                """
                update content.sites set name = @Name, base_url = @BaseUrl, cors_origins = @CorsOrigins,
                    anonymous_rate_limit = @AnonymousRateLimit, api_key_rate_limit = @ApiKeyRateLimit
                where slug = @Slug
                returning id, slug, name, base_url, cors_origins, anonymous_rate_limit, api_key_rate_limit
                """, args, ct) ?? throw new NotFoundException($"Die Website '{request.Slug}' gibt es nicht.");
        return site;
    }
}

internal sealed record ListSitesQuery : IQuery<IReadOnlyList<SiteView>>;

internal sealed class ListSitesHandler(IDbSession db) : IRequestHandler<ListSitesQuery, IReadOnlyList<SiteView>>
{
    public Task<IReadOnlyList<SiteView>> Handle(ListSitesQuery request, CancellationToken ct) =>
        db.QueryAsync<SiteView>("select id, slug, name, base_url, cors_origins, anonymous_rate_limit, api_key_rate_limit from content.sites order by name", ct: ct);
}

internal sealed record ApiKeyView(Guid Id, string Name, string KeyPrefix, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

internal sealed record CreatedApiKey(Guid Id, string Name, string Key, string Notice);

internal sealed record CreateSiteApiKeyCommand(string Site, string Name) : ICommand<CreatedApiKey>;

internal sealed class CreateSiteApiKeyValidator : AbstractValidator<CreateSiteApiKeyCommand>
{
    public CreateSiteApiKeyValidator() => RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
}

internal static class ApiKeys
{
    /// <summary>Keys are stored as SHA-256 only: they are random, so a slow hash buys nothing.</summary>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}

internal sealed class CreateSiteApiKeyHandler(IDbSession db, TimeProvider clock) : IRequestHandler<CreateSiteApiKeyCommand, CreatedApiKey>
{
    public async Task<CreatedApiKey> Handle(CreateSiteApiKeyCommand request, CancellationToken ct)
    {
        var siteId = await db.QuerySingleOrDefaultAsync<Guid?>("select id from content.sites where slug = @Site", request, ct)
            ?? throw new NotFoundException($"Die Website '{request.Site}' gibt es nicht.");
        var key = "bzp_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var id = Guid.CreateVersion7();
        await db.ExecuteAsync(
            "insert into content.site_api_keys (id, site_id, name, key_hash, key_prefix, created_at) values (@id, @siteId, @Name, @hash, @prefix, @now)",
            new { id, siteId, request.Name, hash = ApiKeys.Hash(key), prefix = key[..10], now = clock.GetUtcNow() }, ct);
        return new CreatedApiKey(id, request.Name, key, "Der Schlüssel wird nur jetzt angezeigt. Er gehört in die Kopfzeile X-Api-Key.");
    }
}

internal sealed record RevokeSiteApiKeyCommand(string Site, Guid KeyId) : ICommand<bool>;

internal sealed class RevokeSiteApiKeyHandler(IDbSession db, TimeProvider clock) : IRequestHandler<RevokeSiteApiKeyCommand, bool>
{
    public async Task<bool> Handle(RevokeSiteApiKeyCommand request, CancellationToken ct)
    {
        var revoked = await db.ExecuteAsync(
            """
            update content.site_api_keys k set revoked_at = coalesce(k.revoked_at, @now)
            from content.sites s where k.site_id = s.id and s.slug = @Site and k.id = @KeyId
            """, new { request.Site, request.KeyId, now = clock.GetUtcNow() }, ct);
        return revoked == 1 ? true : throw new NotFoundException("Diesen Schlüssel gibt es nicht.");
    }
}

internal sealed record ListSiteApiKeysQuery(string Site) : IQuery<IReadOnlyList<ApiKeyView>>;

internal sealed class ListSiteApiKeysHandler(IDbSession db) : IRequestHandler<ListSiteApiKeysQuery, IReadOnlyList<ApiKeyView>>
{
    public Task<IReadOnlyList<ApiKeyView>> Handle(ListSiteApiKeysQuery request, CancellationToken ct) =>
        db.QueryAsync<ApiKeyView>(
            """
            select k.id, k.name, k.key_prefix, k.created_at, k.revoked_at
            from content.site_api_keys k join content.sites s on s.id = k.site_id where s.slug = @Site order by k.created_at
            """, request, ct);
}

internal sealed record SiteBody(string? Slug, string Name, string? BaseUrl, string[]? CorsOrigins, int? AnonymousRateLimit, int? ApiKeyRateLimit);

internal sealed record ApiKeyBody(string Name);

internal static class ManageSitesEndpoints
{
    public static void MapManageSites(this IEndpointRouteBuilder content)
    {
        content.MapGet("/sites", async (IMediator mediator, CancellationToken ct) => Results.Ok(await mediator.Send(new ListSitesQuery(), ct)))
            .WithName("ListContentSites").WithSummary("Websites, die Inhalte abrufen").Produces<IReadOnlyList<SiteView>>();

        var admin = content.MapGroup("/sites").RequireAuthorization(Policies.Admin);
        admin.MapPost("/", async (SiteBody body, IMediator mediator, CancellationToken ct) =>
            {
                var site = await mediator.Send(new SaveSiteCommand(body.Slug ?? "", body.Name, body.BaseUrl, body.CorsOrigins, body.AnonymousRateLimit, body.ApiKeyRateLimit, Create: true), ct);
                return Results.Created($"/api/content/sites/{site.Slug}", site);
            })
            .WithName("CreateContentSite").WithSummary("Website anlegen (nur admin)").Produces<SiteView>(StatusCodes.Status201Created);
        admin.MapPut("/{site}", async (string site, SiteBody body, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new SaveSiteCommand(site, body.Name, body.BaseUrl, body.CorsOrigins, body.AnonymousRateLimit, body.ApiKeyRateLimit, Create: false), ct)))
            .WithName("UpdateContentSite").WithSummary("Website ändern (nur admin)").Produces<SiteView>();
        admin.MapGet("/{site}/api-keys", async (string site, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListSiteApiKeysQuery(site), ct)))
            .WithName("ListContentSiteApiKeys").WithSummary("API-Schlüssel einer Website (ohne Schlüssel selbst)").Produces<IReadOnlyList<ApiKeyView>>();
        admin.MapPost("/{site}/api-keys", async (string site, ApiKeyBody body, IMediator mediator, CancellationToken ct) =>
            {
                var key = await mediator.Send(new CreateSiteApiKeyCommand(site, body.Name), ct);
                return Results.Created($"/api/content/sites/{site}/api-keys/{key.Id}", key);
            })
            .WithName("CreateContentSiteApiKey").WithSummary("API-Schlüssel erzeugen; wird nur einmal angezeigt").Produces<CreatedApiKey>(StatusCodes.Status201Created);
        admin.MapDelete("/{site}/api-keys/{id:guid}", async (string site, Guid id, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new RevokeSiteApiKeyCommand(site, id), ct);
                return Results.NoContent();
            })
            .WithName("RevokeContentSiteApiKey").WithSummary("API-Schlüssel widerrufen");
    }
}
