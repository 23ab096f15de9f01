using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Partners.Agreements;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.AgreementHistory;

/// <summary>One change: for "updated" the field diffs {field: {from, to}}, otherwise what was added, removed or recorded.</summary>
internal sealed record AgreementHistoryEntry(long Id, string Action, JsonElement Changes, Guid? ChangedBy, DateTimeOffset ChangedAt);

internal sealed record AgreementHistoryQuery(Guid Id) : IQuery<IReadOnlyList<AgreementHistoryEntry>>;

internal sealed class AgreementHistoryHandler(IDbSession db) : IRequestHandler<AgreementHistoryQuery, IReadOnlyList<AgreementHistoryEntry>>
{
    public async Task<IReadOnlyList<AgreementHistoryEntry>> Handle(AgreementHistoryQuery request, CancellationToken ct)
    {
        if (!await db.ExecuteScalarAsync<bool>("select exists (select 1 from partners.agreements where id = @Id)", request, ct))
            throw new NotFoundException("Diese Kooperationsvereinbarung gibt es nicht.");
        var rows = await db.QueryAsync<Row>(
            """
            select id, action, changes::text as changes, changed_by, changed_at
            from partners.history where entity_type = @type and entity_id = @Id order by id
            """, new { request.Id, type = AgreementHistoryTypes.Agreement }, ct);
        return [.. rows.Select(r => new AgreementHistoryEntry(r.Id, r.Action, JsonDocument.Parse(r.Changes).RootElement.Clone(), r.ChangedBy, r.ChangedAt))];
    }

    private sealed record Row(long Id, string Action, string Changes, Guid? ChangedBy, DateTimeOffset ChangedAt);
}

internal static class AgreementHistoryEndpoint
{
    public static void MapAgreementHistory(this IEndpointRouteBuilder agreements) =>
        agreements.MapGet("/{id:guid}/history", async (Guid id, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new AgreementHistoryQuery(id), ct)))
            .WithName("AgreementHistory").WithSummary("Änderungsverlauf einer Kooperationsvereinbarung, älteste Änderung zuerst")
            .Produces<IReadOnlyList<AgreementHistoryEntry>>().ProducesProblem(StatusCodes.Status404NotFound);
}
