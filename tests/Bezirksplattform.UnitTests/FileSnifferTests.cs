using System.IO.Compression;
using System.Text;
using Bezirksplattform.Content.Files;

namespace Bezirksplattform.UnitTests;

/// <summary>Content's upload sniffing: the bytes decide, and name and declared type must agree with them.</summary>
public sealed class FileSnifferTests
{
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01];
    private static readonly byte[] Gif = "GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;"u8.ToArray();
    private static readonly byte[] Webp = [.. "RIFF"u8, 0x1A, 0, 0, 0, .. "WEBPVP8L"u8, 0x0D, 0, 0, 0, 0x2F, 0, 0, 0];
    private static readonly byte[] Pdf = "%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"u8.ToArray();
    private static readonly byte[] Exe = [.. "MZ"u8, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, .. "This program cannot be run in DOS mode."u8];
    private static readonly byte[] Elf = [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0];
    private static readonly byte[] Svg = """<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"""u8.ToArray();
    private static readonly byte[] Html = "  <!DOCTYPE html><html><body><script>alert(1)</script></body></html>"u8.ToArray();
    private static readonly byte[] Csv = "Bezirk;Anzahl\nMitte;12\nPankow;7\n"u8.ToArray();

    private static SniffResult Check(FileKind kind, byte[] bytes, string fileName, string? declared = null) =>
        FileSniffer.Check(kind, new MemoryStream(bytes), fileName, declared);

    private static void Accepted(SniffResult result, string mediaType)
    {
        Assert.True(result.Accepted, result.Problem);
        Assert.Equal(mediaType, result.MediaType);
    }

    private static string Refused(SniffResult result)
    {
        Assert.False(result.Accepted);
        Assert.Null(result.MediaType);
        return result.Problem!;
    }

    [Fact]
    public void Each_allowed_image_format_is_recognised_by_its_bytes()
    {
        Accepted(Check(FileKind.Image, Png, "logo.png", "image/png"), "image/png");
        Accepted(Check(FileKind.Image, Jpeg, "Foto.JPG", "image/jpeg"), "image/jpeg");
        Accepted(Check(FileKind.Image, Jpeg, "foto.jpeg", "image/pjpeg"), "image/jpeg");
        Accepted(Check(FileKind.Image, Gif, "bewegt.gif", "image/gif"), "image/gif");
        Accepted(Check(FileKind.Image, Webp, "modern.webp", "image/webp"), "image/webp");
    }

    [Fact]
    public void Each_allowed_download_format_is_recognised_by_its_bytes()
    {
        Accepted(Check(FileKind.Download, Pdf, "bericht.pdf", "application/pdf"), "application/pdf");
        Accepted(Check(FileKind.Download, Ooxml("word/document.xml"), "antrag.docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
        Accepted(Check(FileKind.Download, Ooxml("xl/workbook.xml"), "zahlen.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        Accepted(Check(FileKind.Download, Ooxml("ppt/presentation.xml"), "folien.pptx", "application/zip"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation");
        Accepted(Check(FileKind.Download, Odf("application/vnd.oasis.opendocument.text"), "brief.odt"), "application/vnd.oasis.opendocument.text");
        Accepted(Check(FileKind.Download, Odf("application/vnd.oasis.opendocument.spreadsheet"), "liste.ods"), "application/vnd.oasis.opendocument.spreadsheet");
        Accepted(Check(FileKind.Download, Csv, "zahlen.csv", "text/csv; charset=utf-8"), "text/csv");
        Accepted(Check(FileKind.Download, Csv, "zahlen.csv", "application/vnd.ms-excel"), "text/csv");
        Accepted(Check(FileKind.Download, "Hinweise zur Anmeldung\r\n"u8.ToArray(), "hinweise.txt", "text/plain"), "text/plain");
    }

    [Fact]
    public void An_executable_renamed_to_pdf_is_refused_whatever_it_declares()
    {
        Assert.Contains("ausführbares Programm", Refused(Check(FileKind.Download, Exe, "report.pdf", "application/pdf")));
        Assert.Contains("ausführbares Programm", Refused(Check(FileKind.Download, Exe, "report.pdf", "application/octet-stream")));
        Assert.Contains("ausführbares Programm", Refused(Check(FileKind.Download, Elf, "liste.txt", "text/plain")));
        Assert.Contains("ausführbares Programm", Refused(Check(FileKind.Download, "#!/bin/sh\nrm -rf /\n"u8.ToArray(), "hinweise.txt")));
        Assert.Contains("„.exe“", Refused(Check(FileKind.Download, Exe, "setup.exe", "application/octet-stream")));
    }

    [Fact]
    public void Html_and_svg_posing_as_an_image_or_text_are_refused()
    {
        Assert.Contains("HTML, XML oder SVG", Refused(Check(FileKind.Image, Svg, "logo.png", "image/png")));
        Assert.Contains("HTML, XML oder SVG", Refused(Check(FileKind.Image, Html, "foto.jpg", "image/jpeg")));
        Assert.Contains("„.svg“", Refused(Check(FileKind.Image, Svg, "logo.svg", "image/svg+xml")));
        Assert.Contains("HTML, XML oder SVG", Refused(Check(FileKind.Download, Html, "seite.txt", "text/plain")));
        Assert.Contains("HTML, XML oder SVG", Refused(Check(FileKind.Download, [0xEF, 0xBB, 0xBF, .. Html], "seite.csv", "text/csv")));
    }

    [Fact]
    public void Bytes_of_one_allowed_format_under_the_name_of_another_are_refused()
    {
        Assert.Contains("PNG-Bild", Refused(Check(FileKind.Image, Png, "foto.jpg", "image/jpeg")));
        Assert.Contains("PDF-Dokument", Refused(Check(FileKind.Download, Pdf, "antrag.docx")));
        Assert.Contains("Excel-Tabelle", Refused(Check(FileKind.Download, Ooxml("xl/workbook.xml"), "antrag.docx")));
        Assert.Contains("ZIP-Archiv", Refused(Check(FileKind.Download, Ooxml(null), "antrag.docx")));
        Assert.Contains("ZIP-Archiv", Refused(Check(FileKind.Download, Odf("application/vnd.oasis.opendocument.presentation"), "folien.odt")));
    }

    [Fact]
    public void A_declared_type_that_disagrees_with_the_file_is_refused_but_an_unspecific_one_is_not()
    {
        Assert.Contains("„image/gif“", Refused(Check(FileKind.Image, Png, "logo.png", "image/gif")));
        Assert.Contains("„text/html“", Refused(Check(FileKind.Download, Csv, "zahlen.csv", "text/html")));
        Assert.Contains("„image/png“", Refused(Check(FileKind.Download, Pdf, "bericht.pdf", "image/png")));
        Accepted(Check(FileKind.Image, Png, "logo.png", "application/octet-stream"), "image/png");
        Accepted(Check(FileKind.Image, Png, "logo.png", null), "image/png");
        Accepted(Check(FileKind.Image, Png, "logo.png", "IMAGE/PNG"), "image/png");
    }

    [Fact]
    public void Kinds_keep_to_their_own_formats()
    {
        Assert.Contains("für Bilder nicht erlaubt", Refused(Check(FileKind.Image, Pdf, "bericht.pdf", "application/pdf")));
        Assert.Contains("für Downloads nicht erlaubt", Refused(Check(FileKind.Download, Png, "logo.png", "image/png")));
        Assert.Contains("braucht eine Endung", Refused(Check(FileKind.Download, Pdf, "bericht", "application/pdf")));
    }

    [Fact]
    public void Binary_junk_damaged_archives_empty_files_and_utf16_text_are_refused()
    {
        Assert.Contains("unbekanntes Format", Refused(Check(FileKind.Download, [0x00, 0x01, 0x02, 0x03, 0xFF], "daten.csv")));
        Assert.Contains("unbekanntes Format", Refused(Check(FileKind.Download, [.. "PK\u0003\u0004"u8, 0x14, 0x00, 0x00], "kaputt.docx")));
        Assert.Contains("leere Datei", Refused(Check(FileKind.Download, [], "leer.txt")));
        Assert.Contains("UTF-16", Refused(Check(FileKind.Download, [0xFF, 0xFE, (byte)'a', 0, (byte)'b', 0], "liste.csv")));
    }

    [Fact]
    public void Text_in_an_8_bit_code_page_counts_as_text_and_the_stream_is_left_at_its_start()
    {
        var windows1252 = Encoding.Latin1.GetBytes("Straße;Größe\nMüllerstraße;5\n");
        var stream = new MemoryStream(windows1252);
        Assert.Equal(DetectedFormat.Text, FileSniffer.Detect(stream));
        Assert.Equal(0, stream.Position);

        var docx = new MemoryStream(Ooxml("word/document.xml"));
        Assert.Equal(DetectedFormat.Docx, FileSniffer.Detect(docx));
        Assert.Equal(0, docx.Position);
    }

    /// <summary>An OOXML package: [Content_Types].xml plus the main part (none: a plain ZIP with that file).</summary>
    private static byte[] Ooxml(string? mainPart)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Write(zip, "[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            Write(zip, "_rels/.rels", "<Relationships/>");
            if (mainPart is not null) Write(zip, mainPart, "<root/>");
        }

        return buffer.ToArray();
    }

    /// <summary>An ODF package: the uncompressed mimetype entry first, as the standard asks.</summary>
    private static byte[] Odf(string mimetype)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("mimetype", CompressionLevel.NoCompression);
            using (var stream = entry.Open()) stream.Write(Encoding.ASCII.GetBytes(mimetype));
            Write(zip, "content.xml", "<office:document-content/>");
        }

        return buffer.ToArray();
    }

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(text));
    }
}
