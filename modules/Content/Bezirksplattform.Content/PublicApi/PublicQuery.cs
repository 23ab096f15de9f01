using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bezirksplattform.BuildingBlocks.Time;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.OpenApi;

namespace Bezirksplattform.Content.PublicApi;

/// <summary>A query parameter a public endpoint accepts; declared once, it drives both validation and the OpenAPI document.</summary>
internal sealed record QueryParameter(string Name, string Description, string? Example = null, bool Integer = false, bool Required = false);

/// <summary>The query parameters an endpoint accepts (endpoint metadata).</summary>
internal sealed record QueryParameters(IReadOnlyList<QueryParameter> All)
{
    public IReadOnlyList<string> Names { get; } = [.. All.Select(p => p.Name)];
}

internal static class QueryParameterCatalog
{
    public static readonly QueryParameter District = new("district", "Bezirksschlüssel; mehrere durch Komma getrennt (einer davon genügt).", "09");
    public static readonly QueryParameter Region = new("region", "Bezirksregion (Ortsteil); mehrere durch Komma getrennt.", "0901,0910");
    public static readonly QueryParameter Tag = new("tag", "Schlagwort (Slug); mehrere durch Komma getrennt.", "nachbarschaftsarbeit");
    public static readonly QueryParameter From = new("from", "Veröffentlicht ab diesem Tag (YYYY-MM-DD, Berliner Zeit) oder Zeitpunkt mit Zeitzone.", "2026-01-01");
    public static readonly QueryParameter To = new("to", "Veröffentlicht bis einschließlich diesem Tag (YYYY-MM-DD) oder bis zu diesem Zeitpunkt.", "2026-12-31");
    public static readonly QueryParameter Q = new("q", "Volltextsuche (Deutsch; \"Wortgruppe\", OR, -ausschließen); findet auch ae/oe/ue-Schreibweisen.", "Bürger");
    public static readonly QueryParameter Sort = new("sort", "-publishedAt (Standard), publishedAt, title, -title; mit q auch relevance.", "-publishedAt");
    public static readonly QueryParameter Fields = new("fields", "Nur diese Felder des Dokuments (durch Komma); id ist immer enthalten.", "title,summary,publishedAt");
    public static readonly QueryParameter Include = new("include", "Verweise auflösen: images, downloads (Tiefe 1).", "images");
    public static readonly QueryParameter Page = new("page", "Seite ab 1 (Standard 1); nicht zusammen mit cursor.", "1", Integer: true);
    public static readonly QueryParameter PageSize = new("pageSize", "Einträge je Seite, 1 bis 100 (Standard 20).", "20", Integer: true);
    public static readonly QueryParameter Cursor = new("cursor", "Fortsetzung aus nextCursor einer früheren Antwort (zum vollständigen Abrufen).");
    public static readonly QueryParameter Status = new("status", "Projektstatus: planned, running, completed; mehrere durch Komma.", "running");
    public static readonly QueryParameter Programme = new("programme", "Förderprogramm, genau wie im Projekt angegeben.", "BIWAQ");
    public static readonly QueryParameter Type = new("type", "Art: article, page, project; mehrere durch Komma.", "article");
    public static readonly QueryParameter Since = new("since", "nextToken der vorigen Antwort; ohne: von Anfang an.");
    public static readonly QueryParameter Token = new("token", "Vorschau-Token aus POST /api/content/items/{id}/preview-token.", Required: true);
}

internal static class QueryParameterConventions
{
    /// <summary>Declares the accepted query parameters: validated by <see cref="QueryReader"/> and documented in OpenAPI.</summary>
    public static RouteHandlerBuilder WithQueryParameters(this RouteHandlerBuilder builder, params QueryParameter[] parameters)
    {
        builder.WithMetadata(new QueryParameters(parameters));
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var parameter in parameters)
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = parameter.Name,
                    In = ParameterLocation.Query,
                    Required = parameter.Required,
                    Description = parameter.Description,
                    Schema = new OpenApiSchema { Type = parameter.Integer ? JsonSchemaType.Integer : JsonSchemaType.String },
                    Example = parameter.Example is null ? null : parameter.Integer ? JsonValue.Create(int.Parse(parameter.Example, CultureInfo.InvariantCulture)) : JsonValue.Create(parameter.Example),
                });
            }

            return Task.CompletedTask;
        });
        return builder;
    }
}

/// <summary>
/// Reads a public request's query strictly: an unknown parameter, an operator syntax such as
/// <c>from[gt]</c>, a repeated parameter, or a value outside what is allowed is a 400 that names
/// the parameter and lists what is allowed. Nothing here can fail with a 500.
/// </summary>
internal sealed partial class QueryReader
{
    public const int MaxPageSize = 100;
    public const int DefaultPageSize = 20;

    private readonly IQueryCollection _query;
    private readonly IReadOnlyList<string> _names;

    private QueryReader(IQueryCollection query, IReadOnlyList<string> names)
    {
        _query = query;
        _names = names;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$")]
    private static partial Regex CodePattern();

    /// <summary>Reads with the parameters the endpoint declared; rejects everything else at once.</summary>
    public static QueryReader For(HttpContext http)
    {
        var names = http.GetEndpoint()?.Metadata.GetMetadata<QueryParameters>()?.Names ?? [];
        var reader = new QueryReader(http.Request.Query, names);
        reader.RejectUnknown();
        return reader;
    }

    private void RejectUnknown()
    {
        var errors = new Dictionary<string, string[]>();
        var allowed = _names.Count == 0 ? "keine" : string.Join(", ", _names);
        foreach (var (key, values) in _query)
        {
            if (key.IndexOfAny(['[', ']', '.']) >= 0)
                errors[key] = [$"Operatoren wie {key}= gibt es nicht; Filter sind einfache Parameter (z. B. from=2026-01-01). Erlaubt: {allowed}."];
            else if (!_names.Contains(key, StringComparer.OrdinalIgnoreCase))
                errors[key] = [$"Unbekannter Parameter. Erlaubt: {allowed}."];
            else if (values.Count > 1)
                errors[key] = ["Nur einmal angeben; mehrere Werte durch Komma trennen."];
        }

        if (errors.Count > 0)
            throw new PublicQueryProblem($"Unbekannte oder ungültige Parameter: {string.Join(", ", errors.Keys)}. Erlaubt: {allowed}.", errors, _names);
    }

    public string? Raw(string name)
    {
        var value = _query[name].ToString();
        return value.Length == 0 ? null : value;
    }

    public string? Text(string name, int maxLength)
    {
        var value = Raw(name)?.Trim();
        if (string.IsNullOrEmpty(value)) return null;
        if (value.Length > maxLength) throw PublicQueryProblem.For(name, $"Erlaubt: höchstens {maxLength} Zeichen.", _names);
        if (value.Any(char.IsControl)) throw PublicQueryProblem.For(name, "Erlaubt: Text ohne Steuerzeichen.", _names);
        return value;
    }

    /// <summary>A comma-separated list of codes or slugs (at most 20).</summary>
    public string[]? Codes(string name)
    {
        var value = Raw(name);
        if (value is null) return null;
        var codes = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();
        if (codes.Length == 0 || codes.Length > 20 || !codes.All(c => CodePattern().IsMatch(c)))
            throw PublicQueryProblem.For(name, "Erlaubt: eine durch Komma getrennte Liste (höchstens 20) aus Buchstaben, Ziffern, - und _.", _names);
        return codes;
    }

    /// <summary>A subset of <paramref name="allowed"/>, comma-separated, in the order given.</summary>
    public string[]? Subset(string name, IReadOnlyList<string> allowed)
    {
        var value = Raw(name);
        if (value is null) return null;
        var parts = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToArray();
        var unknown = parts.Where(p => !allowed.Contains(p, StringComparer.Ordinal)).ToList();
        if (parts.Length == 0 || unknown.Count > 0)
            throw new PublicQueryProblem(
                $"Unbekannter Wert für {name}: {string.Join(", ", unknown)}. Erlaubt: {string.Join(", ", allowed)}.",
                new Dictionary<string, string[]> { [name] = [$"Erlaubt: {string.Join(", ", allowed)}."] }, allowed);
        return parts;
    }

    public string Choice(string name, IReadOnlyList<string> allowed, string fallback)
    {
        var value = Raw(name)?.Trim();
        if (value is null) return fallback;
        if (!allowed.Contains(value, StringComparer.Ordinal))
            throw new PublicQueryProblem($"Unbekannter Wert für {name}: {value}. Erlaubt: {string.Join(", ", allowed)}.",
                new Dictionary<string, string[]> { [name] = [$"Erlaubt: {string.Join(", ", allowed)}."] }, allowed);
        return value;
    }

    public int Integer(string name, int min, int max, int fallback)
    {
        var value = Raw(name);
        if (value is null) return fallback;
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min || number > max)
            throw PublicQueryProblem.For(name, $"Erlaubt: eine ganze Zahl von {min} bis {max}.", _names);
        return number;
    }

    /// <summary>
    /// A day (YYYY-MM-DD, Berlin time) or an instant with offset. A day as upper bound includes the
    /// whole day, so the result is always an exclusive upper or an inclusive lower bound.
    /// </summary>
    public DateTimeOffset? Bound(string name, bool upper)
    {
        var value = Raw(name)?.Trim();
        if (value is null) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day.Year is >= 1000 and < 9999)
        {
            var date = upper ? day.AddDays(1) : day;
            var local = date.ToDateTime(TimeOnly.MinValue);
            return new DateTimeOffset(local, BerlinTime.Zone.GetUtcOffset(local)).ToUniversalTime();
        }

        var hasOffset = value.EndsWith('Z') || value.EndsWith('z') || (value.Length > 6 && value[^6] is '+' or '-' && value[^3] == ':');
        if (hasOffset && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant) && instant.Year is >= 1000 and < 9999)
            return upper ? instant.ToUniversalTime().AddTicks(1) : instant.ToUniversalTime();
        throw PublicQueryProblem.For(name, "Erlaubt: ein Tag wie 2026-03-01 oder ein Zeitpunkt mit Zeitzone wie 2026-03-01T08:00:00Z.", _names);
    }

    public (int Page, int PageSize, PublicCursor? Cursor) Paging(string fingerprint, string sort)
    {
        var pageSize = Integer("pageSize", 1, MaxPageSize, DefaultPageSize);
        var cursorText = Raw("cursor");
        if (cursorText is null) return (Integer("page", 1, 100_000, 1), pageSize, null);
        if (Raw("page") is not null)
            throw PublicQueryProblem.For("cursor", "Entweder page oder cursor angeben, nicht beides. Erlaubt: cursor mit pageSize, ohne page.", _names);
        var cursor = PublicCursor.Decode(cursorText, _names);
        if (cursor.Fingerprint != fingerprint || cursor.Sort != sort)
            throw PublicQueryProblem.For("cursor", "Der Cursor gehört zu einer anderen Abfrage (Filter oder Sortierung geändert). Erlaubt: nextCursor derselben Abfrage.", _names);
        return (1, pageSize, cursor);
    }
}
