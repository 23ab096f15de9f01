using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Content.Items;
using Bezirksplattform.Content.Publishing;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Content.Features.ChangeItemStatus;

/// <summary>
/// The workflow: draft → in review → published (now or at publishAt) → unpublished (now or at
/// unpublishAt) → archived. Each transition names the version it was decided on, so a decision
/// about an older text never publishes a newer one by surprise.
/// </summary>
internal sealed record ChangeItemStatusCommand(Guid Id, string Action, int? ExpectedVersion, DateTimeOffset? At, Guid ActorId) : ICommand<ItemView>;

internal sealed record StatusChangeBody(int? Version, DateTimeOffset? PublishAt, DateTimeOffset? UnpublishAt);

internal static class WorkflowActions
{
    public const string Submit = "submit";
    public const string Publish = "publish";
    public const string Unpublish = "unpublish";
    public const string Archive = "archive";
    public const string ReturnToDraft = "return-to-draft";

    public static readonly string[] All = [Submit, Publish, Unpublish, Archive, ReturnToDraft];
}

internal sealed class ChangeItemStatusHandler(IDbSession db, Publisher publisher, TimeProvider clock) : IRequestHandler<ChangeItemStatusCommand, ItemView>
{
    public async Task<ItemView> Handle(ChangeItemStatusCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var item = await ItemReads.LoadAsync(db, request.Id, ct, forUpdate: true);
        if (request.ExpectedVersion is { } expected && expected != item.Version)
            throw new PreconditionFailedException($"Der Inhalt wurde inzwischen geändert (Version {item.Version}). Bitte neu laden und prüfen.");

        switch (request.Action)
        {
            case WorkflowActions.Submit:
                Require(item, ItemStatuses.Draft, ItemStatuses.Unpublished);
                await SetStatusAsync(item, ItemStatuses.InReview, ct);
                break;
            case WorkflowActions.ReturnToDraft:
                Require(item, ItemStatuses.InReview);
                await db.ExecuteAsync("update content.items set status = 'draft', publish_at = null where id = @Id", item, ct);
                break;
            case WorkflowActions.Publish when request.At is { } at && at > now:
                Require(item, ItemStatuses.Draft, ItemStatuses.InReview, ItemStatuses.Published, ItemStatuses.Unpublished);
                if (item.UnpublishAt is { } until && until <= at)
                    throw new FieldProblemException("publishAt", "Liegt nach dem geplanten Zurückziehen.");
                await db.ExecuteAsync("update content.items set publish_at = @at where id = @Id", new { item.Id, at }, ct);
                break;
            case WorkflowActions.Publish:
                Require(item, ItemStatuses.Draft, ItemStatuses.InReview, ItemStatuses.Published, ItemStatuses.Unpublished);
                await publisher.PublishAsync(item, request.ActorId, now, ct);
                break;
            case WorkflowActions.Unpublish when request.At is { } at && at > now:
                if (item.Status != ItemStatuses.Published && item.PublishAt is null)
                    throw new ConflictException("Nur veröffentlichte oder zur Veröffentlichung geplante Inhalte können zurückgezogen werden.");
                if (item.PublishAt is { } from && at <= from)
                    throw new FieldProblemException("unpublishAt", "Liegt vor der geplanten Veröffentlichung.");
                await db.ExecuteAsync("update content.items set unpublish_at = @at where id = @Id", new { item.Id, at }, ct);
                break;
            case WorkflowActions.Unpublish:
                Require(item, ItemStatuses.Published);
                await publisher.UnpublishAsync(item, archive: false, now, ct);
                break;
            case WorkflowActions.Archive:
                if (item.Status == ItemStatuses.Archived) throw new ConflictException("Der Inhalt ist schon archiviert.");
                await publisher.UnpublishAsync(item, archive: true, now, ct);
                break;
        }

        return await ItemReads.ViewAsync(db, await ItemReads.LoadAsync(db, item.Id, ct), ct);
    }

    private Task SetStatusAsync(ItemRow item, string status, CancellationToken ct) =>
        db.ExecuteAsync("update content.items set status = @status where id = @Id", new { item.Id, status }, ct);

    private static void Require(ItemRow item, params string[] allowed)
    {
        if (!allowed.Contains(item.Status))
            throw new ConflictException($"Im Status '{item.Status}' nicht möglich; erlaubt ab: {string.Join(", ", allowed)}.");
    }
}

internal static class ChangeItemStatusEndpoints
{
    public static void MapChangeItemStatus(this IEndpointRouteBuilder content)
    {
        foreach (var action in WorkflowActions.All)
        {
            content.MapPost($"/items/{{id:guid}}/{action}", async (Guid id, StatusChangeBody? body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                {
                    var ifMatch = http.Request.Headers.IfMatch.ToString().Replace("W/", "").Trim('"', ' ');
                    int? version = int.TryParse(ifMatch, out var v) ? v : body?.Version;
                    var at = action == WorkflowActions.Unpublish ? body?.UnpublishAt : body?.PublishAt;
                    var item = await mediator.Send(new ChangeItemStatusCommand(id, action, version, at, CurrentUser.Required(http).Id), ct);
                    http.Response.Headers.ETag = ItemReads.ETagOf(item.Version);
                    return Results.Ok(item);
                })
                .WithName("ContentItem" + string.Concat(action.Split('-').Select(p => char.ToUpperInvariant(p[0]) + p[1..])))
                .WithSummary(action switch
                {
                    WorkflowActions.Submit => "Zur Prüfung vorlegen",
                    WorkflowActions.Publish => "Veröffentlichen, sofort oder zum Zeitpunkt publishAt",
                    WorkflowActions.Unpublish => "Zurückziehen, sofort oder zum Zeitpunkt unpublishAt",
                    WorkflowActions.Archive => "Archivieren (zieht auch zurück)",
                    _ => "Zurück in den Entwurf",
                })
                .Accepts<StatusChangeBody>(isOptional: true, "application/json")
                .Produces<ItemView>().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);
        }
    }
}
