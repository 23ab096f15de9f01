using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Coaching.Contracts;
using Bezirksplattform.Coaching.Invitations;
using Bezirksplattform.Coaching.Sessions;
using Bezirksplattform.Coaching.Staff;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.RecordSessionOutcome;

/// <summary>
/// The coach records how a session went, once it has begun: held (for a group, with the bookings whose
/// founders came; without a list everyone came), no-show, or cancelled too late. A correction is
/// allowed; <see cref="SessionHeld"/> is published when a session first becomes held.
/// </summary>
internal sealed record RecordSessionOutcomeCommand(Guid SessionId, string Outcome, Guid[]? Attendees, StaffViewer Viewer) : ICommand<SessionRecordView>;

internal sealed class RecordSessionOutcomeValidator : AbstractValidator<RecordSessionOutcomeCommand>
{
    public RecordSessionOutcomeValidator()
    {
        RuleFor(x => x.Outcome).Must(o => SessionOutcomes.All.Contains(o)).WithMessage($"Erlaubt: {string.Join(", ", SessionOutcomes.All)}.");
        RuleFor(x => x.Attendees).Null().When(x => x.Outcome != SessionOutcomes.Held)
            .WithMessage("Teilnehmende gibt es nur bei 'held'.");
        RuleFor(x => x.Attendees).NotEmpty().When(x => x.Outcome == SessionOutcomes.Held && x.Attendees is not null)
            .WithMessage("Mindestens eine Buchung; ist niemand gekommen, ist das 'no_show'.");
    }
}

internal sealed class RecordSessionOutcomeHandler(IDbSession db, IIntegrationEventOutbox outbox, TimeProvider clock)
    : IRequestHandler<RecordSessionOutcomeCommand, SessionRecordView>
{
    public async Task<SessionRecordView> Handle(RecordSessionOutcomeCommand request, CancellationToken ct)
    {
        var session = await SessionRecords.LoadAsync(db, request.SessionId, request.Viewer, ct, forUpdate: true);
        var now = clock.GetUtcNow();
        if (session.Status != "active") throw new ConflictException("Die Sitzung wurde abgesagt; sie hat kein Ergebnis.");
        if (now < session.StartsAt)
            throw new ConflictException("Das Ergebnis lässt sich erst eintragen, wenn die Sitzung begonnen hat.");

        var booked = await db.QueryAsync<(Guid BookingId, Guid FounderId)>(
            "select id, founder_id from coaching.bookings where session_id = @SessionId and status = 'confirmed' order by id", new { request.SessionId }, ct);
        if (booked.Count == 0) throw new ConflictException("Für diese Sitzung gibt es keine bestätigte Buchung.");
        if (request.Attendees?.Except(booked.Select(b => b.BookingId)).ToList() is [_, ..] unknown)
            throw new FieldProblemException("attendees", $"Keine bestätigte Buchung dieser Sitzung: {string.Join(", ", unknown)}.");

        Guid[] attended = request.Outcome != SessionOutcomes.Held ? [] : request.Attendees ?? [.. booked.Select(b => b.BookingId)];
        await db.ExecuteAsync(
            """
            update coaching.sessions set outcome = @Outcome, outcome_recorded_at = @now, outcome_recorded_by = @UserId where id = @SessionId;
            update coaching.bookings set attended = (id = any(@attended)), updated_at = @now where session_id = @SessionId and status = 'confirmed';
            """, new { request.Outcome, now, request.Viewer.UserId, request.SessionId, attended }, ct);

        if (request.Outcome == SessionOutcomes.Held && session.Outcome != SessionOutcomes.Held)
        {
            Guid[] founders = [.. booked.Where(b => attended.Contains(b.BookingId)).Select(b => b.FounderId).Distinct()];
            await outbox.EnqueueAsync(new SessionHeld(session.Id, session.CoachId, session.SessionTypeId, session.StartsAt, founders), ct);
            // Founders who came through a counselling referral: their referral's coaching took place.
            await ReferralInvitations.CompleteForAttendeesAsync(db, outbox, session.Id, founders, now, ct);
        }
        return await SessionRecords.ViewAsync(db, session.Id, ct);
    }
}

internal sealed record SessionOutcomeBody(string? Outcome, Guid[]? Attendees);

internal static class RecordSessionOutcomeEndpoint
{
    public static void MapRecordSessionOutcome(this IEndpointRouteBuilder staff)
    {
        staff.MapPost("/sessions/{id:guid}/outcome", async (Guid id, SessionOutcomeBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new RecordSessionOutcomeCommand(id, body.Outcome?.Trim() ?? "", body.Attendees, StaffViewer.From(http)), ct)))
            .WithName("RecordCoachingSessionOutcome")
            .WithSummary("Ergebnis einer begonnenen Sitzung eintragen: held (mit attendees bei Gruppen), no_show oder late_cancelled")
            .Produces<SessionRecordView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

        staff.MapGet("/sessions/{id:guid}/outcome", async (Guid id, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new GetSessionRecordQuery(id, StaffViewer.From(http)), ct)))
            .WithName("GetCoachingSessionRecord")
            .WithSummary("Ergebnis, Teilnahme und private Notizen einer Sitzung (nur der eigene Coach und Admins)")
            .Produces<SessionRecordView>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
    }
}

internal sealed record GetSessionRecordQuery(Guid SessionId, StaffViewer Viewer) : IQuery<SessionRecordView>;

internal sealed class GetSessionRecordHandler(IDbSession db) : IRequestHandler<GetSessionRecordQuery, SessionRecordView>
{
    public async Task<SessionRecordView> Handle(GetSessionRecordQuery request, CancellationToken ct)
    {
        await SessionRecords.LoadAsync(db, request.SessionId, request.Viewer, ct);
        return await SessionRecords.ViewAsync(db, request.SessionId, ct);
    }
}
