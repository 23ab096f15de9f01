using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Counselling.DataProtection;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.GetRecordsOfProcessing;

/// <summary>The records of processing activities (Art. 30 Abs. 1 DSGVO) of the counselling module, generated from the data catalogue.</summary>
internal sealed record RecordsOfProcessing(
    string Title, string Controller, string DataProtectionOfficer, string Purpose, string TechnicalMeasures, DateOnly GeneratedOn,
    IReadOnlyList<DataCategory> Categories);

internal sealed record GetRecordsOfProcessingQuery : IQuery<RecordsOfProcessing>;

internal sealed class GetRecordsOfProcessingHandler(RetentionOptions retention, TimeProvider clock)
    : IRequestHandler<GetRecordsOfProcessingQuery, RecordsOfProcessing>
{
    public const string Measures =
        "Zugriff nur für angemeldete Beschäftigte mit Rolle Beratung (eigene und Team-Klienten) oder Administration; fremde Klienten "
        + "antworten wie nicht vorhandene (404); jedes Lesen, Suchen, Exportieren, Ändern, Einschränken und Löschen wird protokolliert; "
        + "Kontaktdaten getrennt von Beratungsdaten; pseudonyme Klientennummer; nur die Bezirksregion statt der Anschrift; besondere "
        + "Kategorien nur mit zusätzlicher Berechtigung; Berichte an Fördermittelgeber nur als zusammengefasste Zahlen mit Unterdrückung "
        + "kleiner Zahlen; verschlüsselte Übertragung (HTTPS); nächtliche Löschung nach Ablauf der Fristen.";

    public Task<RecordsOfProcessing> Handle(GetRecordsOfProcessingQuery request, CancellationToken ct) =>
        Task.FromResult(new RecordsOfProcessing(
            "Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO): Beschäftigungsberatung", retention.Controller,
            retention.DataProtectionOfficer, DataCatalogue.Purpose, Measures, BuildingBlocks.Time.BerlinTime.Today(clock),
            DataCatalogue.Categories(retention)));
}

/// <summary>A printable German page of the same records.</summary>
internal static class RecordsOfProcessingPage
{
    // Umlauts stay readable in the page source; markup characters are still escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Html(RecordsOfProcessing records)
    {
        static string E(string text) => Encoder.Encode(text);
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="de"><head><meta charset="utf-8"><title>{{E(records.Title)}}</title>
            <style>body{font-family:sans-serif;margin:2em} table{border-collapse:collapse;width:100%;margin-bottom:1.5em}
            th,td{border:1px solid #999;padding:.3em;text-align:left;vertical-align:top} th{width:22%}
            @media print { section { break-inside: avoid } }</style></head><body>
            <h1>{{E(records.Title)}}</h1>
            <p>Stand: {{records.GeneratedOn:dd.MM.yyyy}}</p>
            <table>
            <tr><th>Verantwortlicher</th><td>{{E(records.Controller)}}</td></tr>
            <tr><th>Datenschutzbeauftragte/r</th><td>{{E(records.DataProtectionOfficer)}}</td></tr>
            <tr><th>Zwecke</th><td>{{E(records.Purpose)}}</td></tr>
            <tr><th>Technische und organisatorische Maßnahmen (Art. 32)</th><td>{{E(records.TechnicalMeasures)}}</td></tr>
            </table>
            <h2>Datenkategorien</h2>

            """);
        foreach (var category in records.Categories)
        {
            html.Append($$"""
                <section><h3>{{E(category.Name)}}{{(category.SpecialCategory ? " (besondere Kategorie, Art. 9 DSGVO)" : "")}}</h3>
                <table>
                <tr><th>Gespeichert in</th><td>{{E(category.Table)}}: {{E(string.Join(", ", category.Columns))}}</td></tr>
                <tr><th>Betroffene</th><td>{{E(category.DataSubjects)}}</td></tr>
                <tr><th>Zweck</th><td>{{E(category.Purpose)}}</td></tr>
                <tr><th>Rechtsgrundlage</th><td>{{E(category.LegalBasis)}}</td></tr>
                <tr><th>Speicherdauer</th><td>{{E(category.Retention)}}</td></tr>
                <tr><th>Empfänger</th><td>{{E(category.Recipients)}}</td></tr>
                </table></section>

                """);
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }
}

internal static class GetRecordsOfProcessingEndpoints
{
    public static void MapGetRecordsOfProcessing(this IEndpointRouteBuilder counselling) =>
        counselling.MapGet("/records-of-processing", async (IMediator mediator, CancellationToken ct, string? format) =>
            {
                var records = await mediator.Send(new GetRecordsOfProcessingQuery(), ct);
                return format?.Trim().ToLowerInvariant() switch
                {
                    null or "" or "json" => Results.Ok(records),
                    "html" => Results.Content(RecordsOfProcessingPage.Html(records), "text/html; charset=utf-8"),
                    _ => throw new FieldProblemException("format", "Erlaubt: json, html."),
                };
            })
            .WithName("GetRecordsOfProcessing").WithSummary("Verzeichnis von Verarbeitungstätigkeiten (Art. 30 DSGVO); ?format=html zum Drucken")
            .Produces<RecordsOfProcessing>().Produces(StatusCodes.Status200OK, contentType: "text/html").ProducesValidationProblem();
}
