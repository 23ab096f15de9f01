using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Coaching.Staff;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.ListNotifications;

/// <summary>
/// A queued mail (type "mail") or a reminder (type "reminder") as staff see it: never the mail text
/// (it carries the founder's manage link), only what tells whether it went out and why not.
/// </summary>
internal sealed record NotificationView(
    string Type, Guid Id, Guid? BookingId, string Kind, string Recipient, string? Subject, string Status, int Attempts, string? LastError,
    DateTimeOffset? DueAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, DateTimeOffset? SessionStartsAt, Guid? CoachId);

internal sealed record NotificationPage(IReadOnlyList<NotificationView> Items, int Page, int PageSize, long Total);

/// <summary>Mails and reminders, newest first; e.g. status=failed: what did not go out and waits for a retry.</summary>
internal sealed record ListNotificationsQuery(string? Status, string? Type, Guid? Booking, int Page, int PageSize, StaffViewer Viewer) : IQuery<NotificationPage>;

internal static class NotificationReads
{
    public static readonly string[] Statuses = ["pending", "sent", "failed", "cancelled"];
    public static readonly string[] Types = ["mail", "reminder"];

    /// <summary>Both tables as one: a mail's due time is when it was queued. Mails without a booking belong to no coach (admins see them).</summary>
    public const string All =
        """
        (select 'mail' as type, m.id, m.booking_id, m.kind, m.recipient, m.subject, m.status, m.attempts, m.last_error,
                m.created_at as due_at, m.next_attempt_at, m.sent_at, s.starts_at as session_starts_at, s.coach_id
         from coaching.outgoing_mails m
         left join coaching.bookings b on b.id = m.booking_id left join coaching.sessions s on s.id = b.session_id
         union all
         select 'reminder', r.id, r.booking_id, r.kind, b.email, null, r.status, r.attempts, r.last_error,
                r.due_at, r.next_attempt_at, r.sent_at, s.starts_at, s.coach_id
         from coaching.reminders r
         join coaching.bookings b on b.id = r.booking_id join coaching.sessions s on s.id = b.session_id) n
        """;

    public const string Columns = "n.type, n.id, n.booking_id, n.kind, n.recipient, n.subject, n.status, n.attempts, n.last_error, n.due_at, n.next_attempt_at, n.sent_at, n.session_starts_at, n.coach_id";
}

internal sealed class ListNotificationsHandler(IDbSession db) : IRequestHandler<ListNotificationsQuery, NotificationPage>
{
    public async Task<NotificationPage> Handle(ListNotificationsQuery request, CancellationToken ct)
    {
        var coach = await request.Viewer.CoachFilterAsync(db, ct);
        var where =
            $"""
            from {NotificationReads.All}
            where (@Status::text is null or n.status = @Status) and (@Type::text is null or n.type = @Type)
              and (@Booking::uuid is null or n.booking_id = @Booking) and (@coach::uuid is null or n.coach_id = @coach)
            """;
        var args = new { request.Status, request.Type, request.Booking, coach, request.PageSize, Offset = (request.Page - 1) * request.PageSize };
        var items = await db.QueryAsync<NotificationView>(
            $"select {NotificationReads.Columns} {where} order by n.due_at desc, n.id desc limit @PageSize offset @Offset", args, ct);
        return new NotificationPage(items, request.Page, request.PageSize, await db.ExecuteScalarAsync<long>($"select count(*) {where}", args, ct));
    }
}

internal static class ListNotificationsEndpoint
{
    public static void MapListNotifications(this IEndpointRouteBuilder staff) =>
        staff.MapGet("/notifications", async (string? status, string? type, Guid? booking, int? page, int? pageSize, HttpContext http, IMediator mediator,
                CancellationToken ct) =>
            {
                if (status is not null && !NotificationReads.Statuses.Contains(status))
                    throw new FieldProblemException("status", $"Erlaubt: {string.Join(", ", NotificationReads.Statuses)}.");
                if (type is not null && !NotificationReads.Types.Contains(type))
                    throw new FieldProblemException("type", $"Erlaubt: {string.Join(", ", NotificationReads.Types)}.");
                if (page is < 1) throw new FieldProblemException("page", "Ab 1.");
                if (pageSize is < 1 or > 100) throw new FieldProblemException("pageSize", "1 bis 100.");
                return Results.Ok(await mediator.Send(
                    new ListNotificationsQuery(status, type, booking, page ?? 1, pageSize ?? 25, StaffViewer.From(http)), ct));
            })
            .WithName("ListCoachingNotifications")
            .WithSummary("Bestätigungs-, Änderungs-, Absage-Mails und Erinnerungen (z. B. status=failed: nicht zugestellt); Coaches sehen ihre eigenen")
            .Produces<NotificationPage>().ProducesValidationProblem();
}
