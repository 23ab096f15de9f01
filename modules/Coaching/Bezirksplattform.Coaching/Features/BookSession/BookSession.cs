using System.Security.Cryptography;
using System.Text;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Coaching.Booking;
using Bezirksplattform.Coaching.Contracts;
using Bezirksplattform.Coaching.Invitations;
using Bezirksplattform.Coaching.Notifications;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.BookSession;

internal sealed record BookSessionBody(
    string? SessionType, Guid? Coach, DateTimeOffset? Start, string? Name, string? Email, string? Phone, string? Stage, bool? Consent,
    string? Invitation = null);

/// <summary>
/// A founder books a slot without an account; a retry with the same Idempotency-Key returns the same booking.
/// <c>Invitation</c>: the token from a referral invitation (counselling), linking the booking to the referral.
/// </summary>
internal sealed record BookSessionCommand(
    string SessionType, Guid? Coach, DateTimeOffset? Start, string Name, string Email, string? Phone, string Stage, bool Consent,
    string? IdempotencyKey, string? Invitation = null) : ICommand<BookSessionResult>;

internal sealed record BookSessionResult(BookingView Booking, bool Replayed);

internal sealed class BookSessionValidator : AbstractValidator<BookSessionCommand>
{
    public BookSessionValidator()
    {
        RuleFor(x => x.SessionType).NotEmpty().WithMessage("Bitte die Sitzungsart angeben (Id oder Kürzel).").MaximumLength(100);
        RuleFor(x => x.Coach).NotNull().WithMessage("Bitte den Coach angeben (Id aus der Liste der freien Termine).");
        RuleFor(x => x.Start).NotNull().WithMessage("Bitte den Beginn angeben, z. B. 2026-11-30T09:00:00Z.");
        FounderRules.Apply(this, x => x.Name, x => x.Email, x => x.Phone, x => x.Stage, x => x.Consent);
    }
}

/// <summary>Name, e-mail, phone, stage and consent: the same rules for bookings and waitlist sign-ups.</summary>
internal static class FounderRules
{
    public static void Apply<T>(AbstractValidator<T> v, System.Linq.Expressions.Expression<Func<T, string>> name,
        System.Linq.Expressions.Expression<Func<T, string>> email, System.Linq.Expressions.Expression<Func<T, string?>> phone,
        System.Linq.Expressions.Expression<Func<T, string>> stage, System.Linq.Expressions.Expression<Func<T, bool>> consent)
    {
        v.RuleFor(name).NotEmpty().WithMessage("Bitte Ihren Namen angeben.").MaximumLength(200);
        v.RuleFor(email).Must(ContactRules.IsEmail).WithMessage(ContactRules.EmailMessage);
        v.RuleFor(phone).Must(ContactRules.IsPhone).WithMessage(ContactRules.PhoneMessage);
        v.RuleFor(stage).Must(FounderStages.IsKnown).WithMessage(FounderStages.Message);
        v.RuleFor(consent).Equal(true).WithMessage(ContactRules.ConsentMessage);
    }
}

internal sealed class BookSessionHandler(
    IDbSession db, TimeProvider clock, ManageLinks links, BookingNotifications notifications, IIntegrationEventOutbox outbox)
    : IRequestHandler<BookSessionCommand, BookSessionResult>
{
    public async Task<BookSessionResult> Handle(BookSessionCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var type = await BookableType.FindAsync(db, request.SessionType, "sessionType", ct);
        var coachId = request.Coach!.Value;
        var start = request.Start!.Value.ToUniversalTime();
        var hash = RequestHash(type.Id, coachId, start, request);

        if (request.IdempotencyKey is { } key)
        {
            // Same-key requests queue behind each other here, so a retry racing its original sees its outcome.
            await db.ExecuteAsync("select pg_advisory_xact_lock(hashtextextended('coaching.booking:' || @key, 0))", new { key }, ct);
            if (await BookingRows.FindByIdempotencyKeyAsync(db, key, ct) is { } earlier)
            {
                if (earlier.IdempotencyHash is null || !CryptographicOperations.FixedTimeEquals(earlier.IdempotencyHash, hash))
                    throw new ProblemException(StatusCodes.Status422UnprocessableEntity, "Idempotency-Key bereits verwendet",
                        "Der Idempotency-Key wurde schon für eine andere Buchungsanfrage verwendet. Für eine neue Buchung bitte einen neuen Schlüssel senden.",
                        new Dictionary<string, string[]> { ["idempotencyKey"] = ["Kopfzeile Idempotency-Key: schon für eine andere Anfrage verwendet."] });
                return new BookSessionResult(earlier.ToView(links), Replayed: true);
            }
        }

        (Guid Id, Guid ReferralId)? invitation = request.Invitation is { } token ? await ReferralInvitations.RequireOpenAsync(db, token, now, ct) : null;
        await type.EnsureOfferedByAsync(db, coachId, "coach", ct);
        await OfferedSlot.EnsureAsync(db, type, coachId, start, now, ct);
        var session = await Seats.TakeAsync(db, type, coachId, start, now, ct);

        var email = request.Email.Trim();
        var alreadyBooked = await db.ExecuteScalarAsync<bool>(
            """
            select exists (select 1 from coaching.bookings b join coaching.founders f on f.id = b.founder_id
                           where b.session_id = @sessionId and b.status in ('confirmed', 'offered') and f.email_normalized = @normalised)
            """, new { sessionId = session.Id, normalised = ContactRules.NormaliseEmail(email) }, ct);
        if (alreadyBooked) throw new ConflictException("Sie haben diesen Termin bereits gebucht.");

        var phone = string.IsNullOrWhiteSpace(request.Phone) ? null : request.Phone.Trim();
        var founderId = await FounderRecords.UpsertAsync(db, request.Name.Trim(), email, phone, request.Stage, now, ct);
        var bookingId = Guid.CreateVersion7();
        await BookingRows.InsertAsync(db, new NewBooking(bookingId, session.Id, founderId, BookingStatuses.Confirmed, request.Name.Trim(), email,
            phone, request.Stage, now, now, request.IdempotencyKey, request.IdempotencyKey is null ? null : hash), ct);

        await notifications.QueueMailAsync(bookingId, BookingMailKinds.Confirmation, ct);
        await notifications.ScheduleRemindersAsync(bookingId, session.StartsAt, ct);
        if (invitation is { } invited) await ReferralInvitations.AcceptAsync(db, outbox, invited, bookingId, founderId, now, ct);
        await outbox.EnqueueAsync(new SessionBooked(bookingId, session.Id, coachId, type.Id, session.StartsAt, session.EndsAt, founderId, request.Stage), ct);
        return new BookSessionResult((await BookingRows.LoadAsync(db, bookingId, ct)).ToView(links), Replayed: false);
    }

    /// <summary>What makes two requests "the same booking": the normalised fields, not the bytes of the body.</summary>
    private static byte[] RequestHash(Guid typeId, Guid coachId, DateTimeOffset start, BookSessionCommand r) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', typeId, coachId, start.UtcTicks, r.Name.Trim(),
            ContactRules.NormaliseEmail(r.Email), r.Phone?.Trim() ?? "", r.Stage, r.Consent, r.Invitation ?? "")));
}

internal static class BookSessionEndpoints
{
    public static void MapBookSession(this IEndpointRouteBuilder publicApi)
    {
        publicApi.MapPost("/coaching/bookings", async (BookSessionBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
            {
                var key = http.Request.Headers["Idempotency-Key"].ToString();
                if (http.Request.Headers.ContainsKey("Idempotency-Key") && (key.Length is 0 or > 200 || key.Any(char.IsControl)))
                    throw new FieldProblemException("idempotencyKey", "Die Kopfzeile Idempotency-Key muss 1 bis 200 druckbare Zeichen lang sein.");
                var result = await mediator.Send(new BookSessionCommand(body.SessionType ?? "", body.Coach, body.Start, body.Name ?? "", body.Email ?? "",
                    body.Phone, body.Stage ?? "", body.Consent ?? false, key.Length > 0 ? key : null,
                    string.IsNullOrWhiteSpace(body.Invitation) ? null : body.Invitation.Trim()), ct);
                if (result.Replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
                return Results.Created($"/api/public/v1/coaching/bookings/{result.Booking.Id}", result.Booking);
            })
            .WithName("BookCoachingSession")
            .WithSummary("Termin buchen (ohne Konto); Idempotency-Key macht Wiederholungen sicher")
            .Produces<BookingView>(StatusCodes.Status201Created).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
    }
}
