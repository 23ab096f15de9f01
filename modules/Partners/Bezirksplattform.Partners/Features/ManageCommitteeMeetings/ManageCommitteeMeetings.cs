using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Partners.Committees;
using Bezirksplattform.Partners.Shared;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.ManageCommitteeMeetings;

internal sealed record MeetingBody(DateTimeOffset? StartsAt, string? Location, string[]? Agenda, string? Minutes, string? Status, int? Version);

/// <summary>Plans (Id null) or changes a meeting: agenda items in order, minutes as Markdown, status planned/held/cancelled.</summary>
internal sealed record SaveMeetingCommand(
    Guid CommitteeId, Guid? Id, ExpectedVersion Expected, DateTimeOffset? StartsAt, string? Location, string[] Agenda, string? Minutes, string Status,
    Guid ActorId) : ICommand<MeetingView>;

internal sealed class SaveMeetingValidator : AbstractValidator<SaveMeetingCommand>
{
    public SaveMeetingValidator()
    {
        RuleFor(x => x.StartsAt).NotNull().WithMessage("Darf nicht leer sein.");
        RuleFor(x => x.Status).Must(s => MeetingStatuses.All.Contains(s)).WithMessage(Allowed.Message(MeetingStatuses.All));
        RuleFor(x => x.Location).MaximumLength(300);
        RuleFor(x => x.Agenda).Must(a => a.Length <= 50 && a.All(i => !string.IsNullOrWhiteSpace(i) && i.Length <= 500))
            .WithMessage("Höchstens 50 Tagesordnungspunkte mit je 1 bis 500 Zeichen.");
        RuleFor(x => x.Minutes).MaximumLength(100_000);
    }
}

internal sealed class SaveMeetingHandler(IDbSession db, TimeProvider clock) : IRequestHandler<SaveMeetingCommand, MeetingView>
{
    public async Task<MeetingView> Handle(SaveMeetingCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (request.Status == MeetingStatuses.Held && request.StartsAt > now)
            throw new FieldProblemException("status", "Eine Sitzung in der Zukunft kann noch nicht stattgefunden haben.");
        await CommitteeReads.EnsureCommitteeAsync(db, request.CommitteeId, ct);

        MeetingView? before = null;
        if (request.Id is { } existing)
        {
            before = await CommitteeReads.LoadMeetingAsync(db, request.CommitteeId, existing, ct, forUpdate: true);
            request.Expected.Check(before.Version, "Die Sitzung");
        }

        var args = new
        {
            Id = request.Id ?? Guid.CreateVersion7(), request.CommitteeId, request.StartsAt, request.Location, Agenda = request.Agenda.Select(i => i.Trim()).ToArray(),
            request.Minutes, request.Status, now, request.ActorId,
        };
        await db.ExecuteAsync(before is null
            ? """
              insert into partners.committee_meetings (id, committee_id, starts_at, location, agenda, minutes, status, version, created_at, created_by, updated_at, updated_by)
              values (@Id, @CommitteeId, @StartsAt, @Location, @Agenda, @Minutes, @Status, 1, @now, @ActorId, @now, @ActorId)
              """
            : """
              update partners.committee_meetings
              set starts_at = @StartsAt, location = @Location, agenda = @Agenda, minutes = @Minutes, status = @Status,
                  version = version + 1, updated_at = @now, updated_by = @ActorId
              where id = @Id
              """, args, ct);

        var after = await CommitteeReads.LoadMeetingAsync(db, request.CommitteeId, args.Id, ct);
        await PartnersHistory.RecordAsync(db, CommitteeHistoryTypes.Meeting, args.Id, before is null ? "created" : "updated",
            before is null ? Fields(after) : PartnersHistory.Diff(Fields(before), Fields(after)), request.ActorId, now, ct);
        return after;
    }

    private static object Fields(MeetingView m) => new { m.StartsAt, m.Location, m.Agenda, m.Minutes, m.Status };
}

internal sealed record DeleteMeetingCommand(Guid CommitteeId, Guid MeetingId, Guid ActorId) : ICommand<bool>;

internal sealed class DeleteMeetingHandler(IDbSession db, TimeProvider clock) : IRequestHandler<DeleteMeetingCommand, bool>
{
    public async Task<bool> Handle(DeleteMeetingCommand request, CancellationToken ct)
    {
        var meeting = await CommitteeReads.LoadMeetingAsync(db, request.CommitteeId, request.MeetingId, ct, forUpdate: true);
        // Held meetings are the committee's record (minutes, attendance): they stay.
        if (meeting.Status == MeetingStatuses.Held)
            throw new ConflictException("Eine stattgefundene Sitzung wird nicht gelöscht. Ändern Sie bei Bedarf das Protokoll.");
        await db.ExecuteAsync("delete from partners.committee_meetings where id = @MeetingId", request, ct);
        await PartnersHistory.RecordAsync(db, CommitteeHistoryTypes.Meeting, meeting.Id, "deleted",
            new { meeting.CommitteeId, meeting.StartsAt, meeting.Location, meeting.Agenda, meeting.Status }, request.ActorId, clock.GetUtcNow(), ct);
        return true;
    }
}

internal sealed record ListMeetingsQuery(Guid CommitteeId, DateTimeOffset? From, DateTimeOffset? Until, string? Status) : IQuery<IReadOnlyList<MeetingView>>;

internal sealed class ListMeetingsHandler(IDbSession db) : IRequestHandler<ListMeetingsQuery, IReadOnlyList<MeetingView>>
{
    public async Task<IReadOnlyList<MeetingView>> Handle(ListMeetingsQuery request, CancellationToken ct)
    {
        await CommitteeReads.EnsureCommitteeAsync(db, request.CommitteeId, ct);
        return await CommitteeReads.MeetingsAsync(db,
            """
            where g.committee_id = @CommitteeId and (@From::timestamptz is null or g.starts_at >= @From)
              and (@Until::timestamptz is null or g.starts_at < @Until) and (@Status::text is null or g.status = @Status)
            """, request, ct);
    }
}

internal sealed record GetMeetingQuery(Guid CommitteeId, Guid MeetingId) : IQuery<MeetingView>;

internal sealed class GetMeetingHandler(IDbSession db) : IRequestHandler<GetMeetingQuery, MeetingView>
{
    public Task<MeetingView> Handle(GetMeetingQuery request, CancellationToken ct) =>
        CommitteeReads.LoadMeetingAsync(db, request.CommitteeId, request.MeetingId, ct);
}

internal static class ManageCommitteeMeetingsEndpoints
{
    public static void MapManageCommitteeMeetings(this IEndpointRouteBuilder committees)
    {
        committees.MapGet("/{id:guid}/meetings", async (Guid id, DateTimeOffset? from, DateTimeOffset? until, string? status, IMediator mediator, CancellationToken ct) =>
            {
                if (status is not null && !MeetingStatuses.All.Contains(status)) throw new FieldProblemException("status", Allowed.Message(MeetingStatuses.All));
                return Results.Ok(await mediator.Send(new ListMeetingsQuery(id, from, until, status), ct));
            })
            .WithName("ListCommitteeMeetings").WithSummary("Sitzungen eines Gremiums in zeitlicher Folge, mit Anwesenheit")
            .Produces<IReadOnlyList<MeetingView>>().ProducesProblem(StatusCodes.Status404NotFound);

        committees.MapGet("/{id:guid}/meetings/{meetingId:guid}", async (Guid id, Guid meetingId, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var meeting = await mediator.Send(new GetMeetingQuery(id, meetingId), ct);
                http.Response.Headers.ETag = CommitteeReads.ETagOf(meeting.Version);
                return Results.Ok(meeting);
            })
            .WithName("GetCommitteeMeeting").WithSummary("Eine Sitzung mit Tagesordnung, Protokoll und Anwesenheit")
            .Produces<MeetingView>().ProducesProblem(StatusCodes.Status404NotFound);

        committees.MapPost("/{id:guid}/meetings", async (Guid id, MeetingBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var meeting = await mediator.Send(ToCommand(id, null, body, http), ct);
                http.Response.Headers.ETag = CommitteeReads.ETagOf(meeting.Version);
                return Results.Created($"/api/partners/committees/{id}/meetings/{meeting.Id}", meeting);
            })
            .RequireCoordinator().WithName("CreateCommitteeMeeting").WithSummary("Sitzung anlegen")
            .Produces<MeetingView>(StatusCodes.Status201Created).ProducesValidationProblem();

        committees.MapPut("/{id:guid}/meetings/{meetingId:guid}", async (Guid id, Guid meetingId, MeetingBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var meeting = await mediator.Send(ToCommand(id, meetingId, body, http), ct);
                http.Response.Headers.ETag = CommitteeReads.ETagOf(meeting.Version);
                return Results.Ok(meeting);
            })
            .RequireCoordinator().WithName("UpdateCommitteeMeeting").WithSummary("Sitzung ändern, z. B. Protokoll eintragen oder absagen (If-Match oder version)")
            .Produces<MeetingView>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status412PreconditionFailed);

        committees.MapDelete("/{id:guid}/meetings/{meetingId:guid}", async (Guid id, Guid meetingId, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                await mediator.Send(new DeleteMeetingCommand(id, meetingId, CurrentUser.Required(http).Id), ct);
                return Results.NoContent();
            })
            .RequireCoordinator().WithName("DeleteCommitteeMeeting").WithSummary("Geplante oder abgesagte Sitzung löschen")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static SaveMeetingCommand ToCommand(Guid committeeId, Guid? id, MeetingBody body, HttpContext http) =>
        new(committeeId, id, ExpectedVersion.From(http, body.Version), body.StartsAt, Input.Blank(body.Location), body.Agenda ?? [],
            string.IsNullOrWhiteSpace(body.Minutes) ? null : body.Minutes, body.Status ?? MeetingStatuses.Planned, CurrentUser.Required(http).Id);
}
