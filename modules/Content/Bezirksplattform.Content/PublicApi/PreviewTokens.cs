using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using Bezirksplattform.BuildingBlocks.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace Bezirksplattform.Content.PublicApi;

/// <summary>
/// Short-lived tokens that let a draft be seen through the public API: item id and expiry, signed
/// with HMAC-SHA256 (key <c>Content:PreviewSigningKey</c>). Outside Production a missing key is
/// replaced by a random one per process (tokens then die with the process and work only on the
/// host that issued them); in Production the host refuses to start without one.
/// </summary>
internal sealed class PreviewTokens
{
    private const int PayloadLength = 16 + 8;
    private readonly byte[] _key;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _lifetime;

    public PreviewTokens(PublicApiOptions options, IHostEnvironment environment, TimeProvider clock)
    {
        _clock = clock;
        _lifetime = options.PreviewTokenLifetime > TimeSpan.Zero ? options.PreviewTokenLifetime : TimeSpan.FromMinutes(15);
        _key = options.PreviewKeyBytes() ?? (environment.IsProduction()
            ? throw new InvalidOperationException(
                "Content:PreviewSigningKey is not set (or shorter than 32 bytes). Production needs a fixed key for preview tokens, e.g. from `openssl rand -base64 48`.")
            : PublicApiOptions.RandomKey());
    }

    public (string Token, DateTimeOffset ExpiresAt) Issue(Guid itemId)
    {
        var expiresAt = _clock.GetUtcNow().Add(_lifetime);
        var payload = new byte[PayloadLength];
        itemId.TryWriteBytes(payload.AsSpan(0, 16));
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(16), expiresAt.ToUnixTimeSeconds());
        return (Base64Url.EncodeToString([.. payload, .. HMACSHA256.HashData(_key, payload)]), DateTimeOffset.FromUnixTimeSeconds(expiresAt.ToUnixTimeSeconds()));
    }

    /// <summary>Throws 401 for a missing or expired token, 403 for one that is forged, altered or for another item.</summary>
    public void Verify(string? token, Guid itemId)
    {
        if (string.IsNullOrWhiteSpace(token))
            throw new ProblemException(StatusCodes.Status401Unauthorized, "Anmeldung erforderlich", "Für die Vorschau ist ein Vorschau-Token nötig (Parameter token).");
        byte[] bytes;
        try
        {
            bytes = token.Length <= 200 ? Base64Url.DecodeFromChars(token.Trim()) : [];
        }
        catch (FormatException)
        {
            bytes = [];
        }

        if (bytes.Length != PayloadLength + 32
            || !CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, bytes.AsSpan(0, PayloadLength)), bytes.AsSpan(PayloadLength)))
            throw new ProblemException(StatusCodes.Status403Forbidden, "Keine Berechtigung", "Das Vorschau-Token ist ungültig.");
        if (new Guid(bytes.AsSpan(0, 16)) != itemId)
            throw new ProblemException(StatusCodes.Status403Forbidden, "Keine Berechtigung", "Das Vorschau-Token gilt für einen anderen Inhalt.");
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(16, 8)));
        if (_clock.GetUtcNow() >= expiresAt)
            throw new ProblemException(StatusCodes.Status401Unauthorized, "Anmeldung erforderlich", "Das Vorschau-Token ist abgelaufen. Bitte in der Redaktion ein neues erzeugen.");
    }
}
