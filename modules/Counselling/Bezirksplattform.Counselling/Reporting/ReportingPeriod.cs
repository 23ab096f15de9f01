using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Counselling.Clients;

namespace Bezirksplattform.Counselling.Reporting;

/// <summary>Two Berlin dates, both inclusive, as the reporting queries take them.</summary>
internal static class ReportingPeriod
{
    public static void Check(DateOnly from, DateOnly to)
    {
        if (to < from) throw new FieldProblemException("to", "Das Ende des Zeitraums darf nicht vor dem Anfang liegen.");
    }

    /// <summary>The instant a Berlin date begins (midnight always exists there: clocks change at 02:00/03:00).</summary>
    public static DateTimeOffset StartOf(DateOnly date)
    {
        var local = date.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, BerlinTime.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>Parses the query string of the staff endpoints: from and to are required dates, publication defaults to true.</summary>
    public static (DateOnly From, DateOnly To, bool Publication) Parse(string? from, string? to, string? publication)
    {
        var errors = new Dictionary<string, string[]>();
        var f = Inputs.ParseDate(from);
        var t = Inputs.ParseDate(to);
        if (f is null) errors["from"] = [Inputs.DateFormat];
        if (t is null) errors["to"] = [Inputs.DateFormat];
        var p = true;
        if (!string.IsNullOrWhiteSpace(publication) && !bool.TryParse(publication.Trim(), out p)) errors["publication"] = ["true oder false."];
        if (errors.Count > 0) throw new ProblemException(400, "Die Anfrage ist ungültig.", "Bitte die markierten Felder prüfen.", errors);
        Check(f!.Value, t!.Value);
        return (f.Value, t.Value, p);
    }
}
