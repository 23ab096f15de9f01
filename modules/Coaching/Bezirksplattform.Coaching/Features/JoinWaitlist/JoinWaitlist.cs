using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Coaching.Booking;
using Bezirksplattform.Coaching.Features.BookSession;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.JoinWaitlist;

internal sealed record JoinWaitlistBody(
    string? SessionType, Guid? Coach, DateOnly? From, DateOnly? To, string? Name, string? Email, string? Phone, string? Stage, bool? Consent);

/// <summary>
/// A founder waits for a seat of a session type (optionally with one coach) between two Berlin
/// dates. When a seat in that range frees up, the first in line gets an offer (see WaitlistOffers).
/// </summary>
internal sealed record JoinWaitlistCommand(
    string SessionType, Guid? Coach, DateOnly? From, DateOnly? To, string Name, string Email, string? Phone, string Stage, bool Consent)
    : ICommand<WaitlistEntryView>;

internal sealed record WaitlistEntryView(
    Guid Id, string Status, int Position, BookingSessionType SessionType, Guid? Coach, DateOnly From, DateOnly To, string Name, string Email);

internal sealed class JoinWaitlistValidator : AbstractValidator<JoinWaitlistCommand>
{
    public JoinWaitlistValidator()
    {
        RuleFor(x => x.SessionType).NotEmpty().WithMessage("Bitte die Sitzungsart angeben (Id oder Kürzel).").MaximumLength(100);
        RuleFor(x => x.From).NotNull().WithMessage("Bitte das erste Datum angeben, z. B. 2026-12-01.");
        RuleFor(x => x.To).NotNull().WithMessage("Bitte das letzte Datum angeben, z. B. 2026-12-31.");
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null && x.To is not null)
            .WithMessage("Das letzte Datum liegt vor dem ersten.");
        RuleFor(x => x.To).Must((x, to) => to!.Value.DayNumber - x.From!.Value.DayNumber <= 92).When(x => x.From is not null && x.To is not null)
            .WithMessage("Der Zeitraum darf höchstens drei Monate umfassen.");
        FounderRules.Apply(this, x => x.Name, x => x.Email, x => x.Phone, x => x.Stage, x => x.Consent);
    }
}

internal sealed class JoinWaitlistHandler(IDbSession db, TimeProvider clock) : IRequestHandler<JoinWaitlistCommand, WaitlistEntryView>
{
    public async Task<WaitlistEntryView> Handle(JoinWaitlistCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var type = await BookableType.FindAsync(db, request.SessionType, "sessionType", ct);
        if (request.Coach is { } coachId) await type.EnsureOfferedByAsync(db, coachId, "coach", ct);
        var today = clock.Today();
        if (request.To!.Value < today) throw new FieldProblemException("to", "Der Zeitraum liegt in der Vergangenheit.");
        if (request.From!.Value > today.AddDays(type.HorizonDays))
            throw new FieldProblemException("from", $"Diese Sitzungsart kann höchstens {type.HorizonDays} Tage im Voraus gebucht werden.");

        var email = request.Email.Trim();
        var waiting = await db.ExecuteScalarAsync<bool>(
            "select exists (select 1 from coaching.waitlist_entries where session_type_id = @typeId and lower(email) = @normalised and status in ('waiting', 'offered'))",
            new { typeId = type.Id, normalised = ContactRules.NormaliseEmail(email) }, ct);
        if (waiting) throw new ConflictException("Sie stehen für diese Sitzungsart bereits auf der Warteliste.");

        var id = Guid.CreateVersion7();
        var from = request.From.Value < today ? today : request.From.Value;
        var phone = string.IsNullOrWhiteSpace(request.Phone) ? null : request.Phone.Trim();
        await db.ExecuteAsync(
            """
            insert into coaching.waitlist_entries (id, session_type_id, coach_id, from_date, to_date, name, email, phone, stage, consent_at, status, created_at)
            values (@id, @typeId, @Coach, @from, @To, @name, @email, @phone, @Stage, @now, 'waiting', @now)
            """, new { id, typeId = type.Id, request.Coach, from, request.To, name = request.Name.Trim(), email, phone, request.Stage, now }, ct);
        var position = await db.ExecuteScalarAsync<int>(
            """
            select count(*)::int from coaching.waitlist_entries
            where session_type_id = @typeId and status = 'waiting' and queue_no <= (select queue_no from coaching.waitlist_entries where id = @id)
            """, new { typeId = type.Id, id }, ct);
        return new WaitlistEntryView(id, "waiting", position, new BookingSessionType(type.Id, type.Slug, type.Name), request.Coach, from, request.To.Value,
            request.Name.Trim(), email);
    }
}

internal static class JoinWaitlistEndpoints
{
    public static void MapJoinWaitlist(this IEndpointRouteBuilder publicApi)
    {
        publicApi.MapPost("/coaching/waitlist", async (JoinWaitlistBody body, IMediator mediator, CancellationToken ct) =>
            {
                var entry = await mediator.Send(new JoinWaitlistCommand(body.SessionType ?? "", body.Coach, body.From, body.To, body.Name ?? "",
                    body.Email ?? "", body.Phone, body.Stage ?? "", body.Consent ?? false), ct);
                return Results.Json(entry, statusCode: StatusCodes.Status201Created);
            })
            .WithName("JoinCoachingWaitlist")
            .WithSummary("Auf die Warteliste einer Sitzungsart für einen Zeitraum (Berliner Daten) setzen; Antwort mit Platz in der Reihe")
            .Produces<WaitlistEntryView>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
    }
}
