using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Clients;
using Bezirksplattform.Counselling.Esf;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.ListEsfOverdue;

internal sealed record EsfOverdueItem(
    Guid ClientId, string ClientNumber, Guid ParticipationId, string ProjectCode, Guid? StayId, string Kind, DateOnly DueOn, int DaysOverdue);

/// <summary>
/// ESF data that are overdue for the viewer's visible clients (rule: <see cref="EsfDeadlines"/>),
/// longest overdue first. Restricted clients are left out like in every everyday list (DSGVO Art. 18).
/// Logged as one 'list' row: it names clients.
/// </summary>
internal sealed record ListEsfOverdueCommand(string? Kind, Viewer Viewer) : ICommand<IReadOnlyList<EsfOverdueItem>>;

internal sealed class ListEsfOverdueValidator : AbstractValidator<ListEsfOverdueCommand>
{
    public ListEsfOverdueValidator() =>
        RuleFor(x => x.Kind).Must(k => k is null || EsfDeadlines.Kinds.Contains(k)).WithMessage(CounsellingVocabulary.Allowed(EsfDeadlines.Kinds));
}

internal sealed class ListEsfOverdueHandler(IDbSession db, TimeProvider clock) : IRequestHandler<ListEsfOverdueCommand, IReadOnlyList<EsfOverdueItem>>
{
    public async Task<IReadOnlyList<EsfOverdueItem>> Handle(ListEsfOverdueCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var items = await db.QueryAsync<EsfOverdueItem>(
            $"""
            select x.client_id, c.client_number, x.participation_id, x.project_code, x.stay_id, x.kind, x.due_on, (@today - x.due_on) as days_overdue
            from ({EsfDeadlines.PendingSql}) x
            join counselling.clients c on c.id = x.client_id
            where {ClientAccess.Visible("c")} and c.restricted_at is null and x.listed_from <= @today and (@Kind::text is null or x.kind = @Kind)
            order by x.due_on, c.client_number, x.kind
            """, new { today = now.BerlinDate(), request.Kind, ViewerId = request.Viewer.UserId, ViewerIsAdmin = request.Viewer.IsAdmin }, ct);
        await ClientAccess.LogAsync(db, request.Viewer, "list", null, "esf overdue" + (request.Kind is null ? "" : " " + request.Kind), now, ct);
        return items;
    }
}

internal static class ListEsfOverdueEndpoints
{
    public static void MapListEsfOverdue(this IEndpointRouteBuilder counselling) =>
        counselling.MapGet("/esf/overdue", async ([FromQuery] string? kind, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new ListEsfOverdueCommand(Inputs.Clean(kind)?.ToLowerInvariant(), Viewer.From(http)), ct)))
            .WithName("ListEsfOverdue").WithSummary("Überfällige ESF-Daten: Eintritts- und Austrittsdaten, Ergebnis nach sechs Monaten")
            .Produces<IReadOnlyList<EsfOverdueItem>>().ProducesValidationProblem();
}
