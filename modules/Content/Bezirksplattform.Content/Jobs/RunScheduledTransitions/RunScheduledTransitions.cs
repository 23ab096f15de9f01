using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Content.Items;
using Bezirksplattform.Content.Publishing;
using MediatR;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Bezirksplattform.Content.Jobs.RunScheduledTransitions;

/// <summary>
/// Publishes items whose publishAt has come and withdraws those whose unpublishAt has, through
/// the same <see cref="Publisher"/> as the editor's buttons, so the events are the same.
/// </summary>
internal sealed record ListDueTransitionsQuery : IQuery<IReadOnlyList<DueItem>>;

internal sealed record DueItem(Guid Id, bool Publish);

internal sealed class ListDueTransitionsHandler(IDbSession db, TimeProvider clock) : IRequestHandler<ListDueTransitionsQuery, IReadOnlyList<DueItem>>
{
    public Task<IReadOnlyList<DueItem>> Handle(ListDueTransitionsQuery request, CancellationToken ct) =>
        db.QueryAsync<DueItem>(
            """
            select id, true as publish from content.items where publish_at <= @now and status <> 'archived'
            union all
            select id, false from content.items where unpublish_at <= @now and (publish_at is null or publish_at > @now)
            order by 1
            """, new { now = clock.GetUtcNow() }, ct);
}

/// <summary>One due transition in its own transaction; re-checked under the row lock so two runs cannot both act.</summary>
internal sealed record RunTransitionCommand(Guid Id, bool Publish) : ICommand<bool>;

internal sealed class RunTransitionHandler(IDbSession db, Publisher publisher, TimeProvider clock) : IRequestHandler<RunTransitionCommand, bool>
{
    public async Task<bool> Handle(RunTransitionCommand request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var item = await ItemReads.LoadAsync(db, request.Id, ct, forUpdate: true);
        if (request.Publish && item.PublishAt <= now && item.Status != ItemStatuses.Archived)
        {
            await publisher.PublishAsync(item, actor: null, now, ct);
            return true;
        }

        if (!request.Publish && item.UnpublishAt <= now)
        {
            if (item.Status == ItemStatuses.Published) await publisher.UnpublishAsync(item, archive: false, now, ct);
            else await db.ExecuteAsync("update content.items set unpublish_at = null where id = @Id", item, ct);
            return true;
        }

        return false;
    }
}

/// <summary>Each due item in its own transaction: one failing item does not hold back the others.</summary>
[DisallowConcurrentExecution]
[RetryPolicy(3, "00:00:10", 2.0)]
internal sealed class RunScheduledTransitionsJob(IMediator mediator, ILogger<RunScheduledTransitionsJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await RunAsync(cancellationToken);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var done = 0;
        Exception? failure = null;
        foreach (var item in await mediator.Send(new ListDueTransitionsQuery(), ct))
        {
            try
            {
                done += await mediator.Send(new RunTransitionCommand(item.Id, item.Publish), ct) ? 1 : 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Scheduled {Transition} of content item {ItemId} failed", item.Publish ? "publication" : "withdrawal", item.Id);
                failure ??= e;
            }
        }

        // The others went through; throwing lets the job's retry policy try the failed ones again.
        if (failure is not null) throw new InvalidOperationException("At least one scheduled transition failed.", failure);
        return done;
    }
}
