using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Coaching.Sessions;
using Bezirksplattform.Coaching.Staff;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.SaveCoachNotes;

/// <summary>
/// The coach's private notes on a session (preparation before, what was agreed after). Empty clears them.
/// Only the session's coach and admins read them (staff API); no mail, public answer or event carries them.
/// </summary>
internal sealed record SaveCoachNotesCommand(Guid SessionId, string? Notes, StaffViewer Viewer) : ICommand<SessionRecordView>;

internal sealed class SaveCoachNotesValidator : AbstractValidator<SaveCoachNotesCommand>
{
    public SaveCoachNotesValidator() => RuleFor(x => x.Notes).MaximumLength(20_000);
}

internal sealed class SaveCoachNotesHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SaveCoachNotesCommand, SessionRecordView>
{
    public async Task<SessionRecordView> Handle(SaveCoachNotesCommand request, CancellationToken ct)
    {
        await SessionRecords.LoadAsync(db, request.SessionId, request.Viewer, ct, forUpdate: true);
        await db.ExecuteAsync("update coaching.sessions set coach_notes = @notes, notes_updated_at = @now where id = @SessionId",
            new { notes = string.IsNullOrWhiteSpace(request.Notes) ? null : request.Notes.Trim(), now = clock.GetUtcNow(), request.SessionId }, ct);
        return await SessionRecords.ViewAsync(db, request.SessionId, ct);
    }
}

internal sealed record CoachNotesBody(string? Notes);

internal static class SaveCoachNotesEndpoint
{
    public static void MapSaveCoachNotes(this IEndpointRouteBuilder staff) =>
        staff.MapPut("/sessions/{id:guid}/notes", async (Guid id, CoachNotesBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new SaveCoachNotesCommand(id, body.Notes, StaffViewer.From(http)), ct)))
            .WithName("SaveCoachingSessionNotes")
            .WithSummary("Private Notizen des Coaches zu einer Sitzung speichern (leer: löschen)")
            .Produces<SessionRecordView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
}
