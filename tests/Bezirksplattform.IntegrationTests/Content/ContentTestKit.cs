using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;

namespace Bezirksplattform.IntegrationTests.Content;

/// <summary>
/// Arranges content the way the staff do it: sites and regions in SQL (reference data), items
/// through the real staff API (create, then publish), files in a stand-in for content.files.
/// </summary>
public sealed class ContentTestKit(PlatformFactory host, TestDatabase db)
{
    private HttpClient? _editor;

    public async Task<HttpClient> EditorAsync() => _editor ??= await host.ClientForRoleAsync(Roles.Editor);

    /// <summary>After the test clock moved past the staff token's lifetime.</summary>
    public void SignInAgain() => _editor = null;

    public async Task<Guid> SiteAsync(string slug, string? baseUrl = null, string[]? corsOrigins = null, int anonymousLimit = 10_000, int apiKeyLimit = 10_000)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            insert into content.sites (id, slug, name, base_url, cors_origins, anonymous_rate_limit, api_key_rate_limit, created_at)
            values (@id, @slug, @name, @baseUrl, @cors, @anonymousLimit, @apiKeyLimit, @now)
            """,
            new { id, slug, name = "Website " + slug, baseUrl, cors = corsOrigins ?? [], anonymousLimit, apiKeyLimit, now = host.Clock.GetUtcNow() });
        return id;
    }

    public async Task RegionsAsync()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            insert into content.regions (code, name, district_code, district_name) values
                ('0901', 'Alt-Treptow', '09', 'Treptow-Köpenick'), ('0910', 'Köpenick', '09', 'Treptow-Köpenick'),
                ('0301', 'Prenzlauer Berg', '03', 'Pankow')
            on conflict do nothing
            """);
    }

    /// <summary>An API key as the admin would create it (the key is returned once).</summary>
    public async Task<string> ApiKeyAsync(string site)
    {
        var admin = await host.ClientForRoleAsync(Roles.Admin);
        var response = await admin.PostAsJsonAsync($"/api/content/sites/{site}/api-keys", new { name = "Test " + Guid.NewGuid().ToString("N")[..6] });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    public async Task<Guid> CreateAsync(string route, string title, string[] sites, object fields, string? slug = null)
    {
        var editor = await EditorAsync();
        var response = await editor.PostAsJsonAsync($"/api/content/{route}", new { title, slug, sites, fields });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }

    public Task<Guid> ArticleAsync(string title, string site, object? fields = null, string? slug = null) =>
        CreateAsync("articles", title, [site], fields ?? new { teaser = "Kurzfassung zu " + title, body = "Text zu " + title }, slug);

    public async Task<Guid> PublishedArticleAsync(string title, string site, object? fields = null, string? slug = null)
    {
        var id = await ArticleAsync(title, site, fields, slug);
        await PublishAsync(id);
        return id;
    }

    public async Task PublishAsync(Guid id)
    {
        var response = await (await EditorAsync()).PostAsync($"/api/content/items/{id}/publish", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public async Task UnpublishAsync(Guid id)
    {
        var response = await (await EditorAsync()).PostAsync($"/api/content/items/{id}/unpublish", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Saves a new draft version of an item (title, slug and fields as given).</summary>
    public async Task EditAsync(string route, Guid id, string title, string[] sites, object fields, string? slug = null)
    {
        var editor = await EditorAsync();
        var current = await editor.GetFromJsonAsync<JsonElement>($"/api/content/items/{id}");
        var version = current.GetProperty("version").GetInt32();
        var response = await editor.PutAsJsonAsync($"/api/content/{route}/{id}", new { title, slug, sites, fields, version });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A file's metadata row as an upload leaves it (the bytes are not needed by these tests).</summary>
    public async Task<Guid> FileAsync(string kind, string title, string fileName = "bild.jpg")
    {
        var id = Guid.CreateVersion7();
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            insert into content.files (id, kind, storage_key, file_name, media_type, size_bytes, sha256, title, alt_text, caption,
                credit_author, credit_licence, focal_x, focal_y, language, created_at, updated_at)
            values (@id, @kind, @key, @fileName, 'image/jpeg', 1234, repeat('ab', 32), @title, 'Alternativtext', 'Bildunterschrift',
                'Foto: Amt', 'CC BY 4.0', 0.5, 0.25, 'de', now(), now())
            """, new { id, kind, key = id.ToString("N"), fileName, title });
        return id;
    }

    /// <summary>An editor retitles a file through the staff API (If-Match with its current version).</summary>
    public async Task RetitleFileAsync(Guid id, string title)
    {
        var editor = await EditorAsync();
        var current = await editor.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/content/files/{id}");
        var update = new HttpRequestMessage(HttpMethod.Put, $"/api/content/files/{id}")
        {
            Content = JsonContent.Create(new
            {
                title, altText = current.GetProperty("altText").GetString(), caption = current.GetProperty("caption").GetString(),
                language = "de",
            }),
        };
        update.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{current.GetProperty("version").GetInt32()}\""));
        var response = await editor.SendAsync(update);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Waits until the host's change listener listens and has handled every notification sent so
    /// far (they arrive in order, so a marker of our own comes last), so that a test's own cached
    /// answers are not evicted later by its arrangement.
    /// </summary>
    public async Task SettleAsync(PlatformFactory? on = null)
    {
        var listener = (on ?? host).Get<Bezirksplattform.Content.PublicApi.ContentChangeListener>();
        await listener.Listening.WaitAsync(TimeSpan.FromSeconds(10));
        var marker = Guid.NewGuid().ToString();
        await using (var connection = await db.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("select pg_notify('content_changes', @marker)", new { marker });
        await EventuallyAsync(() => Task.FromResult(listener.LastHandled), last => last == marker);
        Assert.Equal(marker, listener.LastHandled);
    }

    /// <summary>Repeats <paramref name="probe"/> until it holds (a notification travels through PostgreSQL to the listener).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(50);
        }
    }
}
