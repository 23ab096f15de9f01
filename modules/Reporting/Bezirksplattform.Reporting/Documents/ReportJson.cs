using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Bezirksplattform.BuildingBlocks.Http;

namespace Bezirksplattform.Reporting.Documents;

/// <summary>
/// The one canonical JSON form of a <see cref="ReportDocument"/>: fixed options (platform
/// conventions, not indented, umlauts unescaped), so the same document always gives the same
/// bytes and therefore the same content hash.
/// </summary>
internal static class ReportJson
{
    private static readonly JsonSerializerOptions Options = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = PlatformJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));
        options.WriteIndented = false;
        // Readable German text in the file; HTML-sensitive characters stay escaped.
        options.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    public static byte[] Serialize(ReportDocument document) => JsonSerializer.SerializeToUtf8Bytes(document, Options);

    public static ReportDocument Deserialize(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<ReportDocument>(json, Options) ?? throw new JsonException("Leeres Berichtsdokument.");

    /// <summary>Lower-case hex SHA-256 of the canonical bytes: the snapshot's content hash.</summary>
    public static string ContentHash(ReportDocument document) => Convert.ToHexStringLower(SHA256.HashData(Serialize(document)));
}
