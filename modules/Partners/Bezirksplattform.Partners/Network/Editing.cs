using Bezirksplattform.BuildingBlocks.Errors;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bezirksplattform.Partners.Network;

/// <summary>
/// Optimistic concurrency of the partner network's editable records: the client names the version
/// it edited (If-Match: "3", or the body's <c>version</c>); a change by someone else in between is a 412.
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
        return int.TryParse(ifMatch.Replace("W/", "").Trim('"', ' '), out var version)
            ? version
            : throw new FieldProblemException("If-Match", "Erwartet wird die Version als ETag, z. B. \"3\".");
    }

    public static void Check(int current, int? expected)
    {
        if (current != expected)
            throw new PreconditionFailedException($"Der Eintrag wurde inzwischen geändert (Version {current}, Ihre Vorlage: {expected}). Bitte neu laden.");
    }

    /// <summary>A record with its version as ETag: 200, or 201 with its address after a create.</summary>
    public static IResult Answer<T>(HttpContext http, T view, int version, string? createdAt = null)
    {
        http.Response.Headers.ETag = ETag(version);
        return createdAt is null ? Results.Ok(view) : Results.Created(createdAt, view);
    }

    /// <summary>What an update endpoint answers besides the record: 400, 404, 412.</summary>
    public static RouteHandlerBuilder ProducesUpdate<T>(this RouteHandlerBuilder endpoint) =>
        endpoint.Produces<T>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
}

/// <summary>A page of a list answer.</summary>
internal sealed record ResultPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, long Total);

internal static class Paging
{
    /// <summary>Checks page (from 1) and pageSize (1 to 100, default 25) as the list endpoints take them.</summary>
    public static (int Page, int PageSize) Read(int? page, int? pageSize)
    {
        if (page is < 1) throw new FieldProblemException("page", "Ab 1.");
        if (pageSize is < 1 or > 100) throw new FieldProblemException("pageSize", "1 bis 100.");
        return (page ?? 1, pageSize ?? 25);
    }

    public static string? Term(string? q) => string.IsNullOrWhiteSpace(q) ? null : q.Trim();
}

/// <summary>Format rules shared by organisations and people.</summary>
internal static class ContactRules
{
    /// <summary>An e-mail address, if one is given.</summary>
    public static IRuleBuilderOptions<T, string?> EmailAddressIfGiven<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Matches(@"^[^@\s]+@[^@\s]+\.[^@\s]+$").MaximumLength(200).WithMessage("Eine E-Mail-Adresse wie info@example.org.");

    /// <summary>A telephone number as people write it, if one is given.</summary>
    public static IRuleBuilderOptions<T, string?> PhoneIfGiven<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(50).Matches(@"^[0-9+()/ .\-]+$").WithMessage("Ziffern, Leerzeichen und + ( ) / . - , z. B. +49 30 1234567.");

    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Contains('.');

    public static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
