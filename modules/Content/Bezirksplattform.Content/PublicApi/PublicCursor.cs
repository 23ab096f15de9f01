using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bezirksplattform.Content.PublicApi;

/// <summary>
/// An opaque keyset position: the sort key of the last item shown plus its id, and a fingerprint of
/// the filters and sort it belongs to. base64url of JSON with a checksum, so an edited cursor is
/// refused with a 400 instead of being read as something else. (The checksum needs no secret: a
/// forged cursor can only point into the same public list.)
/// </summary>
internal sealed record PublicCursor(
    [property: JsonPropertyName("s")] string Sort,
    [property: JsonPropertyName("t")] long? Ticks,
    [property: JsonPropertyName("n")] string? Title,
    [property: JsonPropertyName("r")] float? Rank,
    [property: JsonPropertyName("i")] Guid Id,
    [property: JsonPropertyName("f")] string Fingerprint)
{
    private const int ChecksumLength = 8;
    private static readonly byte[] Context = "bezirksplattform-cursor-v1:"u8.ToArray();
    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public DateTimeOffset? PublishedOn => Ticks is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public string Encode()
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(this, Json);
        return Base64Url.EncodeToString([.. payload, .. Checksum(payload)]);
    }

    public static PublicCursor Decode(string text, IReadOnlyList<string> parameters)
    {
        PublicCursor? cursor = null;
        try
        {
            if (text.Length <= 2000)
            {
                var bytes = Base64Url.DecodeFromChars(text.Trim());
                if (bytes.Length > ChecksumLength)
                {
                    var payload = bytes[..^ChecksumLength];
                    if (CryptographicOperations.FixedTimeEquals(Checksum(payload), bytes[^ChecksumLength..]))
                        cursor = JsonSerializer.Deserialize<PublicCursor>(payload, Json);
                }
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException)
        {
            cursor = null;
        }

        var valid = cursor is not null && cursor.Id != Guid.Empty && cursor.Sort is { Length: > 0 } && cursor.Fingerprint is { Length: > 0 }
            && cursor.Sort switch
            {
                "publishedAt" or "-publishedAt" => cursor.Ticks is >= 0 and <= 3155378975999999999,
                "title" or "-title" => cursor.Title is { Length: <= 300 } title && !title.Any(char.IsControl),
                "relevance" => cursor.Rank is { } rank && float.IsFinite(rank),
                _ => false,
            };
        if (!valid) throw PublicQueryProblem.For("cursor", "Ungültiger Cursor. Erlaubt: nextCursor aus einer Antwort, unverändert.", parameters);
        return cursor!;
    }

    /// <summary>A short hash of the query a cursor belongs to (filters and sort, not paging or fields).</summary>
    public static string FingerprintOf(params object?[] parts)
    {
        var text = string.Join('\u001f', parts.Select(p => p switch
        {
            null => "",
            string[] list => string.Join(',', list),
            DateTimeOffset instant => instant.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => Convert.ToString(p, System.Globalization.CultureInfo.InvariantCulture),
        }));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
    }

    private static byte[] Checksum(ReadOnlySpan<byte> payload) => SHA256.HashData([.. Context, .. payload])[..ChecksumLength];
}
