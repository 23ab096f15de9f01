using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Dapper;

namespace Bezirksplattform.IntegrationTests.Content;

/// <summary>
/// Content files end to end: uploads with content sniffing and limits, optimistic metadata
/// updates, and the public routes that show a file only once a published row of the site
/// refers to it. Real PostgreSQL; the storage is a temporary folder of this class.
/// </summary>
public sealed class FilesTests : IAsyncLifetime
{
    private const long MaxImageBytes = 100_000;
    private const long MaxDownloadBytes = 200_000;

    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"u8.ToArray();

    private static readonly byte[] Exe = [.. "MZ"u8, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, .. "This program cannot be run in DOS mode."u8];

    private TestDatabase _db = null!;
    private PlatformFactory _host = null!;
    private HttpClient _editor = null!;
    private HttpClient _anonymous = null!;
    private string _storage = null!;

    public async Task InitializeAsync()
    {
        _storage = Path.Combine(Path.GetTempPath(), "bp-content-files-" + Guid.NewGuid().ToString("N")[..12]);
        _db = await TestDatabase.CreateMigratedAsync();
        _host = new PlatformFactory(_db, settings: new Dictionary<string, string?>
        {
            ["Content:Storage:Root"] = _storage,
            ["Content:Uploads:MaxImageBytes"] = MaxImageBytes.ToString(),
            ["Content:Uploads:MaxDownloadBytes"] = MaxDownloadBytes.ToString(),
        });
        _editor = await _host.ClientForRoleAsync(Roles.Editor);
        _anonymous = _host.CreateClient();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
        if (Directory.Exists(_storage)) Directory.Delete(_storage, recursive: true);
    }

    // ------------------------------------------------------------------ uploads

    [Fact]
    public async Task A_png_with_alt_text_is_created_and_its_bytes_come_back_unchanged()
    {
        var response = await _editor.PostAsync("/api/content/images", Form(Png, "Rathaus.png", "image/png",
            ("altText", "Das Rathaus Mitte am Alexanderplatz"), ("title", "Rathaus"), ("caption", "Rathaus im Herbst"),
            ("creditAuthor", "Erika Mustermann"), ("creditLicence", "CC BY 4.0"), ("focalX", "0.25"), ("focalY", "0,75")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var file = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = file.GetProperty("id").GetGuid();
        Assert.Equal($"/api/content/files/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("image", file.GetProperty("kind").GetString());
        Assert.Equal("image/png", file.GetProperty("mediaType").GetString());
        Assert.Equal("Rathaus.png", file.GetProperty("fileName").GetString());
        Assert.Equal(Png.Length, file.GetProperty("sizeBytes").GetInt64());
        Assert.Equal(Sha256(Png), file.GetProperty("sha256").GetString());
        Assert.Equal("Das Rathaus Mitte am Alexanderplatz", file.GetProperty("altText").GetString());
        Assert.Equal("de", file.GetProperty("language").GetString());
        Assert.Equal(0.25m, file.GetProperty("focalX").GetDecimal());
        Assert.Equal(0.75m, file.GetProperty("focalY").GetDecimal());
        Assert.Equal(1, file.GetProperty("version").GetInt32());
        Assert.Equal(_host.Clock.GetUtcNow(), file.GetProperty("createdAt").GetDateTimeOffset());

        var content = await _editor.GetAsync($"/api/content/files/{id}/content");
        Assert.Equal(HttpStatusCode.OK, content.StatusCode);
        Assert.Equal(Png, await content.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", content.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"\"{Sha256(Png)}\"", content.Headers.ETag?.Tag);
        Assert.Equal("nosniff", content.Headers.GetValues("X-Content-Type-Options").Single());

        // The bytes are in the configured folder, once, and no temporary file is left.
        var stored = StoredFiles();
        Assert.Contains(stored, f => File.ReadAllBytes(f).SequenceEqual(Png));
        Assert.DoesNotContain(stored, f => f.EndsWith(".part", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_image_without_alt_text_that_is_not_decorative_is_400_naming_altText()
    {
        var before = await FileRowsAsync();
        var problem = await ProblemOf(await _editor.PostAsync("/api/content/images", Form(Png, "ohne-alt.png", "image/png")),
            HttpStatusCode.BadRequest);
        Assert.Contains("Alternativtext", problem.GetProperty("errors").GetProperty("altText")[0].GetString());

        var blank = await ProblemOf(await _editor.PostAsync("/api/content/images",
            Form(Png, "leer-alt.png", "image/png", ("altText", "   "), ("decorative", "false"))), HttpStatusCode.BadRequest);
        Assert.True(blank.GetProperty("errors").TryGetProperty("altText", out _));
        Assert.Equal(before, await FileRowsAsync());
    }

    [Fact]
    public async Task A_decorative_image_without_alt_text_is_created()
    {
        var response = await _editor.PostAsync("/api/content/images", Form(Png, "zierlinie.png", "image/png", ("decorative", "true")));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var file = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(file.GetProperty("decorative").GetBoolean());
        Assert.Equal(JsonValueKind.Null, file.GetProperty("altText").ValueKind);
        Assert.Equal("zierlinie", file.GetProperty("title").GetString()); // no title given: the file name
    }

    [Fact]
    public async Task An_exe_named_report_pdf_is_400_naming_file_and_nothing_is_stored()
    {
        var rowsBefore = await FileRowsAsync();
        var filesBefore = StoredFiles();

        var problem = await ProblemOf(await _editor.PostAsync("/api/content/downloads", Form(Exe, "report.pdf", "application/pdf", ("title", "Bericht"))),
            HttpStatusCode.BadRequest);
        var message = problem.GetProperty("errors").GetProperty("file")[0].GetString();
        Assert.Contains("ausführbares Programm", message);
        Assert.Contains(".pdf", message);

        // HTML and SVG posing as an image are refused the same way.
        var svg = """<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"""u8.ToArray();
        var svgProblem = await ProblemOf(await _editor.PostAsync("/api/content/images", Form(svg, "logo.png", "image/png", ("altText", "Logo"))),
            HttpStatusCode.BadRequest);
        Assert.Contains("SVG", svgProblem.GetProperty("errors").GetProperty("file")[0].GetString());

        Assert.Equal(rowsBefore, await FileRowsAsync());
        Assert.Equal(filesBefore, StoredFiles());
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from content.files where file_name in ('report.pdf', 'logo.png')"));
    }

    [Fact]
    public async Task An_oversize_upload_is_413_and_nothing_is_stored()
    {
        var rowsBefore = await FileRowsAsync();
        var filesBefore = StoredFiles();

        // Far over the limit: refused from Content-Length before the body is read.
        var huge = PngOfSize(3 * MaxImageBytes);
        var refused = await ProblemOf(await _editor.PostAsync("/api/content/images", Form(huge, "gross.png", "image/png", ("altText", "Groß"))),
            HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("Anfrage zu groß", refused.GetProperty("title").GetString());

        // Just over the limit: the envelope allowance lets the request in, the file is still refused.
        var justOver = PngOfSize(MaxImageBytes + 1);
        var tooBig = await ProblemOf(await _editor.PostAsync("/api/content/images", Form(justOver, "knapp.png", "image/png", ("altText", "Knapp"))),
            HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("höchstens", tooBig.GetProperty("detail").GetString());

        // Exactly at the limit is fine.
        var atLimit = await _editor.PostAsync("/api/content/images", Form(PngOfSize(MaxImageBytes), "genau.png", "image/png", ("altText", "Genau")));
        Assert.Equal(HttpStatusCode.Created, atLimit.StatusCode);

        Assert.Equal(rowsBefore + 1, await FileRowsAsync());
        Assert.Equal(filesBefore.Count + 1, StoredFiles().Count);
    }

    [Fact]
    public async Task When_the_insert_fails_after_the_bytes_were_stored_the_stored_file_is_deleted()
    {
        // A trigger stands in for any failure of the insert (a constraint, a dropped connection).
        await using (var connection = await _db.DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync(
                """
                create function content.test_refuse_file() returns trigger language plpgsql as $$
                begin
                    if new.title = 'Fehlschlag' then raise exception 'simulated failure of the insert'; end if;
                    return new;
                end $$;
                create trigger test_refuse_file before insert on content.files for each row execute function content.test_refuse_file();
                """);
        var rowsBefore = await FileRowsAsync();
        var filesBefore = StoredFiles();

        var response = await _editor.PostAsync("/api/content/downloads", Form(Pdf, "fehlschlag.pdf", "application/pdf", ("title", "Fehlschlag")));

        await ProblemOf(response, HttpStatusCode.InternalServerError);
        Assert.Equal(rowsBefore, await FileRowsAsync());
        Assert.Equal(filesBefore, StoredFiles());
    }

    [Fact]
    public async Task Uploads_that_are_not_multipart_or_lack_a_file_or_have_unreadable_fields_are_refused_by_name()
    {
        var json = await ProblemOf(await _editor.PostAsJsonAsync("/api/content/images", new { altText = "x" }), HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("multipart/form-data", json.GetProperty("detail").GetString());

        var noFile = new MultipartFormDataContent { { new StringContent("Ohne Datei"), "altText" } };
        var missing = await ProblemOf(await _editor.PostAsync("/api/content/images", noFile), HttpStatusCode.BadRequest);
        Assert.True(missing.GetProperty("errors").TryGetProperty("file", out _));

        var fields = await ProblemOf(await _editor.PostAsync("/api/content/images",
            Form(Png, "a.png", "image/png", ("altText", "A"), ("decorative", "vielleicht"), ("focalX", "links"), ("focalY", "0.5"))), HttpStatusCode.BadRequest);
        Assert.True(fields.GetProperty("errors").TryGetProperty("decorative", out _));
        Assert.True(fields.GetProperty("errors").TryGetProperty("focalX", out _));

        var range = await ProblemOf(await _editor.PostAsync("/api/content/images",
            Form(Png, "a.png", "image/png", ("altText", "A"), ("focalX", "1.5"))), HttpStatusCode.BadRequest);
        Assert.True(range.GetProperty("errors").TryGetProperty("focalX", out _));
        Assert.True(range.GetProperty("errors").TryGetProperty("focalY", out _));
    }

    [Fact]
    public async Task Only_editors_and_admins_use_the_staff_file_routes()
    {
        await ProblemOf(await _anonymous.PostAsync("/api/content/images", Form(Png, "a.png", "image/png", ("altText", "A"))), HttpStatusCode.Unauthorized);
        var coach = await _host.ClientForRoleAsync(Roles.Coach);
        await ProblemOf(await coach.PostAsync("/api/content/images", Form(Png, "a.png", "image/png", ("altText", "A"))), HttpStatusCode.Forbidden);
        await ProblemOf(await coach.GetAsync("/api/content/images"), HttpStatusCode.Forbidden);

        var admin = await _host.ClientForRoleAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.Created,
            (await admin.PostAsync("/api/content/downloads", Form(Pdf, "satzung.pdf", "application/pdf"))).StatusCode);
    }

    [Fact]
    public async Task Lists_are_paged_newest_first_and_searchable()
    {
        var client = await _host.ClientForRoleAsync(Roles.Editor);
        for (var i = 1; i <= 3; i++)
        {
            _host.Clock.Advance(TimeSpan.FromMinutes(1));
            var created = await client.PostAsync("/api/content/downloads", Form(Pdf, $"protokoll-{i}.pdf", "application/pdf", ("title", $"Protokoll Nr. {i}")));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var page = await client.GetFromJsonAsync<JsonElement>("/api/content/downloads?q=protokoll&pageSize=2");
        Assert.Equal(3, page.GetProperty("total").GetInt64());
        Assert.Equal(["Protokoll Nr. 3", "Protokoll Nr. 2"], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("title").GetString()));
        var second = await client.GetFromJsonAsync<JsonElement>("/api/content/downloads?q=protokoll&pageSize=2&page=2");
        Assert.Equal("Protokoll Nr. 1", second.GetProperty("items")[0].GetProperty("title").GetString());

        var images = await client.GetFromJsonAsync<JsonElement>("/api/content/images?q=protokoll");
        Assert.Equal(0, images.GetProperty("total").GetInt64());

        var wildcard = await client.GetFromJsonAsync<JsonElement>("/api/content/downloads?q=%25");
        Assert.Equal(0, wildcard.GetProperty("total").GetInt64()); // % is searched for, not a wildcard

        var bad = await ProblemOf(await client.GetAsync("/api/content/downloads?pageSize=1000"), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("pageSize", out _));
    }

    // ------------------------------------------------------------------ metadata

    [Fact]
    public async Task A_stale_metadata_update_is_412_or_409_and_leaves_the_stored_metadata_unchanged()
    {
        var id = await UploadImageAsync("Alter Titel");

        var first = new HttpRequestMessage(HttpMethod.Put, $"/api/content/files/{id}")
        {
            Content = JsonContent.Create(new { title = "Neuer Titel", altText = "Neuer Alternativtext", language = "de" }),
        };
        first.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var updated = await _editor.SendAsync(first);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal("\"2\"", updated.Headers.ETag?.Tag);
        var afterFirst = await updated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, afterFirst.GetProperty("version").GetInt32());
        Assert.Equal("Neuer Titel", afterFirst.GetProperty("title").GetString());

        // Someone else's save, made from version 1, loses: through If-Match ...
        var staleHeader = new HttpRequestMessage(HttpMethod.Put, $"/api/content/files/{id}")
        {
            Content = JsonContent.Create(new { title = "Überschrieben", altText = "Überschrieben" }),
        };
        staleHeader.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await ProblemOf(await _editor.SendAsync(staleHeader), HttpStatusCode.PreconditionFailed);

        // ... or through the body's version ...
        await ProblemOf(await _editor.PutAsJsonAsync($"/api/content/files/{id}",
            new { title = "Überschrieben", altText = "Überschrieben", version = 1 }), HttpStatusCode.Conflict);

        // ... and a save that names no version at all is not taken either.
        var unconditional = await ProblemOf(await _editor.PutAsJsonAsync($"/api/content/files/{id}",
            new { title = "Überschrieben", altText = "Überschrieben" }), (HttpStatusCode)428);
        Assert.True(unconditional.GetProperty("errors").TryGetProperty("version", out _));

        var stored = await _editor.GetFromJsonAsync<JsonElement>($"/api/content/files/{id}");
        Assert.Equal("Neuer Titel", stored.GetProperty("title").GetString());
        Assert.Equal("Neuer Alternativtext", stored.GetProperty("altText").GetString());
        Assert.Equal(2, stored.GetProperty("version").GetInt32());

        // The current version is accepted, and image rules still hold on update.
        var noAlt = await ProblemOf(await _editor.PutAsJsonAsync($"/api/content/files/{id}", new { title = "T", version = 2 }), HttpStatusCode.BadRequest);
        Assert.True(noAlt.GetProperty("errors").TryGetProperty("altText", out _));
        var current = await _editor.PutAsJsonAsync($"/api/content/files/{id}", new { title = "Dekor", decorative = true, version = 2 });
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(3, (await current.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32());

        await ProblemOf(await _editor.PutAsJsonAsync($"/api/content/files/{Guid.NewGuid()}", new { title = "X", altText = "X", version = 1 }),
            HttpStatusCode.NotFound);
    }

    // ------------------------------------------------------------------ public routes

    [Fact]
    public async Task A_download_is_public_only_once_a_published_row_of_that_site_refers_to_it()
    {
        var upload = await _editor.PostAsync("/api/content/downloads",
            Form(Pdf, "Förderrichtlinie 2027.pdf", "application/pdf", ("title", "Förderrichtlinie 2027"), ("language", "de")));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var id = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var site = await CreateSiteAsync("mitte");
        await CreateSiteAsync("pankow");

        // Not referenced at all, and then only by a draft: not public.
        await ProblemOf(await _anonymous.GetAsync($"/api/public/v1/sites/mitte/downloads/{id}"), HttpStatusCode.NotFound);
        await ProblemOf(await _anonymous.GetAsync($"/api/public/v1/sites/mitte/downloads/{id}/file"), HttpStatusCode.NotFound);
        var item = await CreateItemAsync(site, downloadIds: [id]);
        await ProblemOf(await _anonymous.GetAsync($"/api/public/v1/sites/mitte/downloads/{id}"), HttpStatusCode.NotFound);

        await PublishAsync(item, site, downloadIds: [id]);

        var metadata = await _anonymous.GetAsync($"/api/public/v1/sites/mitte/downloads/{id}");
        Assert.Equal(HttpStatusCode.OK, metadata.StatusCode);
        var download = await metadata.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, download.GetProperty("id").GetGuid());
        Assert.Equal("Förderrichtlinie 2027", download.GetProperty("title").GetString());
        Assert.Equal("Förderrichtlinie 2027.pdf", download.GetProperty("fileName").GetString());
        Assert.Equal("application/pdf", download.GetProperty("mediaType").GetString());
        Assert.Equal(Pdf.Length, download.GetProperty("sizeBytes").GetInt64());
        Assert.Equal("de", download.GetProperty("language").GetString());
        Assert.Equal(Sha256(Pdf), download.GetProperty("sha256").GetString());
        var url = new Uri(download.GetProperty("url").GetString()!);
        Assert.Equal($"/api/public/v1/sites/mitte/downloads/{id}/file", url.AbsolutePath);
        Assert.DoesNotContain("storage", string.Join(",", download.EnumerateObject().Select(p => p.Name)), StringComparison.OrdinalIgnoreCase);

        var file = await _anonymous.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(Pdf, await file.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
        var etag = file.Headers.ETag!;
        Assert.False(etag.IsWeak);
        Assert.Equal($"\"{Sha256(Pdf)}\"", etag.Tag);
        Assert.Equal("attachment", file.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("Förderrichtlinie 2027.pdf", file.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.True(file.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromHours(1), file.Headers.CacheControl?.MaxAge);

        var revalidate = new HttpRequestMessage(HttpMethod.Get, url.PathAndQuery);
        revalidate.Headers.IfNoneMatch.Add(etag);
        var notModified = await _anonymous.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag.Tag, notModified.Headers.ETag?.Tag);

        var changed = new HttpRequestMessage(HttpMethod.Get, url.PathAndQuery);
        changed.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        Assert.Equal(HttpStatusCode.OK, (await _anonymous.SendAsync(changed)).StatusCode);

        // Another site, an unknown site, or the same id asked for as an image: not found.
        await ProblemOf(await _anonymous.GetAsync($"/api/public/v1/sites/pankow/downloads/{id}"), HttpStatusCode.NotFound);
        await ProblemOf(await _anonymous.GetAsync($"/api/public/v1/sites/pankow/downloads/{id}/file"), HttpStatusCode.NotFound);
        await ProblemOf(await _anonymous.GetAsync($"/api/public/v1/sites/nirgendwo/downloads/{id}"), HttpStatusCode.NotFound);
        await ProblemOf(await _anonymous.GetAsync($"/api/public/v1/sites/mitte/images/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_published_image_shows_its_accessibility_and_credit_metadata_and_is_served_inline()
    {
        var upload = await _editor.PostAsync("/api/content/images", Form(Png, "kiez.png", "image/png",
            ("altText", "Kinder spielen im Kiezpark"), ("caption", "Kiezfest 2026"), ("creditAuthor", "Max Muster"),
            ("creditLicence", "CC BY-SA 4.0"), ("focalX", "0.3"), ("focalY", "0.6")));
        var id = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var decorative = await _editor.PostAsync("/api/content/images", Form(Png, "linie.png", "image/png", ("decorative", "on")));
        var decorativeId = (await decorative.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var site = await CreateSiteAsync("kiez-nord");
        await ProblemOf(await _anonymous.GetAsync($"/api/public/v1/sites/kiez-nord/images/{id}"), HttpStatusCode.NotFound);
        // Referenced as a download is not referenced as an image.
        await PublishAsync(await CreateItemAsync(site), site, downloadIds: [id]);
        await ProblemOf(await _anonymous.GetAsync($"/api/public/v1/sites/kiez-nord/images/{id}"), HttpStatusCode.NotFound);
        await PublishAsync(await CreateItemAsync(site), site, imageIds: [id, decorativeId]);

        var image = await _anonymous.GetFromJsonAsync<JsonElement>($"/api/public/v1/sites/kiez-nord/images/{id}");
        Assert.Equal("Kinder spielen im Kiezpark", image.GetProperty("altText").GetString());
        Assert.False(image.GetProperty("decorative").GetBoolean());
        Assert.Equal("Kiezfest 2026", image.GetProperty("caption").GetString());
        Assert.Equal("Max Muster", image.GetProperty("credit").GetProperty("author").GetString());
        Assert.Equal("CC BY-SA 4.0", image.GetProperty("credit").GetProperty("licence").GetString());
        Assert.Equal(0.3m, image.GetProperty("focalPoint").GetProperty("x").GetDecimal());
        Assert.Equal(0.6m, image.GetProperty("focalPoint").GetProperty("y").GetDecimal());
        var url = new Uri(image.GetProperty("url").GetString()!);
        Assert.Equal($"/api/public/v1/sites/kiez-nord/images/{id}/file", url.AbsolutePath);

        var file = await _anonymous.GetAsync(url.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal(Png, await file.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", file.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal($"\"{Sha256(Png)}\"", file.Headers.ETag?.Tag);

        var plain = await _anonymous.GetFromJsonAsync<JsonElement>($"/api/public/v1/sites/kiez-nord/images/{decorativeId}");
        Assert.True(plain.GetProperty("decorative").GetBoolean());
        Assert.Equal("", plain.GetProperty("altText").GetString());
        Assert.Equal(JsonValueKind.Null, plain.GetProperty("focalPoint").ValueKind);
    }

    // ------------------------------------------------------------------ helpers

    private static MultipartFormDataContent Form(byte[] bytes, string fileName, string contentType, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        form.Add(file, "file", fileName);
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    private static byte[] PngOfSize(long size)
    {
        var bytes = new byte[size];
        Png.CopyTo(bytes, 0);
        return bytes;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private async Task<Guid> UploadImageAsync(string title)
    {
        var response = await _editor.PostAsync("/api/content/images", Form(Png, "bild.png", "image/png", ("title", title), ("altText", "Ein Bild")));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<long> FileRowsAsync()
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("select count(*) from content.files");
    }

    /// <summary>Every file under the storage root, temporary ones included.</summary>
    private List<string> StoredFiles() =>
        Directory.Exists(_storage)
            ? Directory.EnumerateFiles(_storage, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : [];

    private async Task<Guid> CreateSiteAsync(string slug)
    {
        var id = Guid.CreateVersion7();
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            "insert into content.sites (id, slug, name, created_at) values (@id, @slug, @slug, now())", new { id, slug });
        return id;
    }

    /// <summary>A draft item whose fields refer to the files, as the editor's form would store it.</summary>
    private async Task<Guid> CreateItemAsync(Guid site, Guid[]? imageIds = null, Guid[]? downloadIds = null)
    {
        var id = Guid.CreateVersion7();
        var fields = JsonSerializer.Serialize(new { imageIds = imageIds ?? [], downloadIds = downloadIds ?? [] });
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            insert into content.items (id, type, status, title, slug, site_ids, fields, created_at, updated_at)
            values (@id, 'article', 'draft', 'Artikel', @slug, array[@site], @fields::jsonb, now(), now())
            """, new { id, slug = "artikel-" + id.ToString("N")[^12..], site, fields });
        return id;
    }

    /// <summary>The live row the publishing slice would write for the item on that site.</summary>
    private async Task PublishAsync(Guid item, Guid site, Guid[]? imageIds = null, Guid[]? downloadIds = null)
    {
        await using var connection = await _db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync(
            """
            update content.items set status = 'published', published_version = 1, first_published_at = now() where id = @item;
            insert into content.published (item_id, site_id, type, slug, title, published_on, updated_at, image_ids, download_ids,
                document, search_text, search, etag)
            select id, @site, type, slug, title, now(), now(), @imageIds, @downloadIds,
                '{}'::jsonb, title, to_tsvector('german', title), 'v1'
            from content.items where id = @item
            """, new { item, site, imageIds = imageIds ?? [], downloadIds = downloadIds ?? [] });
    }

    private static async Task<JsonElement> ProblemOf(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }
}
