using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Identity.Contracts;
using Bezirksplattform.Partners.Network;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.ListHistory;

/// <summary>One recorded change: {field: {from, to}} for an update, the fields for a create.</summary>
internal sealed record HistoryEntry(long Id, string EntityType, Guid EntityId, string Action, JsonElement Changes, Guid? ChangedBy,
    string? ChangedByName, DateTimeOffset ChangedAt);

/// <summary>The change history of the partner network (any record type), newest first.</summary>
internal sealed record ListHistoryQuery(string? EntityType, Guid? EntityId, int Page, int PageSize) : IQuery<ResultPage<HistoryEntry>>;

internal sealed class ListHistoryHandler(IDbSession db, IMediator mediator) : IRequestHandler<ListHistoryQuery, ResultPage<HistoryEntry>>
{
    public async Task<ResultPage<HistoryEntry>> Handle(ListHistoryQuery request, CancellationToken ct)
    {
        const string Where = "from partners.history h where (@EntityType::text is null or h.entity_type = @EntityType) and (@EntityId::uuid is null or h.entity_id = @EntityId)";
        var args = new { request.EntityType, request.EntityId, request.PageSize, Offset = (request.Page - 1) * request.PageSize };
        var rows = await db.QueryAsync<HistoryRow>(
            $"select h.id, h.entity_type, h.entity_id, h.action, h.changes::text as changes, h.changed_by, h.changed_at {Where} order by h.id desc limit @PageSize offset @Offset",
            args, ct);
        var total = await db.ExecuteScalarAsync<long>($"select count(*) {Where}", args, ct);

        // Staff names come from the Identity module, never from its tables.
        var names = new Dictionary<Guid, string>();
        foreach (var actor in rows.Select(r => r.ChangedBy).OfType<Guid>().Distinct())
            if (await mediator.Send(new GetStaffUserQuery(actor), ct) is { } user)
                names[actor] = user.DisplayName;

        var items = rows.Select(r => new HistoryEntry(r.Id, r.EntityType, r.EntityId, r.Action, JsonDocument.Parse(r.Changes).RootElement.Clone(),
            r.ChangedBy, r.ChangedBy is { } by ? names.GetValueOrDefault(by) : null, r.ChangedAt)).ToList();
        return new ResultPage<HistoryEntry>(items, request.Page, request.PageSize, total);
    }

    private sealed record HistoryRow(long Id, string EntityType, Guid EntityId, string Action, string Changes, Guid? ChangedBy, DateTimeOffset ChangedAt);
}

internal static class ListHistoryEndpoint
{
    public static void MapListHistory(this IEndpointRouteBuilder partners) =>
        partners.MapGet("/history", async (string? entityType, string? entityId, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
            {
                var (number, size) = Paging.Read(page, pageSize);
                return Results.Ok(await mediator.Send(new ListHistoryQuery(Paging.Term(entityType), EntityIdOf(entityType, entityId), number, size), ct));
            })
            .WithName("ListPartnerHistory")
            .WithSummary("Änderungsverlauf (neueste zuerst) mit Person, die geändert hat; entityType z. B. organisation, person, affiliation, region; "
                + "entityId ist die Id, bei Bezirksregionen auch der Code")
            .Produces<ResultPage<HistoryEntry>>();

    private static Guid? EntityIdOf(string? entityType, string? entityId)
    {
        if (string.IsNullOrWhiteSpace(entityId)) return null;
        if (Guid.TryParse(entityId, out var id)) return id;
        // Regions are keyed by code; their history rows carry a uuid derived from it.
        if (entityType == "region") return RegionReads.HistoryId(entityId.Trim());
        throw new FieldProblemException("entityId", "Erwartet wird eine Id (UUID), bei entityType=region auch der Code der Bezirksregion.");
    }
}
