using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Partners.Committees;
using Bezirksplattform.Partners.Shared;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.RecordCommitteeAttendance;

/// <summary>One line of the attendance list: a member's seat (membershipId) or a guest (guestPersonId).</summary>
internal sealed record AttendanceEntry(Guid? MembershipId, Guid? GuestPersonId, string? Status, string? Note);

internal sealed record AttendanceBody(AttendanceEntry[]? Entries);

/// <summary>Replaces a meeting's attendance list. Members count only with a seat valid on the meeting day (Berlin date).</summary>
internal sealed record RecordAttendanceCommand(Guid CommitteeId, Guid MeetingId, AttendanceEntry[] Entries, Guid ActorId) : ICommand<MeetingView>;

internal sealed class RecordAttendanceValidator : AbstractValidator<RecordAttendanceCommand>
{
    public RecordAttendanceValidator()
    {
        RuleFor(x => x.Entries).Must(e => e.Length <= 200).WithMessage("Höchstens 200 Einträge.");
        RuleForEach(x => x.Entries).ChildRules(entry =>
        {
            entry.RuleFor(e => e.MembershipId).NotNull().When(e => e.GuestPersonId is null)
                .WithMessage("Eine Mitgliedschaft (membershipId) oder einen Gast (guestPersonId) angeben.");
            entry.RuleFor(e => e.MembershipId).Null().When(e => e.GuestPersonId is not null)
                .WithMessage("Entweder membershipId oder guestPersonId, nicht beides.");
            entry.RuleFor(e => e.Status).Must(s => s is not null && AttendanceStatuses.All.Contains(s)).WithMessage(Allowed.Message(AttendanceStatuses.All));
            entry.RuleFor(e => e.Note).MaximumLength(1000);
        });
        RuleFor(x => x.Entries).Must(e => e.Where(i => i.MembershipId is not null).DistinctBy(i => i.MembershipId).Count() == e.Count(i => i.MembershipId is not null)
                && e.Where(i => i.GuestPersonId is not null).DistinctBy(i => i.GuestPersonId).Count() == e.Count(i => i.GuestPersonId is not null))
            .WithMessage("Jede Mitgliedschaft und jeder Gast höchstens einmal.");
    }
}

internal sealed class RecordAttendanceHandler(IDbSession db, TimeProvider clock) : IRequestHandler<RecordAttendanceCommand, MeetingView>
{
    public async Task<MeetingView> Handle(RecordAttendanceCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var meeting = await CommitteeReads.LoadMeetingAsync(db, request.CommitteeId, request.MeetingId, ct, forUpdate: true);
        if (meeting.Status == MeetingStatuses.Cancelled) throw new ConflictException("Die Sitzung wurde abgesagt; für sie gibt es keine Anwesenheit.");
        var day = DateOnly.FromDateTime(meeting.StartsAt.ToBerlin().DateTime);

        var membershipIds = request.Entries.Where(e => e.MembershipId is not null).Select(e => e.MembershipId!.Value).ToArray();
        var seated = (await db.QueryAsync<Guid>(
            "select id from partners.committee_memberships where id = any(@membershipIds) and committee_id = @CommitteeId and term @> @day",
            new { membershipIds, request.CommitteeId, day }, ct)).ToHashSet();
        var guestIds = request.Entries.Where(e => e.GuestPersonId is not null).Select(e => e.GuestPersonId!.Value).ToArray();
        var known = (await db.QueryAsync<Guid>("select id from partners.people where id = any(@guestIds)", new { guestIds }, ct)).ToHashSet();
        for (var i = 0; i < request.Entries.Length; i++)
        {
            var entry = request.Entries[i];
            if (entry.MembershipId is { } m && !seated.Contains(m))
                throw new FieldProblemException($"entries[{i}].membershipId", $"Keine Mitgliedschaft in diesem Gremium am Sitzungstag ({day:dd.MM.yyyy}).");
            if (entry.GuestPersonId is { } g && !known.Contains(g))
                throw new FieldProblemException($"entries[{i}].guestPersonId", "Unbekannte Person.");
        }

        await db.ExecuteAsync("delete from partners.committee_attendance where meeting_id = @MeetingId", request, ct);
        foreach (var entry in request.Entries)
            await db.ExecuteAsync(
                "insert into partners.committee_attendance (meeting_id, membership_id, guest_person_id, status, note) values (@MeetingId, @MembershipId, @GuestPersonId, @Status, @Note)",
                new { request.MeetingId, entry.MembershipId, entry.GuestPersonId, entry.Status, Note = Input.Blank(entry.Note) }, ct);
        await db.ExecuteAsync(
            "update partners.committee_meetings set version = version + 1, updated_at = @now, updated_by = @ActorId where id = @MeetingId",
            new { request.MeetingId, now, request.ActorId }, ct);

        await PartnersHistory.RecordAsync(db, CommitteeHistoryTypes.Meeting, meeting.Id, "attendance_recorded",
            new { before = meeting.Attendance, after = request.Entries }, request.ActorId, now, ct);
        return await CommitteeReads.LoadMeetingAsync(db, request.CommitteeId, request.MeetingId, ct);
    }
}

internal static class RecordCommitteeAttendanceEndpoint
{
    public static void MapRecordCommitteeAttendance(this IEndpointRouteBuilder committees) =>
        committees.MapPut("/{id:guid}/meetings/{meetingId:guid}/attendance",
                async (Guid id, Guid meetingId, AttendanceBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                {
                    var meeting = await mediator.Send(new RecordAttendanceCommand(id, meetingId, body.Entries ?? [], CurrentUser.Required(http).Id), ct);
                    http.Response.Headers.ETag = CommitteeReads.ETagOf(meeting.Version);
                    return Results.Ok(meeting);
                })
            .RequireCoordinator().WithName("RecordCommitteeAttendance")
            .WithSummary("Anwesenheit einer Sitzung erfassen (ersetzt die Liste): present, excused oder absent")
            .Produces<MeetingView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
}
