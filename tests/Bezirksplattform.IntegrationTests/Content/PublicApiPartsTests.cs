using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Content.Features.PublicListChanges;
using Bezirksplattform.Content.PublicApi;
using Bezirksplattform.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;

namespace Bezirksplattform.IntegrationTests.Content;

/// <summary>The public API's pieces without a host: preview tokens, conditional requests, change tokens.</summary>
public sealed class PublicApiPartsTests
{
    private sealed class Environment(string name) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = name;
        public string ApplicationName { get; set; } = "Bezirksplattform";
        public string ContentRootPath { get; set; } = "/";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }

    private const string Key = "ein-geheimer-vorschauschluessel-mit-mindestens-32-bytes";

    [Fact]
    public void Production_refuses_to_run_without_a_preview_signing_key()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new PreviewTokens(new PublicApiOptions(), new Environment("Production"), new TestClock()));
        Assert.Contains("Content:PreviewSigningKey", error.Message);
        Assert.Throws<InvalidOperationException>(() => new PreviewTokens(new PublicApiOptions { PreviewSigningKey = "zu-kurz" }, new Environment("Production"), new TestClock()));
        _ = new PreviewTokens(new PublicApiOptions { PreviewSigningKey = Key }, new Environment("Production"), new TestClock());
        _ = new PreviewTokens(new PublicApiOptions(), new Environment("Development"), new TestClock()); // random key
    }

    [Fact]
    public void A_preview_token_is_bound_to_its_item_its_key_and_its_lifetime()
    {
        var clock = new TestClock();
        var tokens = new PreviewTokens(new PublicApiOptions { PreviewSigningKey = Key }, new Environment("Production"), clock);
        var item = Guid.NewGuid();
        var (token, expiresAt) = tokens.Issue(item);
        Assert.Equal(clock.GetUtcNow().AddMinutes(15), expiresAt);
        tokens.Verify(token, item);

        Assert.Equal(403, Assert.Throws<ProblemException>(() => tokens.Verify(token, Guid.NewGuid())).Status);
        var otherKey = new PreviewTokens(new PublicApiOptions { PreviewSigningKey = Key + "-anders" }, new Environment("Production"), clock);
        Assert.Equal(403, Assert.Throws<ProblemException>(() => otherKey.Verify(token, item)).Status);
        Assert.Equal(403, Assert.Throws<ProblemException>(() => tokens.Verify("kein+base64url!", item)).Status);
        Assert.Equal(401, Assert.Throws<ProblemException>(() => tokens.Verify(null, item)).Status);

        clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(401, Assert.Throws<ProblemException>(() => tokens.Verify(token, item)).Status);
    }

    [Theory]
    [InlineData("\"abc\"", null, true)]
    [InlineData("W/\"abc\"", null, true)]
    [InlineData("\"x\", \"abc\"", null, true)]
    [InlineData("*", null, true)]
    [InlineData("\"x\"", "Sun, 22 Nov 2026 10:00:00 GMT", false)]
    [InlineData(null, "Sun, 22 Nov 2026 10:00:00 GMT", true)]
    [InlineData(null, "Sun, 22 Nov 2026 09:59:59 GMT", false)]
    [InlineData(null, "kein Datum", false)]
    [InlineData(null, null, false)]
    public void If_none_match_takes_precedence_over_if_modified_since(string? ifNoneMatch, string? ifModifiedSince, bool notModified)
    {
        var request = new DefaultHttpContext().Request;
        if (ifNoneMatch is not null) request.Headers.IfNoneMatch = ifNoneMatch;
        if (ifModifiedSince is not null) request.Headers.IfModifiedSince = ifModifiedSince;
        var lastModified = new DateTimeOffset(2026, 11, 22, 10, 0, 0, 400, TimeSpan.Zero); // sub-second part is ignored
        Assert.Equal(notModified, PublicHttp.NotModified(request, "\"abc\"", lastModified));
    }

    [Fact]
    public void A_change_token_round_trips_and_an_edited_one_is_refused()
    {
        Assert.Equal(0, ChangeToken.Decode(null));
        Assert.Equal(12345, ChangeToken.Decode(ChangeToken.Encode(12345)));
        var token = ChangeToken.Encode(12345);
        var edited = (token[0] == 'A' ? "B" : "A") + token[1..];
        Assert.Equal(400, Assert.Throws<PublicQueryProblem>(() => ChangeToken.Decode(edited)).Status);
    }
}
