using Bezirksplattform.BuildingBlocks.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bezirksplattform.Coaching.Editing;

/// <summary>
/// Optimistic concurrency of the coaching setup: the client names the version it edited
/// (If-Match: "3", or the body's <c>version</c>); a change by someone else in between is a 412.
/// </summary>
internal static class Versions
{
    public const string Missing = "Beim Ändern die Version angeben (Feld version oder Kopfzeile If-Match).";

    public static string ETag(int version) => $"\"{version}\"";

    /// <summary>The version the client edited: the If-Match header wins over the body.</summary>
    public static int? Expected(HttpContext http, int? bodyVersion)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (ifMatch.Length == 0) return bodyVersion;
        return int.TryParse(ifMatch.Replace("W/", "", StringComparison.Ordinal).Trim('"', ' '), out var version)
            ? version
            : throw new FieldProblemException("If-Match", "Erwartet wird die Version als ETag, z. B. \"3\".");
    }

    /// <summary>A missing version is a 400 (the client must say what it edited), a stale one a 412.</summary>
    public static void Check(int current, int? expected)
    {
        if (expected is null) throw new FieldProblemException("version", Missing);
        if (current != expected)
            throw new PreconditionFailedException($"Der Eintrag wurde inzwischen geändert (Version {current}, Ihre Vorlage: {expected}). Bitte neu laden.");
    }

    /// <summary>A record with its version as ETag: 200, or 201 with its address after a create.</summary>
    public static IResult Answer<T>(HttpContext http, T view, int version, string? createdAt = null)
    {
        http.Response.Headers.ETag = ETag(version);
        return createdAt is null ? Results.Ok(view) : Results.Created(createdAt, view);
    }

    /// <summary>What an update endpoint answers besides the record: 400, 403, 404, 412.</summary>
    public static RouteHandlerBuilder ProducesUpdate<T>(this RouteHandlerBuilder endpoint) =>
        endpoint.Produces<T>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status412PreconditionFailed);
}
