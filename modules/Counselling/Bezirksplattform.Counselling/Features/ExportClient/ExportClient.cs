using System.Text.Json;
using System.Text.Json.Nodes;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.DataProtection;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.ExportClient;

/// <summary>
/// Subject access export (Art. 15 DSGVO): every stored row about one client, from every table that
/// holds a client id or hangs off one, and the access-log entries about the client. Rows are
/// exported whole (<c>to_jsonb</c>), so a column added later is exported without touching this
/// slice; a new table is caught by the schema-driven test. Allowed under a restriction; logged
/// as 'export'. A command so that the export and its log row commit together.
/// </summary>
internal sealed record ExportClientCommand(Guid Id, Viewer Viewer) : ICommand<ClientExport>;

internal sealed record ClientExport(string ClientNumber, byte[] Json);

internal sealed class ExportClientHandler(IDbSession db, TimeProvider clock, RetentionOptions retention) : IRequestHandler<ExportClientCommand, ClientExport>
{
    /// <summary>Each table about the client and how its rows are reached from the client id.</summary>
    internal static readonly IReadOnlyList<(string Table, string Rows)> Tables =
    [
        ("clients", "select t.* from counselling.clients t where t.id = @id"),
        ("client_contacts", "select t.* from counselling.client_contacts t where t.client_id = @id"),
        ("consents", "select t.* from counselling.consents t where t.client_id = @id order by t.given_at, t.id"),
        ("consultations", "select t.* from counselling.consultations t where t.client_id = @id order by t.occurred_on, t.id"),
        ("cases", "select t.* from counselling.cases t where t.client_id = @id order by t.opened_on, t.id"),
        ("case_activities",
            "select t.* from counselling.case_activities t join counselling.cases k on k.id = t.case_id where k.client_id = @id order by t.occurred_on, t.id"),
        ("referrals", "select t.* from counselling.referrals t where t.client_id = @id order by t.referred_on, t.id"),
        ("referral_status_changes",
            "select t.* from counselling.referral_status_changes t join counselling.referrals r on r.id = t.referral_id where r.client_id = @id order by t.changed_at, t.id"),
        ("esf_participations", "select t.* from counselling.esf_participations t where t.client_id = @id order by t.first_entered_on, t.id"),
        ("esf_stays",
            "select t.* from counselling.esf_stays t join counselling.esf_participations p on p.id = t.participation_id where p.client_id = @id order by t.entered_on, t.id"),
        ("digest_items", "select t.* from counselling.digest_items t where t.client_id = @id order by t.due_on, t.id"),
        ("access_log", "select t.* from counselling.access_log t where t.client_id = @id order by t.id"),
    ];

    private static readonly string Sql =
        "select jsonb_build_object("
        + string.Join(",\n", Tables.Select(t => $"'{t.Table}', (select coalesce(jsonb_agg(to_jsonb(x)), '[]'::jsonb) from ({t.Rows}) x)"))
        + ")::text";

    public async Task<ClientExport> Handle(ExportClientCommand request, CancellationToken ct)
    {
        await ClientAccess.RequireVisibleAsync(db, request.Viewer, request.Id, forUpdate: false, ct);
        var now = clock.GetUtcNow();
        var number = await db.QuerySingleAsync<string>("select client_number from counselling.clients where id = @Id", request, ct);
        var tables = JsonNode.Parse(await db.QuerySingleAsync<string>(Sql, new { id = request.Id }, ct))!;
        await ClientAccess.LogAsync(db, request.Viewer, "export", request.Id, "subject_access_export", now, ct);

        var notes = new JsonObject();
        foreach (var category in DataCatalogue.Categories(retention).Where(c => Tables.Any(t => t.Table == c.Table)))
            notes[category.Table] = notes[category.Table] is { } known ? $"{known.GetValue<string>()}; {category.Name}" : category.Name;
        var document = new JsonObject
        {
            ["art"] = "Auskunft nach Art. 15 DSGVO: alle gespeicherten Daten zu einem Klienten der Beschäftigungsberatung",
            ["clientId"] = request.Id,
            ["clientNumber"] = number,
            ["exportedAt"] = now,
            ["exportedBy"] = request.Viewer.UserId,
            ["purpose"] = DataCatalogue.Purpose,
            ["tableNames"] = notes,
            ["tables"] = tables,
        };
        return new ClientExport(number, JsonSerializer.SerializeToUtf8Bytes(document, Indented));
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}

internal static class ExportClientEndpoints
{
    public static void MapExportClient(this IEndpointRouteBuilder counselling) =>
        counselling.MapGet("/clients/{id:guid}/export", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var export = await mediator.Send(new ExportClientCommand(id, Viewer.From(http)), ct);
                http.Response.Headers.CacheControl = "no-store";
                return Results.File(export.Json, "application/json", $"auskunft-{export.ClientNumber}.json");
            })
            .WithName("ExportClient").WithSummary("Auskunft nach Art. 15 DSGVO: alle Daten zu einem Klienten als JSON-Datei (wird protokolliert)")
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesProblem(StatusCodes.Status404NotFound);
}
