using System.Text;
using Bezirksplattform.Content.PublicApi;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Bezirksplattform.Content.Features.BenchCeiling;

/// <summary>
/// For bench/content-api only (mapped when Content:BenchCeilingEndpoint is true): the public
/// list's and search's exact SQL (<see cref="PublishedItems.PageQuery"/>) on a raw connection,
/// written out as a bare JSON array, with none of the platform around it (no mediator, site
/// gate, validation, cache, ETag). What the real endpoints cost beyond it is framework.
/// </summary>
internal static class BenchCeilingEndpoints
{
    private static Guid? _siteId;

    public static void MapBenchCeiling(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/bench/ceiling/articles", (string? district, int? pageSize, NpgsqlDataSource db, HttpContext http) =>
                RunAsync(db, http, new PublishedFilter(Guid.Empty, ["article"]) { Districts = district is null ? null : [district] }, pageSize, "-publishedAt"))
            .AllowAnonymous().ExcludeFromDescription();
        endpoints.MapGet("/bench/ceiling/search", (string q, int? pageSize, NpgsqlDataSource db, HttpContext http) =>
                RunAsync(db, http, new PublishedFilter(Guid.Empty, ["article", "page", "project"]) { Q = q }, pageSize, "relevance", snippets: true))
            .AllowAnonymous().ExcludeFromDescription();
    }

    private static async Task RunAsync(NpgsqlDataSource db, HttpContext http, PublishedFilter filter, int? pageSize, string sort, bool snippets = false)
    {
        await using var connection = await db.OpenConnectionAsync(http.RequestAborted);
        // Looked up once, as the real endpoints' site directory does.
        var siteId = _siteId ??= await connection.ExecuteScalarAsync<Guid>("select id from content.sites where slug = 'bench'");
        var (sql, args) = PublishedItems.PageQuery(filter with { SiteId = siteId }, new PageRequest(sort, 1, pageSize ?? 20, null), snippets);
        await using var grid = await connection.QueryMultipleAsync(sql, args);
        await grid.ReadSingleAsync<long>();
        await grid.ReadSingleOrDefaultAsync<DateTimeOffset?>();
        var documents = (await grid.ReadAsync<PublishedRow>()).Take(pageSize ?? 20).Select(r => r.Document);
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync("[" + string.Join(',', documents) + "]", Encoding.UTF8);
    }
}
