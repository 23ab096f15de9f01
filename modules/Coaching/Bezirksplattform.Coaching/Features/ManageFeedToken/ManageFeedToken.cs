using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Coaching.Calendar;
using Bezirksplattform.Coaching.Coaches;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.ManageFeedToken;

/// <summary>The new secret (shown this once) and the feed address built from it.</summary>
internal sealed record FeedTokenResult(string Token, string FeedUrl, DateTimeOffset CreatedAt);

/// <summary>Creates or rotates the coach's feed token: the previous address stops working at once.</summary>
internal sealed record RotateFeedTokenCommand(Guid CoachId, StaffActor Actor) : ICommand<(string Token, DateTimeOffset CreatedAt)>;

internal sealed class RotateFeedTokenHandler(IDbSession db, TimeProvider clock) : IRequestHandler<RotateFeedTokenCommand, (string Token, DateTimeOffset CreatedAt)>
{
    public async Task<(string Token, DateTimeOffset CreatedAt)> Handle(RotateFeedTokenCommand request, CancellationToken ct)
    {
        await CoachAccess.LockEditableAsync(db, request.CoachId, request.Actor, ct);
        var token = FeedTokens.Create();
        var now = clock.GetUtcNow();
        await db.ExecuteAsync(
            "update coaching.coaches set feed_token_hash = @hash, feed_token_created_at = @now where id = @CoachId",
            new { request.CoachId, hash = FeedTokens.Hash(token), now }, ct);
        return (token, now);
    }
}

internal sealed record RevokeFeedTokenCommand(Guid CoachId, StaffActor Actor) : ICommand<bool>;

internal sealed class RevokeFeedTokenHandler(IDbSession db) : IRequestHandler<RevokeFeedTokenCommand, bool>
{
    public async Task<bool> Handle(RevokeFeedTokenCommand request, CancellationToken ct)
    {
        await CoachAccess.LockEditableAsync(db, request.CoachId, request.Actor, ct);
        await db.ExecuteAsync("update coaching.coaches set feed_token_hash = null, feed_token_created_at = null where id = @CoachId", request, ct);
        return true;
    }
}

internal static class ManageFeedTokenEndpoints
{
    public static void MapManageFeedToken(this IEndpointRouteBuilder coaching)
    {
        coaching.MapPost("/coaches/{id:guid}/feed-token", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var (token, createdAt) = await mediator.Send(new RotateFeedTokenCommand(id, StaffActor.From(http)), ct);
                var url = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{FeedTokens.FeedPath(token)}";
                http.Response.Headers.CacheControl = "no-store";
                return Results.Ok(new FeedTokenResult(token, url, createdAt));
            })
            .WithName("RotateCoachFeedToken")
            .WithSummary("Geheime iCalendar-Feed-Adresse erzeugen oder erneuern (wird nur jetzt angezeigt; die alte Adresse gilt nicht mehr)")
            .Produces<FeedTokenResult>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);

        coaching.MapDelete("/coaches/{id:guid}/feed-token", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new RevokeFeedTokenCommand(id, StaffActor.From(http)), ct);
                return Results.NoContent();
            })
            .WithName("RevokeCoachFeedToken").WithSummary("iCalendar-Feed widerrufen")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
