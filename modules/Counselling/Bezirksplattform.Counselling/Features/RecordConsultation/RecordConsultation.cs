using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Cases;
using Bezirksplattform.Counselling.Clients;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.RecordConsultation;

internal sealed record ConsultationView(
    Guid Id, Guid ClientId, Guid? CaseId, Guid CounsellorId, DateOnly OccurredOn, int DurationMinutes, string Channel, string[] Topics, string? Outcome,
    string? NextSteps, DateOnly? FollowUpOn, DateTimeOffset CreatedAt);

/// <summary>Logs a consultation of a visible client by the signed-in counsellor. Dates are Berlin calendar dates, not in the future.</summary>
internal sealed record RecordConsultationCommand(
    Guid ClientId, string? OccurredOn, int? DurationMinutes, string Channel, string[] Topics, string? Outcome, string? NextSteps,
    string? FollowUpOn, Viewer Viewer, Guid? CaseId = null) : ICommand<ConsultationView>;

internal sealed class RecordConsultationValidator : AbstractValidator<RecordConsultationCommand>
{
    public RecordConsultationValidator()
    {
        RuleFor(x => x.OccurredOn).Must(Inputs.IsDate).WithMessage(Inputs.DateFormat);
        RuleFor(x => x.DurationMinutes).NotNull().WithMessage("Dauer in Minuten angeben.")
            .InclusiveBetween(1, 600).WithMessage("Dauer in Minuten, größer als 0 und höchstens 600.");
        RuleFor(x => x.Channel).Must(CounsellingVocabulary.Channels.Contains).WithMessage(CounsellingVocabulary.Allowed(CounsellingVocabulary.Channels));
        RuleFor(x => x.Topics).NotEmpty().WithMessage("Mindestens ein Thema. " + CounsellingVocabulary.Allowed(CounsellingVocabulary.Topics));
        RuleForEach(x => x.Topics).Must(CounsellingVocabulary.Topics.Contains).WithMessage(CounsellingVocabulary.Allowed(CounsellingVocabulary.Topics));
        RuleFor(x => x.Outcome).MaximumLength(4000);
        RuleFor(x => x.NextSteps).MaximumLength(4000);
        RuleFor(x => x.FollowUpOn).Must(d => d is null || Inputs.IsDate(d)).WithMessage(Inputs.DateFormat);
        RuleFor(x => x.FollowUpOn)
            .Must((x, d) => Inputs.ParseDate(d) is not { } follow || Inputs.ParseDate(x.OccurredOn) is not { } on || follow >= on)
            .WithMessage("Die Wiedervorlage darf nicht vor dem Beratungsdatum liegen.");
    }
}

internal sealed class RecordConsultationHandler(IDbSession db, TimeProvider clock) : IRequestHandler<RecordConsultationCommand, ConsultationView>
{
    public async Task<ConsultationView> Handle(RecordConsultationCommand request, CancellationToken ct)
    {
        await ClientAccess.RequireProcessableAsync(db, request.Viewer, request.ClientId, ct);
        await CaseReads.EnsureBelongsToClientAsync(db, request.CaseId, request.ClientId, ct);
        var now = clock.GetUtcNow();
        var occurredOn = Inputs.ParseDate(request.OccurredOn)!.Value;
        if (occurredOn > now.BerlinDate())
            throw new FieldProblemException("occurredOn", "Eine Beratung kann nicht in der Zukunft liegen.");

        var id = Guid.CreateVersion7();
        await db.ExecuteAsync(
            """
            insert into counselling.consultations (id, client_id, counsellor_id, occurred_on, duration_minutes, channel, topics, outcome,
                next_steps, follow_up_on, created_at, case_id)
            values (@id, @ClientId, @counsellor, @occurredOn, @DurationMinutes, @Channel, @topics, @Outcome, @NextSteps, @followUpOn, @now, @CaseId)
            """,
            new
            {
                id, request.ClientId, counsellor = request.Viewer.UserId, occurredOn, request.DurationMinutes, request.Channel,
                topics = request.Topics.Distinct().ToArray(), request.Outcome, request.NextSteps, followUpOn = Inputs.ParseDate(request.FollowUpOn), now, request.CaseId,
            }, ct);
        return await db.QuerySingleAsync<ConsultationView>($"{ConsultationReads.Select} where id = @id", new { id }, ct);
    }
}

internal static class ConsultationReads
{
    public const string Select =
        """
        select id, client_id, case_id, counsellor_id, occurred_on, duration_minutes, channel, topics, outcome, next_steps, follow_up_on, created_at
        from counselling.consultations
        """;
}

internal sealed record ConsultationBody(
    string? OccurredOn, int? DurationMinutes, string? Channel, string[]? Topics, string? Outcome, string? NextSteps, string? FollowUpOn,
    Guid? CaseId);

internal static class RecordConsultationEndpoints
{
    public static void MapRecordConsultation(this IEndpointRouteBuilder counselling) =>
        counselling.MapPost("/clients/{id:guid}/consultations", async (Guid id, ConsultationBody body, HttpContext http, IMediator mediator,
                CancellationToken ct) =>
            {
                var view = await mediator.Send(new RecordConsultationCommand(id, body.OccurredOn, body.DurationMinutes,
                    Inputs.Clean(body.Channel)?.ToLowerInvariant() ?? "", Inputs.CleanList(body.Topics), Inputs.Clean(body.Outcome),
                    Inputs.Clean(body.NextSteps), Inputs.Clean(body.FollowUpOn), Viewer.From(http), body.CaseId), ct);
                return Results.Created($"/api/counselling/clients/{id}/consultations/{view.Id}", view);
            })
            .WithName("RecordConsultation").WithSummary("Beratung dokumentieren (Datum, Dauer, Kanal, Themen, Ergebnis, nächste Schritte, Wiedervorlage)")
            .Produces<ConsultationView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
}
