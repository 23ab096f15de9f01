using Bezirksplattform.BuildingBlocks.Time;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Clients;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.RecordShortContacts;

/// <summary>
/// Adds anonymous short contacts (counts only, no person) to the signed-in counsellor's tally for
/// one day, channel and topic; the answer is the day's new total for that combination.
/// </summary>
internal sealed record RecordShortContactsCommand(string? Date, string Channel, string Topic, int? Count, Viewer Viewer) : ICommand<ShortContactTally>;

internal sealed record ShortContactTally(DateOnly Date, Guid CounsellorId, string Channel, string Topic, int Count);

internal sealed class RecordShortContactsValidator : AbstractValidator<RecordShortContactsCommand>
{
    public RecordShortContactsValidator()
    {
        RuleFor(x => x.Date).Must(Inputs.IsDate).WithMessage(Inputs.DateFormat);
        RuleFor(x => x.Channel).Must(CounsellingVocabulary.Channels.Contains).WithMessage(CounsellingVocabulary.Allowed(CounsellingVocabulary.Channels));
        RuleFor(x => x.Topic).Must(CounsellingVocabulary.Topics.Contains).WithMessage(CounsellingVocabulary.Allowed(CounsellingVocabulary.Topics));
        RuleFor(x => x.Count).NotNull().WithMessage("Anzahl angeben.").InclusiveBetween(1, 1000).WithMessage("Eine Anzahl von 1 bis 1000.");
    }
}

internal sealed class RecordShortContactsHandler(IDbSession db, TimeProvider clock) : IRequestHandler<RecordShortContactsCommand, ShortContactTally>
{
    public async Task<ShortContactTally> Handle(RecordShortContactsCommand request, CancellationToken ct)
    {
        var date = Inputs.ParseDate(request.Date)!.Value;
        if (date > clock.Today())
            throw new FieldProblemException("date", "Kurzkontakte können nicht in der Zukunft liegen.");
        return await db.QuerySingleAsync<ShortContactTally>(
            """
            insert into counselling.short_contacts (contact_date, counsellor_id, channel, topic, count)
            values (@date, @counsellor, @Channel, @Topic, @Count)
            on conflict (contact_date, counsellor_id, channel, topic) do update set count = short_contacts.count + excluded.count
            returning contact_date as date, counsellor_id, channel, topic, count
            """, new { date, counsellor = request.Viewer.UserId, request.Channel, request.Topic, request.Count }, ct);
    }
}

internal sealed record ShortContactsBody(string? Date, string? Channel, string? Topic, int? Count);

internal static class RecordShortContactsEndpoints
{
    public static void MapRecordShortContacts(this IEndpointRouteBuilder counselling) =>
        counselling.MapPost("/short-contacts", async (ShortContactsBody body, HttpContext http, IMediator mediator, CancellationToken ct) =>
                Results.Ok(await mediator.Send(new RecordShortContactsCommand(Inputs.Clean(body.Date), Inputs.Clean(body.Channel)?.ToLowerInvariant() ?? "",
                    Inputs.Clean(body.Topic)?.ToLowerInvariant() ?? "", body.Count, Viewer.From(http)), ct)))
            .WithName("RecordShortContacts").WithSummary("Anonyme Kurzkontakte zählen (nur Anzahl, keine Person)")
            .Produces<ShortContactTally>().ProducesValidationProblem();
}
