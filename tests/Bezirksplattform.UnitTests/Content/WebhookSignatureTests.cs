using System.Net;
using Bezirksplattform.Content.Webhooks;

namespace Bezirksplattform.UnitTests.Content;

public sealed class WebhookSignatureTests
{
    // The published test vector of the Standard Webhooks specification (also in Svix's docs):
    // matching it means receivers can verify our deliveries with any of its libraries.
    private const string VectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string VectorId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long VectorTimestamp = 1614265330;
    private const string VectorBody = """{"test": 2432232314}""";
    private const string VectorSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void Signature_matches_the_Standard_Webhooks_test_vector()
    {
        Assert.Equal(VectorSignature, WebhookSignature.Sign(VectorSecret, VectorId, VectorTimestamp, VectorBody));
    }

    [Fact]
    public void Signature_changes_with_id_timestamp_or_body()
    {
        Assert.NotEqual(VectorSignature, WebhookSignature.Sign(VectorSecret, "msg_other", VectorTimestamp, VectorBody));
        Assert.NotEqual(VectorSignature, WebhookSignature.Sign(VectorSecret, VectorId, VectorTimestamp + 1, VectorBody));
        Assert.NotEqual(VectorSignature, WebhookSignature.Sign(VectorSecret, VectorId, VectorTimestamp, """{"test": 2432232315}"""));
    }

    [Fact]
    public void During_a_rotation_the_header_carries_one_signature_per_secret_separated_by_a_space()
    {
        var other = WebhookSignature.NewSecret();

        var header = WebhookSignature.Header([other, VectorSecret], VectorId, VectorTimestamp, VectorBody);

        Assert.Equal([WebhookSignature.Sign(other, VectorId, VectorTimestamp, VectorBody), VectorSignature], header.Split(' '));
    }

    [Fact]
    public void New_secrets_are_whsec_and_32_random_bytes()
    {
        var secret = WebhookSignature.NewSecret();

        Assert.StartsWith("whsec_", secret);
        Assert.Equal(32, WebhookSignature.KeyOf(secret).Length);
        Assert.NotEqual(secret, WebhookSignature.NewSecret());
    }
}

public sealed class WebhookAddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.8.9.10")]
    [InlineData("10.0.0.5")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("64:ff9b::a00:1")]       // NAT64 of 10.0.0.1
    [InlineData("2002:c0a8:101::1")]     // 6to4 of 192.168.1.1
    [InlineData("2001:db8::1")]
    public void Private_loopback_link_local_and_reserved_addresses_are_not_public(string address)
    {
        Assert.False(WebhookAddressGuard.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("193.99.144.80")]
    [InlineData("2a00:1450:4001:80b::200e")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]     // NAT64 of 8.8.8.8
    public void Public_addresses_are_public(string address)
    {
        Assert.True(WebhookAddressGuard.IsPublic(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("https://www.example.de/hooks/inhalte", false, true)]
    [InlineData("http://www.example.de:8080/hooks", false, true)]
    [InlineData("http://127.0.0.1:5000/hooks", false, false)]
    [InlineData("http://127.0.0.1:5000/hooks", true, true)]
    [InlineData("http://localhost/hooks", false, false)]
    [InlineData("http://api.localhost/hooks", false, false)]
    [InlineData("http://[::1]/hooks", false, false)]
    [InlineData("http://[fd00::1]/hooks", false, false)]
    [InlineData("http://0x7f000001/hooks", false, false)]   // 127.0.0.1 written in hex
    [InlineData("http://2130706433/hooks", false, false)]   // 127.0.0.1 as one number
    [InlineData("ftp://www.example.de/", false, false)]
    [InlineData("/hooks", false, false)]
    [InlineData("www.example.de/hooks", false, false)]
    [InlineData("https://user:secret@www.example.de/", false, false)]
    [InlineData("https://www.example.de/#anker", false, false)]
    public void Urls_are_checked_for_scheme_and_address(string url, bool allowPrivate, bool accepted)
    {
        Assert.Equal(accepted, WebhookAddressGuard.Problem(url, allowPrivate) is null);
    }
}

public sealed class ContentWebhookOptionsTests
{
    [Fact]
    public void Default_retries_make_ten_attempts_spanning_more_than_a_day()
    {
        var options = new ContentWebhookOptions();
        var span = Enumerable.Range(1, options.MaxAttempts - 1).Aggregate(TimeSpan.Zero, (sum, n) => sum + options.DelayAfter(n));

        Assert.Equal(10, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(30), options.DelayAfter(1));
        Assert.True(span > TimeSpan.FromHours(24), $"retries span only {span}");
        Assert.True(options.Lease > options.Timeout);
    }
}
