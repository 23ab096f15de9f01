using System.Diagnostics;
using System.Text.Json;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Bezirksplattform.BuildingBlocks.Errors;

public static class ProblemDetailsSetup
{
    public static IServiceCollection AddPlatformProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
            problem.Title = GermanTitle(problem.Status, problem.Title);
        });
        services.AddExceptionHandler<PlatformExceptionHandler>();
        return services;
    }

    public static IApplicationBuilder UsePlatformProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        // Bodiless 401, 403, 404, 405 from routing and authentication become problem details too.
        app.UseStatusCodePages();
        return app;
    }

    /// <summary>
    /// German title for a status, but only where the title is still the framework's English
    /// default: a handler's own title ("Anmeldung fehlgeschlagen") is kept.
    /// </summary>
    internal static string? GermanTitle(int? status, string? current)
    {
        var isDefault = current is null || current == "One or more validation errors occurred."
            || (status is { } code && (current == ReasonPhrases.GetReasonPhrase(code) || current.StartsWith("An error occurred", StringComparison.Ordinal)));
        if (!isDefault) return current;
        return status switch
        {
            400 => "Die Anfrage ist ungültig.",
            401 => "Anmeldung erforderlich",
            403 => "Keine Berechtigung",
            404 => "Nicht gefunden",
            405 => "Methode nicht erlaubt",
            406 => "Nicht annehmbar",
            409 => "Konflikt",
            412 => "Vorbedingung fehlgeschlagen",
            413 => "Anfrage zu groß",
            415 => "Nicht unterstützter Inhaltstyp",
            429 => "Zu viele Anfragen",
            500 => "Interner Fehler",
            _ => current,
        };
    }
}

/// <summary>
/// Turns every exception into problem details. Known refusals keep their status; anything else is
/// a 500 whose body says nothing about the internals (the log has them, under the trace id).
/// </summary>
internal sealed class PlatformExceptionHandler(IProblemDetailsService problems, ILogger<PlatformExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ValidationException validation => Validation(validation),
            ProblemException known => Known(known),
            BadHttpRequestException bad => BadRequest(bad),
            PostgresException { SqlState: "23505" or "23P01" } => new ProblemDetails
            {
                Status = 409, Title = "Konflikt",
                Detail = "Der Eintrag kollidiert mit einem bereits gespeicherten Eintrag.",
            },
            PostgresException { SqlState: "40001" or "40P01" } => new ProblemDetails
            {
                Status = 409, Title = "Konflikt",
                Detail = "Gleichzeitige Änderung. Bitte erneut versuchen.",
            },
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ => null,
        };

        if (problem is null)
        {
            if (httpContext.RequestAborted.IsCancellationRequested)
            {
                httpContext.Response.StatusCode = 499;
                return true;
            }

            logger.LogError(exception, "Unhandled exception for {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
            problem = new ProblemDetails
            {
                Status = 500,
                Title = "Interner Fehler",
                Detail = "Ein unerwarteter Fehler ist aufgetreten. Bitte nennen Sie bei Rückfragen die traceId.",
            };
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    private static ProblemDetails Validation(ValidationException exception)
    {
        var errors = exception.Errors
            .GroupBy(e => JsonFieldName(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());
        return new HttpValidationProblemDetails(errors)
        {
            Status = 400,
            Title = "Die Anfrage ist ungültig.",
            Detail = "Mindestens ein Feld ist ungültig: " + string.Join(", ", errors.Keys) + ".",
        };
    }

    private static ProblemDetails Known(ProblemException known)
    {
        var problem = known.Errors is { Count: > 0 }
            ? new HttpValidationProblemDetails(known.Errors)
            : new ProblemDetails();
        problem.Status = known.Status;
        problem.Title = known.Title;
        problem.Detail = known.Detail;
        return problem;
    }

    private static ProblemDetails BadRequest(BadHttpRequestException bad)
    {
        var status = bad.StatusCode;
        if (status == 413)
            return new ProblemDetails { Status = 413, Title = "Anfrage zu groß", Detail = "Der Inhalt der Anfrage überschreitet die erlaubte Größe." };
        if (status == 415)
            return new ProblemDetails { Status = 415, Title = "Nicht unterstützter Inhaltstyp", Detail = "Erwartet wird Content-Type: application/json." };

        // Malformed JSON or a value of the wrong type: name the field when the parser knows it.
        if (FindJsonException(bad) is { } json)
        {
            var field = JsonFieldName(json.Path?.TrimStart('$', '.') ?? "");
            var message = "Der Inhalt ist kein gültiges JSON oder ein Wert hat den falschen Typ.";
            return string.IsNullOrEmpty(field)
                ? new ProblemDetails { Status = 400, Title = "Die Anfrage ist ungültig.", Detail = message }
                : new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [message] })
                {
                    Status = 400, Title = "Die Anfrage ist ungültig.", Detail = $"Ungültiger Wert im Feld {field}.",
                };
        }

        if (bad.Message.Contains("Required parameter", StringComparison.Ordinal) || bad.Message.Contains("Failed to bind parameter", StringComparison.Ordinal))
        {
            var field = ExtractParameterName(bad.Message);
            return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = ["Fehlender oder ungültiger Wert."] })
            {
                Status = 400, Title = "Die Anfrage ist ungültig.", Detail = $"Fehlender oder ungültiger Wert: {field}.",
            };
        }

        return new ProblemDetails { Status = status, Title = ProblemDetailsSetup.GermanTitle(status, null), Detail = "Die Anfrage konnte nicht gelesen werden." };
    }

    private static JsonException? FindJsonException(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
            if (current is JsonException json) return json;
        return null;
    }

    // 'Required parameter "int page" was not provided from query string.' → "page"
    private static string ExtractParameterName(string message)
    {
        var start = message.IndexOf('"');
        var end = start >= 0 ? message.IndexOf('"', start + 1) : -1;
        if (start < 0 || end < 0) return "request";
        var inner = message[(start + 1)..end];
        var name = inner.Split(' ').Last();
        return JsonFieldName(name);
    }

    /// <summary>"Items[0].UserName" → "items[0].userName": field names as clients send them.</summary>
    internal static string JsonFieldName(string propertyPath) =>
        string.Join('.', propertyPath.Split('.', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}
