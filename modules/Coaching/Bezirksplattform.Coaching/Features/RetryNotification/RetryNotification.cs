using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Coaching.Features.ListNotifications;
using Bezirksplattform.Coaching.Staff;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.RetryNotification;

/// <summary>
/// Staff put a failed mail or reminder back in the queue: the next run of its job sends it (one more
/// attempt; if that fails too it is failed again at once). A reminder is retried only while its booking
/// is confirmed and the session has not begun: afterwards it would only confuse.
/// </summary>
internal sealed record RetryNotificationCommand(string Type, Guid Id, StaffViewer Viewer) : ICommand<NotificationView>;

internal sealed class RetryNotificationHandler(IDbSession db, TimeProvider clock) : IRequestHandler<RetryNotificationCommand, NotificationView>
{
    public async Task<NotificationView> Handle(RetryNotificationCommand request, CancellationToken ct)
    {
        var current = await LoadAsync(request, ct);
        if (current.CoachId is { } coachId) await request.Viewer.RequireCoachAsync(db, coachId, ct);
        else if (!request.Viewer.IsAdmin) throw new NotFoundException();
        if (current.Status != "failed")
            throw new ConflictException($"Nur fehlgeschlagene Nachrichten werden erneut gesendet; diese ist '{current.Status}'.");

        var now = clock.GetUtcNow();
        if (request.Type == "mail")
        {
            await db.ExecuteAsync("update coaching.outgoing_mails set status = 'pending', next_attempt_at = @now where id = @Id and status = 'failed'",
                new { request.Id, now }, ct);
        }
        else
        {
            var bookingConfirmed = await db.ExecuteScalarAsync<bool>(
                "select status = 'confirmed' from coaching.bookings where id = @BookingId", current, ct);
            if (!bookingConfirmed) throw new ConflictException("Die Buchung ist nicht mehr bestätigt; die Erinnerung entfällt.");
            if (current.SessionStartsAt <= now) throw new ConflictException("Der Termin hat schon begonnen; eine Erinnerung kommt zu spät.");
            await db.ExecuteAsync("update coaching.reminders set status = 'pending', next_attempt_at = @now where id = @Id and status = 'failed'",
                new { request.Id, now }, ct);
        }

        return await LoadAsync(request, ct);
    }

    private async Task<NotificationView> LoadAsync(RetryNotificationCommand request, CancellationToken ct) =>
        await db.QuerySingleOrDefaultAsync<NotificationView>(
            $"select {NotificationReads.Columns} from {NotificationReads.All} where n.type = @Type and n.id = @Id",
            new { request.Type, request.Id }, ct) ?? throw new NotFoundException();
}

internal static class RetryNotificationEndpoint
{
    public static void MapRetryNotification(this IEndpointRouteBuilder staff)
    {
        foreach (var (segment, type) in new[] { ("mails", "mail"), ("reminders", "reminder") })
            staff.MapPost($"/notifications/{segment}/{{id:guid}}/retry", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
                    Results.Ok(await mediator.Send(new RetryNotificationCommand(type, id, StaffViewer.From(http)), ct)))
                .WithName(type == "mail" ? "RetryCoachingMail" : "RetryCoachingReminder")
                .WithSummary(type == "mail" ? "Fehlgeschlagene Mail erneut senden" : "Fehlgeschlagene Erinnerung erneut senden (nur vor dem Termin)")
                .Produces<NotificationView>().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
    }
}
