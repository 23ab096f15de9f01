namespace Bezirksplattform.BuildingBlocks.Errors;

/// <summary>
/// An expected refusal a handler answers with: it becomes RFC 9457 problem details with this
/// status. Titles and details are German because staff and websites show them to people.
/// </summary>
public class ProblemException(int status, string title, string? detail = null, IDictionary<string, string[]>? errors = null)
    : Exception(detail ?? title)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;
    public IDictionary<string, string[]>? Errors { get; } = errors;
}

public sealed class NotFoundException(string detail = "Der angeforderte Eintrag wurde nicht gefunden.")
    : ProblemException(404, "Nicht gefunden", detail);

public sealed class ConflictException(string detail)
    : ProblemException(409, "Konflikt", detail);

public sealed class PreconditionFailedException(string detail = "Der Eintrag wurde inzwischen geändert. Bitte neu laden.")
    : ProblemException(412, "Vorbedingung fehlgeschlagen", detail);

/// <summary>A rule about one field that only the handler can check (e.g. against stored data).</summary>
public sealed class FieldProblemException(string field, string message)
    : ProblemException(400, "Die Anfrage ist ungültig.", message, new Dictionary<string, string[]> { [field] = [message] });
