using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Bezirksplattform.IntegrationTests.Infrastructure;

namespace Bezirksplattform.IntegrationTests.Content;

/// <summary>The public content API: only published content, strict queries, HTTP caching, search, paging, feeds.</summary>
public sealed class PublicApiTests : IAsyncLifetime
{
    private const string Site = "bezirk-a";
    private const string Other = "bezirk-b";
    private const string Api = "/api/public/v1/sites/" + Site;

    private TestDatabase _db = null!;
    private PlatformFactory _host = null!;
    private ContentTestKit _kit = null!;
    private HttpClient _public = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync();
        _host = new PlatformFactory(_db);
        _kit = new ContentTestKit(_host, _db);
        await _kit.SiteAsync(Site, baseUrl: "https://a.example.org", corsOrigins: ["https://www.a.example.org"]);
        await _kit.SiteAsync(Other, baseUrl: "https://b.example.org");
        await _kit.RegionsAsync();
        _public = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("traceId").GetString()));
        return problem;
    }

    private static List<string> Titles(JsonElement list) =>
        [.. list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()!)];

    [Fact]
    public async Task Sites_are_listed_by_slug_and_name()
    {
        var sites = await JsonOf(await _public.GetAsync("/api/public/v1/sites"));
        var items = sites.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([Site, Other], items.Select(i => i.GetProperty("slug").GetString()!).Order().ToArray());
        Assert.Equal(["name", "slug"], items[0].EnumerateObject().Select(p => p.Name).Order().ToArray());
    }

    [Fact]
    public async Task Drafts_never_leak_through_any_route()
    {
        var file = await _kit.FileAsync("image", "Öffentliches Bild");
        var draftFile = await _kit.FileAsync("image", "Bild nur im Entwurf");
        var live = await _kit.PublishedArticleAsync("Bürgerfest im Kiez", Site, new
        {
            teaser = "Das Bürgerfest findet statt.", body = "Alle sind eingeladen.", tags = new[] { "Kiezleben" }, imageIds = new[] { file },
        });
        // A published item with unpublished changes: the change stays in the draft.
        await _kit.EditAsync("articles", live, "Bürgerfest im Kiez", [Site], new
        {
            teaser = "Das Bürgerfest findet statt.", body = "Zwischenstandgeheimnis im Entwurf.", tags = new[] { "Kiezleben", "Entwurfsschlagwort" },
            imageIds = new[] { file, draftFile },
        });
        var draft = await _kit.ArticleAsync("Geheimentwurf Haushalt", Site, new { teaser = "Nicht öffentlich", body = "Geheimentwurf", tags = new[] { "Nurimentwurf" } });
        var withdrawn = await _kit.PublishedArticleAsync("Zurückgezogene Meldung", Site);
        await _kit.UnpublishAsync(withdrawn);

        var list = await JsonOf(await _public.GetAsync($"{Api}/articles?include=images"));
        Assert.Equal(["Bürgerfest im Kiez"], Titles(list));
        var only = list.GetProperty("items")[0];
        Assert.DoesNotContain("Zwischenstand", only.GetRawText());
        Assert.Equal([file], only.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()).ToArray());

        await ProblemOf(await _public.GetAsync($"{Api}/articles/geheimentwurf-haushalt"), HttpStatusCode.NotFound);
        await ProblemOf(await _public.GetAsync($"{Api}/articles/zurueckgezogene-meldung"), HttpStatusCode.NotFound);
        var detail = await JsonOf(await _public.GetAsync($"{Api}/articles/buergerfest-im-kiez?include=images"));
        Assert.DoesNotContain("Zwischenstand", detail.GetRawText());
        Assert.DoesNotContain(draftFile.ToString(), detail.GetRawText());

        foreach (var q in new[] { "Geheimentwurf", "Zwischenstandgeheimnis", "Zurückgezogene" })
            Assert.Equal(0, (await JsonOf(await _public.GetAsync($"{Api}/search?q={q}"))).GetProperty("total").GetInt32());

        var tags = (await JsonOf(await _public.GetAsync($"{Api}/tags"))).GetProperty("items").EnumerateArray().Select(t => t.GetProperty("slug").GetString()).ToList();
        Assert.Equal(["kiezleben"], tags);

        foreach (var feed in new[] { "feed.rss", "feed.atom", "sitemap.xml" })
        {
            var xml = await _public.GetStringAsync($"{Api}/{feed}");
            Assert.Contains("buergerfest-im-kiez", xml);
            Assert.DoesNotContain("geheimentwurf", xml, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Zwischenstand", xml);
            Assert.DoesNotContain("zurueckgezogene-meldung", xml);
        }

        var changes = await JsonOf(await _public.GetAsync($"{Api}/changes"));
        var changed = changes.GetProperty("changes").EnumerateArray().Select(c => (c.GetProperty("itemId").GetGuid(), c.GetProperty("kind").GetString())).ToList();
        Assert.DoesNotContain(changed, c => c.Item1 == draft);
        Assert.Equal([(live, "upsert"), (withdrawn, "upsert"), (withdrawn, "delete")], changed);

        // Nor on the other site.
        Assert.Equal(0, (await JsonOf(await _public.GetAsync($"/api/public/v1/sites/{Other}/articles"))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_preview_token_shows_the_draft_privately_and_only_while_valid()
    {
        var id = await _kit.ArticleAsync("Entwurf für die Vorschau", Site, new { teaser = "Vorschau", body = "Noch **nicht** veröffentlicht." });
        var editor = await _kit.EditorAsync();
        var issued = await JsonOf(await editor.PostAsync($"/api/content/items/{id}/preview-token", null));
        var token = issued.GetProperty("token").GetString()!;
        var url = new Uri(issued.GetProperty("url").GetString()!);
        Assert.Equal($"{Api}/preview/{id}", url.AbsolutePath);
        Assert.Equal(_host.Clock.GetUtcNow().AddMinutes(15), issued.GetProperty("expiresAt").GetDateTimeOffset());

        var response = await _public.GetAsync(url.PathAndQuery);
        var preview = await JsonOf(response);
        Assert.Equal("Entwurf für die Vorschau", preview.GetProperty("title").GetString());
        Assert.Contains("<strong>nicht</strong>", preview.GetProperty("bodyHtml").GetString());
        Assert.Equal("draft", preview.GetProperty("preview").GetProperty("status").GetString());
        Assert.True(response.Headers.CacheControl is { Private: true, NoStore: true, Public: false });

        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        var forged = await _public.GetAsync($"{Api}/preview/{id}?token={tampered}");
        await ProblemOf(forged, HttpStatusCode.Forbidden);
        Assert.True(forged.Headers.CacheControl is { Private: true, NoStore: true });

        var other = await _kit.ArticleAsync("Anderer Entwurf", Site);
        await ProblemOf(await _public.GetAsync($"{Api}/preview/{other}?token={token}"), HttpStatusCode.Forbidden);
        await ProblemOf(await _public.GetAsync($"{Api}/preview/{id}"), HttpStatusCode.Unauthorized);

        _host.Clock.Advance(TimeSpan.FromMinutes(16));
        var expired = await _public.GetAsync(url.PathAndQuery);
        var problem = await ProblemOf(expired, HttpStatusCode.Unauthorized);
        Assert.Contains("abgelaufen", problem.GetProperty("detail").GetString());
        Assert.True(expired.Headers.CacheControl is { Private: true, NoStore: true });

        // Still nothing public.
        await ProblemOf(await _public.GetAsync($"{Api}/articles/entwurf-fuer-die-vorschau"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Conditional_requests_get_304_and_an_edit_gives_a_fresh_etag()
    {
        var id = await _kit.PublishedArticleAsync("Sprechstunde im Rathaus", Site);
        var address = $"{Api}/articles/sprechstunde-im-rathaus";

        var first = await _public.GetAsync(address);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.NotNull(first.Content.Headers.LastModified);
        Assert.Equal("public, max-age=60, stale-while-revalidate=300", first.Headers.CacheControl?.ToString());
        Assert.Equal(["X-Api-Key", "Accept-Language", "Accept-Encoding"], first.Headers.Vary.ToArray());

        var conditional = new HttpRequestMessage(HttpMethod.Get, address);
        conditional.Headers.IfNoneMatch.Add(etag);
        var notModified = await _public.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);

        var byDate = new HttpRequestMessage(HttpMethod.Get, address);
        byDate.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        Assert.Equal(HttpStatusCode.NotModified, (await _public.SendAsync(byDate)).StatusCode);

        // If-None-Match takes precedence over a matching If-Modified-Since.
        var both = new HttpRequestMessage(HttpMethod.Get, address);
        both.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"anders\""));
        both.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        Assert.Equal(HttpStatusCode.OK, (await _public.SendAsync(both)).StatusCode);

        var listEtag = (await _public.GetAsync($"{Api}/articles")).Headers.ETag!;

        _host.Clock.Advance(TimeSpan.FromMinutes(5));
        await _kit.EditAsync("articles", id, "Sprechstunde im Rathaus", [Site], new { teaser = "Neue Zeiten", body = "Jetzt dienstags." });
        await _kit.PublishAsync(id);

        var again = new HttpRequestMessage(HttpMethod.Get, address);
        again.Headers.IfNoneMatch.Add(etag);
        var changed = await _public.SendAsync(again);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Contains("Neue Zeiten", await changed.Content.ReadAsStringAsync());
        Assert.True(changed.Content.Headers.LastModified > first.Content.Headers.LastModified);
        Assert.NotEqual(listEtag, (await _public.GetAsync($"{Api}/articles")).Headers.ETag);
    }

    [Fact]
    public async Task A_change_of_a_referenced_file_gives_the_article_a_fresh_etag()
    {
        var image = await _kit.FileAsync("image", "Rathaus von Süden");
        await _kit.PublishedArticleAsync("Neues Foto vom Rathaus", Site, new { teaser = "Foto", body = "Siehe Bild.", imageIds = new[] { image } });
        var address = $"{Api}/articles/neues-foto-vom-rathaus?include=images";
        var listAddress = $"{Api}/articles?include=images&fields=title";
        await _kit.SettleAsync();

        var before = await _public.GetAsync(address);
        var listBefore = await _public.GetAsync(listAddress);
        Assert.Contains("Rathaus von Süden", await before.Content.ReadAsStringAsync());
        Assert.Equal("HIT", (await _public.GetAsync(address)).Headers.GetValues("X-Cache").Single());

        await _kit.RetitleFileAsync(image, "Rathaus von Norden");

        var after = await ContentTestKit.EventuallyAsync(() => _public.GetAsync(address), r => r.Headers.ETag?.Tag != before.Headers.ETag?.Tag);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
        Assert.Contains("Rathaus von Norden", await after.Content.ReadAsStringAsync());
        var listAfter = await _public.GetAsync(listAddress);
        Assert.NotEqual(listBefore.Headers.ETag, listAfter.Headers.ETag);
        Assert.Contains("Rathaus von Norden", await listAfter.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/articles?color=blue", "color")]
    [InlineData("/articles?from[gt]=2026-01-01", "from[gt]")]
    [InlineData("/articles?fields=title,geheim", "fields")]
    [InlineData("/articles?include=organisations", "include")]
    [InlineData("/articles?sort=popularity", "sort")]
    [InlineData("/articles?sort=relevance", "sort")]
    [InlineData("/articles?status=running", "status")]
    [InlineData("/articles?page=0", "page")]
    [InlineData("/articles?pageSize=101", "pageSize")]
    [InlineData("/articles?page=x", "page")]
    [InlineData("/articles?from=gestern", "from")]
    [InlineData("/articles?from=2026-05-01&to=2026-04-01", "to")]
    [InlineData("/articles?to=9999-12-31", "to")]
    [InlineData("/articles?q=a%00b", "q")]
    [InlineData("/projects?programme=%01", "programme")]
    [InlineData("/articles?tag=a&tag=b", "tag")]
    [InlineData("/articles?cursor=bm9wZQ", "cursor")]
    [InlineData("/projects?status=abandoned", "status")]
    [InlineData("/articles/irgendwas?pageSize=3", "pageSize")]
    [InlineData("/search?type=article", "q")]
    [InlineData("/changes?since=kaputt", "since")]
    [InlineData("/feed.rss?q=x", "q")]
    [InlineData("/sitemap.xml?page=2", "page")]
    public async Task Unknown_or_invalid_query_parameters_are_400_naming_them_and_listing_what_is_allowed(string path, string parameter)
    {
        var problem = await ProblemOf(await _public.GetAsync(Api + path), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.GetRawText());
        Assert.True(problem.TryGetProperty("allowed", out var allowed) && allowed.ValueKind == JsonValueKind.Array, problem.GetRawText());
        Assert.Contains("Erlaubt", problem.GetRawText());
    }

    [Fact]
    public async Task A_tampered_cursor_is_400()
    {
        for (var i = 0; i < 3; i++) await _kit.PublishedArticleAsync($"Meldung {i}", Site);
        var first = await JsonOf(await _public.GetAsync($"{Api}/articles?pageSize=1"));
        var cursor = first.GetProperty("nextCursor").GetString()!;
        var tampered = cursor[..5] + (cursor[5] == 'x' ? 'y' : 'x') + cursor[6..];
        var problem = await ProblemOf(await _public.GetAsync($"{Api}/articles?pageSize=1&cursor={tampered}"), HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("cursor", out _));
        // A cursor belongs to its query: other filters or another sort are refused too.
        await ProblemOf(await _public.GetAsync($"{Api}/articles?pageSize=1&sort=title&cursor={cursor}"), HttpStatusCode.BadRequest);
        await ProblemOf(await _public.GetAsync($"{Api}/articles?page=2&cursor={cursor}"), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_cursor_crawl_returns_every_published_item_exactly_once()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 23; i++)
        {
            _host.Clock.Advance(TimeSpan.FromMinutes(i % 3 == 0 ? 0 : 1)); // some share a publication time
            ids.Add(await _kit.PublishedArticleAsync($"Meldung Nummer {i:00} {(char)('Z' - i)}", Site));
        }

        await _kit.ArticleAsync("Nur ein Entwurf", Site);

        foreach (var sort in new[] { "-publishedAt", "publishedAt", "title", "-title" })
        {
            var seen = new List<Guid>();
            string? cursor = null;
            var pages = 0;
            do
            {
                var list = await JsonOf(await _public.GetAsync($"{Api}/articles?pageSize=5&sort={sort}&fields=id" + (cursor is null ? "" : $"&cursor={cursor}")));
                seen.AddRange(list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
                Assert.Equal(23, list.GetProperty("total").GetInt32());
                cursor = list.GetProperty("nextCursor").GetString();
                pages++;
            }
            while (cursor is not null && pages < 20);

            Assert.Equal(5, pages);
            Assert.Equal(ids.Order(), seen.Order());
            Assert.Equal(seen.Count, seen.Distinct().Count());
        }

        // Page numbers give the same order as the cursor.
        var byPage = new List<Guid>();
        for (var page = 1; page <= 5; page++)
        {
            var list = await JsonOf(await _public.GetAsync($"{Api}/articles?pageSize=5&page={page}&fields=id"));
            Assert.Equal(page, list.GetProperty("page").GetInt32());
            byPage.AddRange(list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        }

        Assert.Equal(ids.Order(), byPage.Order());
    }

    [Fact]
    public async Task Search_finds_Buerger_with_and_without_umlaut_and_marks_it()
    {
        await _kit.PublishedArticleAsync("Bürgerbeteiligung beginnt", Site, new
        {
            teaser = "Der Bezirk lädt die Bürger ein.", body = "Alle Bürgerinnen und Bürger können mitreden, wenn es um Spielplätze & Parks < Wiesen geht.",
        });
        await _kit.PublishedArticleAsync("Straßenfest", Site, new { teaser = "Musik", body = "Ein Fest für alle." });

        foreach (var q in new[] { "Bürger", "Buerger", "bürger" })
        {
            var result = await JsonOf(await _public.GetAsync($"{Api}/search?q={Uri.EscapeDataString(q)}"));
            Assert.Equal(1, result.GetProperty("total").GetInt32());
            var hit = result.GetProperty("items")[0];
            Assert.Equal("Bürgerbeteiligung beginnt", hit.GetProperty("title").GetString());
            var snippet = hit.GetProperty("snippet").GetString()!;
            Assert.Contains("<mark>Bürger</mark>", snippet);
        }

        // Snippets are HTML-safe: text from the item is escaped, only <mark> is markup.
        var escaped = (await JsonOf(await _public.GetAsync($"{Api}/search?q=Spielplätze"))).GetProperty("items")[0].GetProperty("snippet").GetString()!;
        Assert.Contains("<mark>Spielplätze</mark> &amp; Parks &lt; Wiesen", escaped);

        Assert.Equal(1, (await JsonOf(await _public.GetAsync($"{Api}/search?q=Strassenfest"))).GetProperty("total").GetInt32());
        Assert.Equal(1, (await JsonOf(await _public.GetAsync($"{Api}/articles?q=Buerger"))).GetProperty("total").GetInt32());
        Assert.Equal(0, (await JsonOf(await _public.GetAsync($"{Api}/search?q=Buerger&type=project"))).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Filters_select_by_tag_district_region_date_status_and_programme()
    {
        await _kit.PublishedArticleAsync("Treptow im Januar", Site, new { teaser = "t", body = "b", tags = new[] { "Kiezleben" }, regionCodes = new[] { "0901" } });
        _host.Clock.Advance(TimeSpan.FromDays(40));
        _kit.SignInAgain(); // the staff token follows the platform clock
        await _kit.PublishedArticleAsync("Pankow im März", Site, new { teaser = "t", body = "b", tags = new[] { "Arbeit" }, districtCodes = new[] { "03" } });
        var running = await _kit.CreateAsync("projects", "Laufendes Projekt", [Site], new
        {
            summary = "Läuft", body = "b", projectStatus = "running", fundingProgramme = "BIWAQ", regionCodes = new[] { "0910" },
        });
        await _kit.PublishAsync(running);
        var planned = await _kit.CreateAsync("projects", "Geplantes Projekt", [Site], new { summary = "Plan", body = "b", projectStatus = "planned" });
        await _kit.PublishAsync(planned);

        Assert.Equal(["Treptow im Januar"], Titles(await JsonOf(await _public.GetAsync($"{Api}/articles?tag=kiezleben"))));
        Assert.Equal(["Treptow im Januar"], Titles(await JsonOf(await _public.GetAsync($"{Api}/articles?district=09"))));
        Assert.Equal(["Pankow im März"], Titles(await JsonOf(await _public.GetAsync($"{Api}/articles?district=03"))));
        Assert.Equal(["Treptow im Januar"], Titles(await JsonOf(await _public.GetAsync($"{Api}/articles?region=0901,0301"))));
        Assert.Equal(["Pankow im März", "Treptow im Januar"], Titles(await JsonOf(await _public.GetAsync($"{Api}/articles?tag=kiezleben,arbeit"))));
        Assert.Equal(["Treptow im Januar", "Pankow im März"], Titles(await JsonOf(await _public.GetAsync($"{Api}/articles?sort=publishedAt"))));
        Assert.Equal(["Treptow im Januar"], Titles(await JsonOf(await _public.GetAsync($"{Api}/articles?to=2026-11-23"))));
        Assert.Equal(["Pankow im März"], Titles(await JsonOf(await _public.GetAsync($"{Api}/articles?from=2026-12-01"))));
        Assert.Equal(["Laufendes Projekt"], Titles(await JsonOf(await _public.GetAsync($"{Api}/projects?status=running"))));
        Assert.Equal(["Laufendes Projekt"], Titles(await JsonOf(await _public.GetAsync($"{Api}/projects?programme=BIWAQ"))));
        Assert.Equal(["Laufendes Projekt"], Titles(await JsonOf(await _public.GetAsync($"{Api}/projects?district=09"))));

        var reduced = (await JsonOf(await _public.GetAsync($"{Api}/projects?status=planned&fields=title,projectStatus"))).GetProperty("items")[0];
        Assert.Equal(["id", "title", "projectStatus"], reduced.EnumerateObject().Select(p => p.Name).ToArray());

        var regions = await JsonOf(await _public.GetAsync($"{Api}/regions"));
        var koepenick = regions.GetProperty("items").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "0910");
        Assert.Equal(1, koepenick.GetProperty("count").GetInt32());
        Assert.Equal("09", koepenick.GetProperty("districtCode").GetString());
    }

    [Fact]
    public async Task A_former_slug_answers_301_with_the_current_address()
    {
        var id = await _kit.PublishedArticleAsync("Alter Titel", Site, slug: "alter-titel");
        await _kit.EditAsync("articles", id, "Neuer Titel", [Site], new { teaser = "t", body = "b" }, slug: "neuer-titel");
        // Before the new slug is published, the old address is still the live one.
        Assert.Equal(HttpStatusCode.OK, (await _public.GetAsync($"{Api}/articles/alter-titel")).StatusCode);
        await _kit.PublishAsync(id);

        var client = _host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var moved = await client.GetAsync($"{Api}/articles/alter-titel?fields=title");
        var body = await JsonOf(moved, HttpStatusCode.MovedPermanently);
        Assert.Equal($"{Api}/articles/neuer-titel?fields=title", moved.Headers.Location?.OriginalString);
        Assert.Equal("neuer-titel", body.GetProperty("redirectTo").GetProperty("slug").GetString());
        Assert.Equal($"{Api}/articles/neuer-titel", body.GetProperty("redirectTo").GetProperty("href").GetString());
        Assert.NotNull(moved.Headers.ETag);

        Assert.Equal("Neuer Titel", (await JsonOf(await client.GetAsync($"{Api}/articles/neuer-titel"))).GetProperty("title").GetString());
        await ProblemOf(await client.GetAsync($"{Api}/articles/gibt-es-nicht"), HttpStatusCode.NotFound);
        await ProblemOf(await client.GetAsync("/api/public/v1/sites/gibt-es-nicht/articles"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_page_is_found_by_its_full_path()
    {
        var id = await _kit.CreateAsync("pages", "Aufgaben", [Site], new { body = "Die Aufgaben der Koordination." }, slug: "bezirkskoordination/aufgaben");
        await _kit.PublishAsync(id);

        var page = await JsonOf(await _public.GetAsync($"{Api}/pages/bezirkskoordination/aufgaben"));
        Assert.Equal("Aufgaben", page.GetProperty("title").GetString());
        await ProblemOf(await _public.GetAsync($"{Api}/pages/bezirkskoordination"), HttpStatusCode.NotFound);
        await ProblemOf(await _public.GetAsync($"{Api}/pages/aufgaben"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Feeds_and_the_sitemap_are_valid_xml_with_absolute_links_to_the_website()
    {
        await _kit.PublishedArticleAsync("Erste Meldung", Site, new { teaser = "Kurz & knapp <b>fett</b>", body = "b", tags = new[] { "Kiezleben" } });
        var pageId = await _kit.CreateAsync("pages", "Kontakt", [Site], new { body = "Telefon" }, slug: "service/kontakt");
        await _kit.PublishAsync(pageId);

        var rssResponse = await _public.GetAsync($"{Api}/feed.rss");
        Assert.Equal("application/rss+xml", rssResponse.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(rssResponse.Headers.ETag);
        var rss = XDocument.Parse(await rssResponse.Content.ReadAsStringAsync());
        var item = rss.Root!.Element("channel")!.Elements("item").Single();
        Assert.Equal("https://a.example.org/articles/erste-meldung", item.Element("link")!.Value);
        Assert.Equal("Kurz & knapp <b>fett</b>", item.Element("description")!.Value);
        Assert.Equal("Kiezleben", item.Element("category")!.Value);

        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = XDocument.Parse(await _public.GetStringAsync($"{Api}/feed.atom?type=article,page"));
        var links = feed.Root!.Elements(atom + "entry").Select(e => e.Element(atom + "link")!.Attribute("href")!.Value).Order().ToList();
        Assert.Equal(["https://a.example.org/articles/erste-meldung", "https://a.example.org/service/kontakt"], links);

        XNamespace sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
        var sitemap = XDocument.Parse(await _public.GetStringAsync($"{Api}/sitemap.xml"));
        Assert.Equal(["https://a.example.org/articles/erste-meldung", "https://a.example.org/service/kontakt"],
            sitemap.Root!.Elements(sm + "url").Select(u => u.Element(sm + "loc")!.Value).Order().ToList());

        Assert.Empty(XDocument.Parse(await _public.GetStringAsync($"{Api}/feed.rss?tag=gibt-es-nicht")).Root!.Element("channel")!.Elements("item"));
    }

    [Fact]
    public async Task The_change_feed_pages_with_an_opaque_token_and_reports_withdrawals()
    {
        var first = await _kit.PublishedArticleAsync("Eins", Site);
        var second = await _kit.PublishedArticleAsync("Zwei", Site);
        await _kit.PublishedArticleAsync("Woanders", Other);

        var start = await JsonOf(await _public.GetAsync($"{Api}/changes"));
        Assert.Equal([first, second], start.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("itemId").GetGuid()).ToArray());
        var token = start.GetProperty("nextToken").GetString()!;

        var nothing = await JsonOf(await _public.GetAsync($"{Api}/changes?since={token}"));
        Assert.Empty(nothing.GetProperty("changes").EnumerateArray());
        Assert.Equal(token, nothing.GetProperty("nextToken").GetString());

        await _kit.UnpublishAsync(first);
        var next = await JsonOf(await _public.GetAsync($"{Api}/changes?since={token}"));
        var change = next.GetProperty("changes").EnumerateArray().Single();
        Assert.Equal(first, change.GetProperty("itemId").GetGuid());
        Assert.Equal("delete", change.GetProperty("kind").GetString());
        Assert.Equal("article", change.GetProperty("type").GetString());
        Assert.Equal("eins", change.GetProperty("slug").GetString());
        Assert.Equal(_host.Clock.GetUtcNow(), change.GetProperty("changedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Cors_answers_only_the_sites_own_origins()
    {
        await _kit.PublishedArticleAsync("Für den Browser", Site);

        var preflight = new HttpRequestMessage(HttpMethod.Options, $"{Api}/articles");
        preflight.Headers.Add("Origin", "https://www.a.example.org");
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "x-api-key");
        var allowed = await _public.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("https://www.a.example.org", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("X-Api-Key", allowed.Headers.GetValues("Access-Control-Allow-Headers").Single());

        var foreign = new HttpRequestMessage(HttpMethod.Options, $"{Api}/articles");
        foreign.Headers.Add("Origin", "https://evil.example.com");
        foreign.Headers.Add("Access-Control-Request-Method", "GET");
        var refused = await _public.SendAsync(foreign);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var get = new HttpRequestMessage(HttpMethod.Get, $"{Api}/articles");
        get.Headers.Add("Origin", "https://www.a.example.org");
        var response = await _public.SendAsync(get);
        Assert.Equal("https://www.a.example.org", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Origin", response.Headers.Vary);

        var otherGet = new HttpRequestMessage(HttpMethod.Get, $"/api/public/v1/sites/{Other}/articles");
        otherGet.Headers.Add("Origin", "https://www.a.example.org");
        Assert.False((await _public.SendAsync(otherGet)).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task An_unknown_revoked_or_foreign_api_key_is_401()
    {
        var key = await _kit.ApiKeyAsync(Site);
        var foreignKey = await _kit.ApiKeyAsync(Other);

        async Task<HttpResponseMessage> WithKey(string value)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"{Api}/articles");
            request.Headers.Add("X-Api-Key", value);
            return await _public.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.OK, (await WithKey(key)).StatusCode);
        await ProblemOf(await WithKey("bzp_unbekannt"), HttpStatusCode.Unauthorized);
        var foreign = await ProblemOf(await WithKey(foreignKey), HttpStatusCode.Unauthorized);
        Assert.Contains("anderen Website", foreign.GetProperty("detail").GetString());

        var admin = await _host.ClientForRoleAsync("admin");
        var keys = await admin.GetFromJsonAsync<JsonElement>($"/api/content/sites/{Site}/api-keys");
        var keyId = keys.EnumerateArray().Single().GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/content/sites/{Site}/api-keys/{keyId}")).StatusCode);
        var revoked = await ProblemOf(await WithKey(key), HttpStatusCode.Unauthorized);
        Assert.Contains("widerrufen", revoked.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_public_routes_and_their_parameters()
    {
        var document = await JsonOf(await _public.GetAsync("/openapi/v1.json"));
        var paths = document.GetProperty("paths");
        foreach (var path in new[]
                 {
                     "/api/public/v1/sites", "/api/public/v1/sites/{site}/articles", "/api/public/v1/sites/{site}/articles/{slug}",
                     "/api/public/v1/sites/{site}/pages/{path}", "/api/public/v1/sites/{site}/projects", "/api/public/v1/sites/{site}/projects/{slug}",
                     "/api/public/v1/sites/{site}/tags", "/api/public/v1/sites/{site}/regions", "/api/public/v1/sites/{site}/search",
                     "/api/public/v1/sites/{site}/feed.rss", "/api/public/v1/sites/{site}/feed.atom", "/api/public/v1/sites/{site}/sitemap.xml",
                     "/api/public/v1/sites/{site}/changes", "/api/public/v1/sites/{site}/preview/{itemId}", "/api/content/items/{id}/preview-token",
                 })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from the OpenAPI document");

        var list = paths.GetProperty("/api/public/v1/sites/{site}/projects").GetProperty("get");
        var names = list.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("status", names);
        Assert.Contains("site", names);
        Assert.Contains("X-Api-Key", names);
        Assert.Contains("cursor", names);
        Assert.Equal("PublicListProjects", list.GetProperty("operationId").GetString());
    }
}
