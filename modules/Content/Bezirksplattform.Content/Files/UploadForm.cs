using System.Globalization;
using Bezirksplattform.BuildingBlocks.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Bezirksplattform.Content.Files;

/// <summary>
/// Reads an upload's multipart/form-data body: the file in field <c>file</c>, metadata in text
/// fields. Fields that cannot be read are collected and refused together, each by name.
/// </summary>
internal sealed class UploadForm
{
    private readonly IFormCollection _form;
    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);

    private UploadForm(IFormCollection form) => _form = form;

    public static async Task<UploadForm> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw new ProblemException(StatusCodes.Status415UnsupportedMediaType, "Nicht unterstützter Inhaltstyp",
                "Erwartet wird Content-Type: multipart/form-data mit der Datei im Feld file.");

        try
        {
            return new UploadForm(await request.ReadFormAsync(ct));
        }
        // A body over the limit stays a 413 (BadHttpRequestException is an IOException too).
        catch (Exception e) when (e is InvalidDataException or IOException and not BadHttpRequestException
                                  && !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            throw new ProblemException(StatusCodes.Status400BadRequest, "Die Anfrage ist ungültig.",
                "Das Formular (multipart/form-data) ist unvollständig oder beschädigt.");
        }
    }

    public UploadedFile? File => _form.Files.GetFile("file") is { } file ? UploadedFile.From(file) : null;

    /// <summary>A text field, trimmed; null when missing or blank.</summary>
    public string? Text(string name) => FileMetadataValidator.Clean(_form[name].FirstOrDefault());

    /// <summary>A yes/no field such as a checkbox: true, on, 1, yes, ja; missing or blank is false.</summary>
    public bool Flag(string name)
    {
        var value = Text(name)?.ToLowerInvariant();
        switch (value)
        {
            case null or "false" or "off" or "0" or "no" or "nein":
                return false;
            case "true" or "on" or "1" or "yes" or "ja":
                return true;
            default:
                _errors[name] = ["Erwartet wird true oder false."];
                return false;
        }
    }

    /// <summary>A decimal field; a decimal comma is read like a point.</summary>
    public decimal? Number(string name)
    {
        var value = Text(name);
        if (value is null) return null;
        if (decimal.TryParse(value.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture, out var number)) return number;
        _errors[name] = ["Erwartet wird eine Zahl, z. B. 0.5."];
        return null;
    }

    public void ThrowIfInvalid()
    {
        if (_errors.Count == 0) return;
        throw new ProblemException(StatusCodes.Status400BadRequest, "Die Anfrage ist ungültig.",
            "Mindestens ein Feld ist ungültig: " + string.Join(", ", _errors.Keys) + ".", _errors);
    }
}
