using Bezirksplattform.Content.PublicApi;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Content.Features.PublicListSites;

internal sealed record PublicSiteSummary(string Slug, string Name);

internal sealed record PublicSiteList(IReadOnlyList<PublicSiteSummary> Items);

internal static class PublicListSitesEndpoint
{
    /// <summary>GET /api/public/v1/sites: slug and name of each site (from the site directory, no query on a warm cache).</summary>
    public static void MapPublicListSites(this IEndpointRouteBuilder publicApi) =>
        publicApi.MapGet("/sites", async (HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                QueryReader.For(http);
                var sites = await http.RequestServices.GetRequiredService<PublicSiteDirectory>().AllAsync(mediator, ct);
                var body = PublicJson.Write(writer =>
                {
                    writer.WriteStartObject();
                    writer.WriteStartArray("items");
                    foreach (var site in sites.OrderBy(s => s.Name, StringComparer.CurrentCulture))
                    {
                        writer.WriteStartObject();
                        writer.WriteString("slug", site.Slug);
                        writer.WriteString("name", site.Name);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                });
                return PublicAnswer.Json(body, sites.Select(s => (DateTimeOffset?)s.CreatedAt).Max(), [], isList: false);
            })
            .WithPublicAnswers()
            .WithQueryParameters()
            .WithName("PublicListSites").WithSummary("Websites, für die Inhalte abrufbar sind (Slug und Name)")
            .WithDescription("Beispiel: `GET /api/public/v1/sites` → `{\"items\":[{\"slug\":\"pankow\",\"name\":\"Bezirksamt Pankow – Nachbarschaftsarbeit\"}]}`")
            .ProducesPublicJson<PublicSiteList>(listParameters: false)
            .ProducesProblem(StatusCodes.Status400BadRequest);
}
