using System.Security.Cryptography;
using System.Text;

namespace Bezirksplattform.Content.Webhooks;

/// <summary>
/// Signing as the Standard Webhooks specification defines it, so receivers can verify with any
/// of its libraries: HMAC-SHA256 over "{webhook-id}.{webhook-timestamp}.{body}", keyed with the
/// base64-decoded part of the secret after "whsec_", sent as "v1,{base64}".
/// </summary>
internal static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    /// <summary>A new secret: "whsec_" and 32 random bytes in base64.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static byte[] KeyOf(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);

    public static string Sign(string secret, string webhookId, long timestamp, string body)
    {
        var signed = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.{body}");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(KeyOf(secret), signed));
    }

    /// <summary>
    /// The webhook-signature header: one "v1,…" per secret, separated by spaces (the
    /// specification's form for key rotation: a receiver accepts if any one matches).
    /// </summary>
    public static string Header(IEnumerable<string> secrets, string webhookId, long timestamp, string body) =>
        string.Join(' ', secrets.Select(secret => Sign(secret, webhookId, timestamp, body)));
}
