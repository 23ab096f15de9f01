using System.IO.Compression;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Bezirksplattform.Content.Files;

/// <summary>What the first bytes of a file say it is, whatever its name and declared type claim.</summary>
internal enum DetectedFormat
{
    Unknown,
    Empty,
    Jpeg,
    Png,
    Gif,
    Webp,
    Pdf,
    Docx,
    Xlsx,
    Pptx,
    Odt,
    Ods,
    Zip,
    Text,
    Utf16Text,
    Markup,
    Executable,
}

/// <summary>An accepted file type: its extensions, the media type we store and serve, and the declared types that mean it.</summary>
internal sealed record AllowedFileType(FileKind Kind, DetectedFormat Format, string MediaType, string Label, string[] Extensions, string[] DeclaredAliases);

/// <summary>The verdict on an upload: the media type to store, or a German reason for refusing it.</summary>
internal sealed record SniffResult(string? MediaType, string? Problem)
{
    public bool Accepted => Problem is null;
}

/// <summary>
/// Content sniffing for uploads. A file is accepted only if its bytes are one of the allowed
/// formats of its kind, its extension names that same format, and its declared media type (if it
/// declares a specific one) agrees. The stored media type always comes from this table, never
/// from the client, so an executable renamed to report.pdf or an SVG posing as a PNG is refused.
/// </summary>
internal static class FileSniffer
{
    /// <summary>Text checks look at this much; magic numbers need far less.</summary>
    public const int SampleBytes = 64 * 1024;

    private static readonly string[] ZipAliases = ["application/zip", "application/x-zip-compressed"];

    public static readonly IReadOnlyList<AllowedFileType> Types =
    [
        new(FileKind.Image, DetectedFormat.Jpeg, "image/jpeg", "JPEG-Bild", [".jpg", ".jpeg"], ["image/jpg", "image/pjpeg"]),
        new(FileKind.Image, DetectedFormat.Png, "image/png", "PNG-Bild", [".png"], ["image/x-png"]),
        new(FileKind.Image, DetectedFormat.Webp, "image/webp", "WebP-Bild", [".webp"], []),
        new(FileKind.Image, DetectedFormat.Gif, "image/gif", "GIF-Bild", [".gif"], []),
        new(FileKind.Download, DetectedFormat.Pdf, "application/pdf", "PDF-Dokument", [".pdf"], ["application/x-pdf"]),
        new(FileKind.Download, DetectedFormat.Docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word-Dokument", [".docx"], ZipAliases),
        new(FileKind.Download, DetectedFormat.Xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel-Tabelle", [".xlsx"], ZipAliases),
        new(FileKind.Download, DetectedFormat.Pptx, "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint-Präsentation", [".pptx"], ZipAliases),
        new(FileKind.Download, DetectedFormat.Odt, "application/vnd.oasis.opendocument.text", "OpenDocument-Text", [".odt"], ZipAliases),
        new(FileKind.Download, DetectedFormat.Ods, "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument-Tabelle", [".ods"], ZipAliases),
        // Excel on Windows declares CSV files as application/vnd.ms-excel.
        new(FileKind.Download, DetectedFormat.Text, "text/csv", "CSV-Datei", [".csv"],
            ["application/csv", "text/comma-separated-values", "text/x-csv", "application/vnd.ms-excel"]),
        new(FileKind.Download, DetectedFormat.Text, "text/plain", "Textdatei", [".txt"], []),
    ];

    /// <summary>Declared types that claim nothing (curl's default, unknown to the browser): the bytes decide.</summary>
    private static readonly string[] Unspecific = ["application/octet-stream", "binary/octet-stream"];

    public static string AllowedExtensions(FileKind kind) =>
        string.Join(", ", Types.Where(t => t.Kind == kind).SelectMany(t => t.Extensions));

    public static SniffResult Check(FileKind kind, Stream content, string fileName, string? declaredMediaType)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        var type = Types.FirstOrDefault(t => t.Kind == kind && t.Extensions.Contains(extension));
        var kindName = kind == FileKind.Image ? "Bilder" : "Downloads";
        if (type is null)
            return Refuse(extension.Length == 0
                ? $"Der Dateiname braucht eine Endung. Erlaubt für {kindName}: {AllowedExtensions(kind)}."
                : $"Die Dateiendung „{extension}“ ist für {kindName} nicht erlaubt. Erlaubt: {AllowedExtensions(kind)}.");

        var detected = Detect(content);
        if (detected != type.Format)
            return Refuse($"Der Inhalt der Datei passt nicht zur Endung „{extension}“ ({type.Label}): erkannt wurde {Describe(detected)}.");

        var declared = DeclaredMediaType(declaredMediaType);
        if (declared is not null && !Unspecific.Contains(declared) && declared != type.MediaType && !type.DeclaredAliases.Contains(declared))
            return Refuse($"Der angegebene Inhaltstyp „{declared}“ passt nicht zur Datei ({type.Label}).");

        return new SniffResult(type.MediaType, null);
    }

    /// <summary>Reads the start of a seekable stream (and, for ZIP containers, its directory); leaves the position at 0.</summary>
    public static DetectedFormat Detect(Stream content)
    {
        if (!content.CanSeek) throw new ArgumentException("Sniffing needs a seekable stream.", nameof(content));
        content.Position = 0;
        var buffer = new byte[SampleBytes];
        var length = content.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        content.Position = 0;
        var sample = buffer.AsSpan(0, length);

        if (length == 0) return DetectedFormat.Empty;
        if (IsExecutable(sample)) return DetectedFormat.Executable;
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return DetectedFormat.Jpeg;
        if (sample.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A])) return DetectedFormat.Png;
        if (sample.StartsWith("GIF87a"u8) || sample.StartsWith("GIF89a"u8)) return DetectedFormat.Gif;
        if (length >= 12 && sample.StartsWith("RIFF"u8) && sample[8..12].SequenceEqual("WEBP"u8)) return DetectedFormat.Webp;
        if (sample.StartsWith("%PDF-"u8)) return DetectedFormat.Pdf;
        if (sample.StartsWith("PK\u0003\u0004"u8) || sample.StartsWith("PK\u0005\u0006"u8)) return ZipFormat(content);
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return DetectedFormat.Utf16Text;
        if (!IsText(sample)) return DetectedFormat.Unknown;
        return StartsWithMarkup(sample) ? DetectedFormat.Markup : DetectedFormat.Text;
    }

    public static string Describe(DetectedFormat format) => format switch
    {
        DetectedFormat.Empty => "eine leere Datei",
        DetectedFormat.Jpeg => "ein JPEG-Bild",
        DetectedFormat.Png => "ein PNG-Bild",
        DetectedFormat.Gif => "ein GIF-Bild",
        DetectedFormat.Webp => "ein WebP-Bild",
        DetectedFormat.Pdf => "ein PDF-Dokument",
        DetectedFormat.Docx => "ein Word-Dokument (DOCX)",
        DetectedFormat.Xlsx => "eine Excel-Tabelle (XLSX)",
        DetectedFormat.Pptx => "eine PowerPoint-Präsentation (PPTX)",
        DetectedFormat.Odt => "ein OpenDocument-Text (ODT)",
        DetectedFormat.Ods => "eine OpenDocument-Tabelle (ODS)",
        DetectedFormat.Zip => "ein ZIP-Archiv, aber kein erlaubtes Office-Dokument",
        DetectedFormat.Text => "Text",
        DetectedFormat.Utf16Text => "Text in UTF-16 (bitte als UTF-8 speichern)",
        DetectedFormat.Markup => "HTML, XML oder SVG",
        DetectedFormat.Executable => "ein ausführbares Programm oder Skript",
        _ => "ein unbekanntes Format",
    };

    private static SniffResult Refuse(string problem) => new(null, problem);

    /// <summary>"Text/CSV; charset=utf-8" → "text/csv"; null when nothing (or nothing readable) was declared.</summary>
    private static string? DeclaredMediaType(string? declared)
    {
        if (string.IsNullOrWhiteSpace(declared)) return null;
        return MediaTypeHeaderValue.TryParse(declared, out var parsed) && parsed.MediaType.HasValue
            ? parsed.MediaType.Value!.ToLowerInvariant()
            : declared.Trim().ToLowerInvariant();
    }

    private static bool IsExecutable(ReadOnlySpan<byte> sample) =>
        sample.StartsWith("MZ"u8)                                           // Windows PE (.exe, .dll)
        || sample.StartsWith((ReadOnlySpan<byte>)[0x7F, (byte)'E', (byte)'L', (byte)'F'])
        || sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xED, 0xFA, 0xCE]) || sample.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xED, 0xFA, 0xCF])
        || sample.StartsWith((ReadOnlySpan<byte>)[0xCE, 0xFA, 0xED, 0xFE]) || sample.StartsWith((ReadOnlySpan<byte>)[0xCF, 0xFA, 0xED, 0xFE])
        || sample.StartsWith((ReadOnlySpan<byte>)[0xCA, 0xFE, 0xBA, 0xBE])  // Mach-O universal, Java class
        || sample.StartsWith("#!"u8);                                       // script with an interpreter line

    /// <summary>
    /// OOXML and ODF are ZIP containers; which one is told by the parts inside (OOXML) or by the
    /// uncompressed <c>mimetype</c> entry (ODF). Only the directory and that one short entry are read.
    /// </summary>
    private static DetectedFormat ZipFormat(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.GetEntry("mimetype") is { } mimetype)
            {
                using var entry = mimetype.Open();
                var buffer = new byte[128];
                var read = entry.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                return Encoding.ASCII.GetString(buffer, 0, read).Trim() switch
                {
                    "application/vnd.oasis.opendocument.text" => DetectedFormat.Odt,
                    "application/vnd.oasis.opendocument.spreadsheet" => DetectedFormat.Ods,
                    _ => DetectedFormat.Zip,
                };
            }

            if (zip.GetEntry("[Content_Types].xml") is null) return DetectedFormat.Zip;
            if (zip.GetEntry("word/document.xml") is not null) return DetectedFormat.Docx;
            if (zip.GetEntry("xl/workbook.xml") is not null) return DetectedFormat.Xlsx;
            if (zip.GetEntry("ppt/presentation.xml") is not null) return DetectedFormat.Pptx;
            return DetectedFormat.Zip;
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException or IOException)
        {
            return DetectedFormat.Unknown; // a damaged archive is no document we accept
        }
        finally
        {
            content.Position = 0;
        }
    }

    /// <summary>
    /// UTF-8 or an 8-bit code page (Excel's German CSV export is Windows-1252): no control
    /// characters other than tab, line breaks, form feed and the old end-of-file mark.
    /// </summary>
    private static bool IsText(ReadOnlySpan<byte> sample)
    {
        foreach (var b in sample)
        {
            if (b >= 0x20 && b != 0x7F) continue;
            if (b is (byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C or 0x1A) continue;
            return false;
        }

        return true;
    }

    /// <summary>Text whose first character opens a tag (HTML, SVG, XML) is markup a browser might render.</summary>
    private static bool StartsWithMarkup(ReadOnlySpan<byte> sample)
    {
        if (sample.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) sample = sample[3..];
        var start = sample.IndexOfAnyExcept(" \t\r\n\f"u8);
        if (start < 0 || sample[start] != '<' || start + 1 >= sample.Length) return false;
        var next = sample[start + 1];
        return next is (byte)'!' or (byte)'?' or (byte)'/' || char.IsAsciiLetter((char)next);
    }
}
