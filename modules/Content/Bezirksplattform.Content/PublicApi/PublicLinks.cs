using Bezirksplattform.Content.Items;
using Microsoft.AspNetCore.Http;

namespace Bezirksplattform.Content.PublicApi;

/// <summary>
/// Absolute links for feeds and sitemaps. With a base_url the website's own addresses
/// (<c>{base_url}/articles/{slug}</c>, <c>{base_url}/projects/{slug}</c>, <c>{base_url}/{page path}</c>);
/// without one, the API's own detail addresses on the host that was asked.
/// </summary>
internal static class PublicLinks
{
    public static string SiteHome(PublicSite site, HttpRequest request) =>
        site.BaseUrl?.TrimEnd('/') ?? ApiBase(site, request);

    public static string Item(PublicSite site, HttpRequest request, string type, string slug)
    {
        if (site.BaseUrl is { } baseUrl)
            return type == ItemTypes.Page ? $"{baseUrl.TrimEnd('/')}/{slug}" : $"{baseUrl.TrimEnd('/')}/{ItemTypes.RouteOf(type)}/{slug}";
        return $"{ApiBase(site, request)}/{ItemTypes.RouteOf(type)}/{slug}";
    }

    public static string Self(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}";

    private static string ApiBase(PublicSite site, HttpRequest request) =>
        $"{request.Scheme}://{request.Host}{request.PathBase}/api/public/v1/sites/{site.Slug}";
}
