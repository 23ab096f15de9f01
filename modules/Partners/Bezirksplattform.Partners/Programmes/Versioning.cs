using Bezirksplattform.BuildingBlocks.Errors;
using Microsoft.AspNetCore.Http;

namespace Bezirksplattform.Partners.Programmes;

/// <summary>Optimistic concurrency of the programmes records: the row's version is the ETag; If-Match names it.</summary>
internal static class Versioning
{
    public static string ETagOf(int version) => $"\"{version}\"";

    /// <summary>The version named by If-Match (or, failing that, by the body); 400 when the header is malformed.</summary>
    public static int? Expected(HttpContext http, int? bodyVersion = null)
    {
        var header = http.Request.Headers.IfMatch.ToString();
        if (header.Length == 0) return bodyVersion;
        return int.TryParse(header.Replace("W/", "").Trim('"', ' '), out var version)
            ? version
            : throw new FieldProblemException("If-Match", "Erwartet wird die Version als ETag, z. B. \"3\".");
    }

    /// <summary>Like <see cref="Expected"/>, but a change must name the version it was based on.</summary>
    public static int Required(HttpContext http, int? bodyVersion = null) =>
        Expected(http, bodyVersion) ?? throw new FieldProblemException("If-Match", "Beim Ändern die Version angeben (Kopfzeile If-Match oder Feld version).");

    public static IResult Ok<T>(HttpContext http, T value, int version)
    {
        http.Response.Headers.ETag = ETagOf(version);
        return Results.Ok(value);
    }

    public static IResult Created<T>(HttpContext http, string location, T value, int version)
    {
        http.Response.Headers.ETag = ETagOf(version);
        return Results.Created(location, value);
    }

    /// <summary>412 when the stored version is not the one the change was based on.</summary>
    public static void Check(int stored, int? expected)
    {
        if (expected is { } e && e != stored)
            throw new PreconditionFailedException($"Der Eintrag wurde inzwischen geändert (Version {stored}, Ihre Vorlage: {e}). Bitte neu laden.");
    }
}
