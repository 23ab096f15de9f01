using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Bezirksplattform.Coaching.Calendar;

/// <summary>
/// Secret feed tokens: 256 random bits, base64url. Only the SHA-256 is stored, so a database leak
/// reveals no working address, and the lookup by hash compares nothing byte by byte in our code.
/// </summary>
internal static class FeedTokens
{
    public const int Length = 43;

    public static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token));

    /// <summary>Whether the text can be a token at all: anything else is not looked up.</summary>
    public static bool IsWellFormed(string? token) =>
        token is { Length: Length } && token.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    public static string FeedPath(string token) => $"/api/public/v1/coaching/feeds/{token}.ics";
}
