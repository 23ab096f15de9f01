using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bezirksplattform.Reporting.Documents;

/// <summary>
/// The one canonical serialisation of a <see cref="ReportDocument"/>: the snapshot stores exactly these
/// bytes and hashes them. Options are fixed here (never the host's JSON settings) so that a change of
/// web conventions cannot change what an old hash means. Property order is the record order.
/// </summary>
internal static class ReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        // Umlauts stay readable in the download; the encoder is deterministic either way.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.Strict,
        Converters = { new InstantConverter(), new DateConverter() },
    };

    public static byte[] Serialize(ReportDocument document) => JsonSerializer.SerializeToUtf8Bytes(document, Options);

    public static ReportDocument Deserialize(byte[] bytes) =>
        JsonSerializer.Deserialize<ReportDocument>(bytes, Options) ?? throw new InvalidDataException("Empty report snapshot.");

    /// <summary>SHA-256 of the bytes, lower-case hex: the snapshot's content hash.</summary>
    public static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The content hash of a document: the hash of its canonical bytes (a snapshot read back re-serialises to the same bytes).</summary>
    public static string ContentHash(ReportDocument document) => Hash(Serialize(document));

    private sealed class InstantConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
    }

    private sealed class DateConverter : JsonConverter<DateOnly>
    {
        public override DateOnly Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateOnly.ParseExact(reader.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateOnly value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
    }
}
