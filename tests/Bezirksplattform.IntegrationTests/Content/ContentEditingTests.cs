using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;

namespace Bezirksplattform.IntegrationTests.Content;

public sealed class ContentEditingTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private PlatformFactory _host = null!;
    private HttpClient _editor = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync();
        await ContentArrange.SitesAndRegionsAsync(_db, "treptow-koepenick", "pankow");
        _host = new PlatformFactory(_db);
        _editor = await _host.ClientForRoleAsync(Roles.Editor);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static object Article(string title, string body = "Text", string? slug = null, string[]? regions = null) => new
    {
        title, slug, sites = new[] { "treptow-koepenick" },
        fields = new { teaser = "Kurz", body, tags = new[] { "Nachbarschaftsarbeit" }, regionCodes = regions ?? ["0901"] },
    };

    private async Task<T> ScalarAsync<T>(string sql, object? args = null)
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        return (await connection.ExecuteScalarAsync<T>(sql, args))!;
    }

    [Fact]
    public async Task A_new_article_is_a_draft_with_a_slug_from_its_german_title_and_etag_version_1()
    {
        var response = await _editor.PostAsJsonAsync("/api/content/articles", Article("Größere Förderung für Bürgerinnen in Köpenick"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var item = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("draft", item.GetProperty("status").GetString());
        Assert.Equal("groessere-foerderung-fuer-buergerinnen-in-koepenick", item.GetProperty("slug").GetString());
        Assert.Equal(0, await ScalarAsync<long>("select count(*) from content.published"));

        var again = await ContentArrange.CreateAsync(_editor, "articles", Article("Größere Förderung für Bürgerinnen in Köpenick"));
        Assert.Equal("groessere-foerderung-fuer-buergerinnen-in-koepenick-2", again.GetProperty("slug").GetString());
    }

    [Fact]
    public async Task A_stale_edit_is_refused_and_overwrites_nothing()
    {
        var item = await ContentArrange.CreateAsync(_editor, "articles", Article("Erste Fassung"));
        var id = item.GetProperty("id").GetGuid();

        var first = new HttpRequestMessage(HttpMethod.Put, $"/api/content/articles/{id}") { Content = JsonContent.Create(Article("Zweite Fassung")) };
        first.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var ok = await _editor.SendAsync(first);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("\"2\"", ok.Headers.ETag?.Tag);

        var stale = new HttpRequestMessage(HttpMethod.Put, $"/api/content/articles/{id}") { Content = JsonContent.Create(Article("Überholte Fassung")) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await _editor.SendAsync(stale)).StatusCode);

        var staleBody = await _editor.PutAsJsonAsync($"/api/content/articles/{id}", new { title = "Überholt", sites = new[] { "treptow-koepenick" }, version = 1 });
        Assert.Equal(HttpStatusCode.Conflict, staleBody.StatusCode);

        var noVersion = await _editor.PutAsJsonAsync($"/api/content/articles/{id}", new { title = "Ohne Version", sites = new[] { "treptow-koepenick" } });
        Assert.Equal(HttpStatusCode.BadRequest, noVersion.StatusCode);

        Assert.Equal("Zweite Fassung", await ScalarAsync<string>("select title from content.items where id = @id", new { id }));
        Assert.Equal(2, await ScalarAsync<int>("select version from content.items where id = @id", new { id }));
    }

    [Fact]
    public async Task Invalid_input_is_400_naming_the_field()
    {
        async Task<JsonElement> Problem(string route, object body)
        {
            var response = await _editor.PostAsJsonAsync($"/api/content/{route}", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        }

        Assert.True((await Problem("articles", Article("Region unbekannt", regions: ["9999"]))).TryGetProperty("fields.regionCodes", out _));
        Assert.True((await Problem("articles", new { title = "", sites = Array.Empty<string>() })).TryGetProperty("title", out _));
        Assert.True((await Problem("articles", new { title = "x", sites = new[] { "gibt-es-nicht" } })).TryGetProperty("sites", out _));
        Assert.True((await Problem("articles", new { title = "x", slug = "Mit Leerzeichen", sites = new[] { "pankow" } })).TryGetProperty("slug", out _));
        var period = await Problem("projects", new
        {
            title = "Projekt", sites = new[] { "pankow" },
            fields = new { summary = "S", projectStatus = "running", periodStart = "2009-03-31", periodEnd = "2003-05-01" },
        });
        Assert.Contains("Ende liegt vor dem Beginn", period.GetProperty("fields.periodEnd")[0].GetString());
        var status = await Problem("projects", new { title = "Projekt", sites = new[] { "pankow" }, fields = new { summary = "S", projectStatus = "fertig" } });
        Assert.True(status.TryGetProperty("fields.projectStatus", out _));
    }

    [Fact]
    public async Task Publishing_stores_an_immutable_version_and_raises_the_event_edits_need_another_publish()
    {
        var item = await ContentArrange.CreateAsync(_editor, "articles", Article("Kooperation unterzeichnet", "Erster **Text**"));
        var id = item.GetProperty("id").GetGuid();
        await ContentArrange.ActAsync(_editor, id, "submit");
        var published = await ContentArrange.ActAsync(_editor, id, "publish");
        Assert.Equal("published", published.GetProperty("status").GetString());
        Assert.Equal(1, published.GetProperty("publishedVersion").GetInt32());
        Assert.Contains("<strong>Text</strong>", await ScalarAsync<string>("select document->>'bodyHtml' from content.published where item_id = @id", new { id }));
        Assert.Equal(1, await ScalarAsync<long>(
            "select count(*) from content.outbox_messages where event_name = 'content.item-published.v1' and payload->>'itemId' = @id and (payload->>'isFirstPublication')::bool",
            new { id = id.ToString() }));

        var edited = await _editor.PutAsJsonAsync($"/api/content/articles/{id}", new
        {
            title = "Kooperation unterzeichnet", sites = new[] { "treptow-koepenick" }, version = published.GetProperty("version").GetInt32(),
            fields = new { teaser = "Kurz", body = "Zweiter Text", regionCodes = new[] { "0901" } },
        });
        var draft = await edited.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(draft.GetProperty("hasUnpublishedChanges").GetBoolean());
        // The website still sees the published text until the change is published.
        Assert.Contains("Erster", await ScalarAsync<string>("select document->>'bodyHtml' from content.published where item_id = @id", new { id }));

        var republished = await ContentArrange.ActAsync(_editor, id, "publish");
        Assert.Equal(2, republished.GetProperty("publishedVersion").GetInt32());
        Assert.False(republished.GetProperty("hasUnpublishedChanges").GetBoolean());
        Assert.Equal(1, await ScalarAsync<long>(
            "select count(*) from content.outbox_messages where event_name = 'content.item-published.v1' and payload->>'itemId' = @id and not (payload->>'isFirstPublication')::bool",
            new { id = id.ToString() }));

        var versions = await _editor.GetFromJsonAsync<JsonElement>($"/api/content/items/{id}/versions");
        Assert.Equal([2, 1], versions.EnumerateArray().Select(v => v.GetProperty("versionNo").GetInt32()));

        var restored = await (await _editor.PostAsync($"/api/content/items/{id}/versions/1/restore", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Erster **Text**", restored.GetProperty("fields").GetProperty("body").GetString());
        Assert.True(restored.GetProperty("hasUnpublishedChanges").GetBoolean());
        Assert.Contains("Zweiter", await ScalarAsync<string>("select document->>'bodyHtml' from content.published where item_id = @id", new { id }));
        Assert.Equal(2, await ScalarAsync<long>("select count(*) from content.item_versions where item_id = @id", new { id }));
    }

    [Fact]
    public async Task A_changed_slug_keeps_the_old_one_as_a_redirect_and_unpublish_removes_the_public_rows()
    {
        var item = await ContentArrange.CreateAsync(_editor, "articles", Article("Alter Titel", slug: "alter-titel"));
        var id = item.GetProperty("id").GetGuid();
        var live = await ContentArrange.ActAsync(_editor, id, "publish");
        await _editor.PutAsJsonAsync($"/api/content/articles/{id}", new
        {
            title = "Neuer Titel", slug = "neuer-titel", sites = new[] { "treptow-koepenick" }, version = live.GetProperty("version").GetInt32(),
        });
        await ContentArrange.ActAsync(_editor, id, "publish");

        Assert.Equal("neuer-titel", await ScalarAsync<string>("select slug from content.slugs where item_id = @id and is_current", new { id }));
        Assert.Equal("alter-titel", await ScalarAsync<string>("select slug from content.slugs where item_id = @id and not is_current", new { id }));

        // Another item cannot take the old address: it still redirects.
        var taken = await _editor.PostAsJsonAsync("/api/content/articles", Article("Etwas anderes", slug: "alter-titel"));
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);

        await ContentArrange.ActAsync(_editor, id, "unpublish");
        Assert.Equal(0, await ScalarAsync<long>("select count(*) from content.published where item_id = @id", new { id }));
        Assert.Equal("delete", await ScalarAsync<string>("select kind from content.changes where item_id = @id order by seq desc limit 1", new { id }));
        Assert.Equal(1, await ScalarAsync<long>(
            "select count(*) from content.outbox_messages where event_name = 'content.item-unpublished.v1' and payload->>'itemId' = @id", new { id = id.ToString() }));
    }

    [Fact]
    public async Task Markdown_cannot_smuggle_script_or_javascript_links_onto_a_website()
    {
        var item = await ContentArrange.CreateAsync(_editor, "articles", Article("Sicherheit",
            "<script>alert('x')</script>\n\n[Klick](javascript:alert(1)) <img src=x onerror=alert(2)> [ok](https://www.berlin.de) [auch](JaVaScRiPt:alert(3))"));
        var id = item.GetProperty("id").GetGuid();
        await ContentArrange.ActAsync(_editor, id, "publish");

        var html = await ScalarAsync<string>("select document->>'bodyHtml' from content.published where item_id = @id", new { id });
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"https://www.berlin.de\"", html);
        Assert.Contains("&lt;script&gt;", html); // shown as text, harmless
    }

    [Fact]
    public async Task Only_editors_and_admins_use_the_content_staff_api()
    {
        var counsellor = await _host.ClientForRoleAsync(Roles.Counsellor);
        Assert.Equal(HttpStatusCode.Forbidden, (await counsellor.GetAsync("/api/content/items")).StatusCode);
        var admin = await _host.ClientForRoleAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/content/items")).StatusCode);
        // Sites are configured by admins only.
        var site = await _editor.PostAsJsonAsync("/api/content/sites", new { slug = "neu", name = "Neu" });
        Assert.Equal(HttpStatusCode.Forbidden, site.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/content/sites", new { slug = "neu", name = "Neu" })).StatusCode);
    }
}
