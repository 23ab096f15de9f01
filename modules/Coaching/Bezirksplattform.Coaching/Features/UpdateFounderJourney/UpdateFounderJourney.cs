using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.Coaching.Contracts;
using Bezirksplattform.Coaching.Founders;
using Bezirksplattform.Coaching.Staff;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Coaching.Features.UpdateFounderJourney;

/// <summary>
/// The coach moves a founder along the journey (idea → business plan → financing → founded → after
/// founding; corrections backwards are allowed). The founding date is kept once known (omitting it keeps
/// it); it may not lie in the future (Berlin date), and "founded" needs one. Setting it the first time
/// publishes <see cref="FounderFounded"/>. Every change is a row in coaching.founder_journey.
/// </summary>
internal sealed record UpdateFounderJourneyCommand(Guid FounderId, string Stage, DateOnly? FoundedOn, StaffViewer Viewer) : ICommand<FounderDetail>;

internal sealed class UpdateFounderJourneyValidator : AbstractValidator<UpdateFounderJourneyCommand>
{
    public UpdateFounderJourneyValidator() =>
        RuleFor(x => x.Stage).Must(s => FounderStages.All.Contains(s)).WithMessage($"Erlaubt: {string.Join(", ", FounderStages.All)}.");
}

internal sealed class UpdateFounderJourneyHandler(IDbSession db, IIntegrationEventOutbox outbox, TimeProvider clock)
    : IRequestHandler<UpdateFounderJourneyCommand, FounderDetail>
{
    private sealed record FounderState(string Stage, DateOnly? FoundedOn);

    public async Task<FounderDetail> Handle(UpdateFounderJourneyCommand request, CancellationToken ct)
    {
        var coach = await request.Viewer.CoachFilterAsync(db, ct);
        var now = clock.GetUtcNow();
        var before = await db.QuerySingleOrDefaultAsync<FounderState>(
            $"select f.stage, f.founded_on from coaching.founders f where f.id = @id and {FounderReads.Visible} for update of f",
            new { id = request.FounderId, coach }, ct)
            ?? throw new NotFoundException("Diese Gründerin bzw. diesen Gründer gibt es nicht (oder nicht in Ihren Sitzungen).");

        if (request.FoundedOn is { } date && date > clock.Today())
            throw new FieldProblemException("foundedOn", "Das Gründungsdatum darf nicht in der Zukunft liegen.");
        var after = new FounderState(request.Stage, request.FoundedOn ?? before.FoundedOn);
        if (after.Stage == FounderStages.Founded && after.FoundedOn is null)
            throw new FieldProblemException("foundedOn", "Für die Phase 'founded' ist das Gründungsdatum nötig.");

        if (after != before)
        {
            await db.ExecuteAsync(
                """
                update coaching.founders set stage = @Stage, founded_on = @FoundedOn, updated_at = @now where id = @id;
                insert into coaching.founder_journey (founder_id, stage, founded_on, changed_at, changed_by) values (@id, @Stage, @FoundedOn, @now, @UserId);
                """, new { id = request.FounderId, after.Stage, after.FoundedOn, now, request.Viewer.UserId }, ct);
            if (before.FoundedOn is null && after.FoundedOn is { } foundedOn)
                await outbox.EnqueueAsync(new FounderFounded(request.FounderId, foundedOn), ct);
        }

        return await FounderReads.DetailAsync(db, request.FounderId, coach, now, ct);
    }
}

internal sealed record JourneyBody(string? Stage, DateOnly? FoundedOn);

internal static class UpdateFounderJourneyEndpoint
{
    public static void MapUpdateFounderJourney(this IEndpointRouteBuilder staff) =>
        staff.MapPut("/founders/{id:guid}/journey", async (Guid id, JourneyBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new UpdateFounderJourneyCommand(id, body.Stage?.Trim() ?? "", body.FoundedOn, StaffViewer.From(http)), ct)))
            .WithName("UpdateCoachingFounderJourney")
            .WithSummary("Phase des Gründungswegs setzen (idea, business_plan, financing, founded, after_founding) und Gründungsdatum (foundedOn, nicht in der Zukunft)")
            .Produces<FounderDetail>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
}
