using System.Net.Http.Json;
using System.Text.Json;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;

namespace Bezirksplattform.IntegrationTests.Content;

/// <summary>Arranges what editors find in place: sites and district regions.</summary>
public static class ContentArrange
{
    public static async Task SitesAndRegionsAsync(TestDatabase db, params string[] sites)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        foreach (var site in sites.DefaultIfEmpty("treptow-koepenick"))
            await connection.ExecuteAsync(
                "insert into content.sites (id, slug, name, base_url, created_at) values (@id, @site, @site, @url, now()) on conflict do nothing",
                new { id = Guid.NewGuid(), site, url = $"https://{site}.example.org" });
        await connection.ExecuteAsync(
            """
            insert into content.regions (code, name, district_code, district_name) values
              ('0901', 'Alt-Treptow', '09', 'Treptow-Köpenick'), ('0910', 'Köpenick', '09', 'Treptow-Köpenick'),
              ('0301', 'Prenzlauer Berg', '03', 'Pankow')
            on conflict do nothing
            """);
    }

    public static async Task<JsonElement> CreateAsync(HttpClient editor, string route, object body)
    {
        var response = await editor.PostAsJsonAsync($"/api/content/{route}", body);
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<JsonElement> ActAsync(HttpClient editor, Guid id, string action, object? body = null)
    {
        var response = await editor.PostAsJsonAsync($"/api/content/items/{id}/{action}", body ?? new { });
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
