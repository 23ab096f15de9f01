using Bezirksplattform.BuildingBlocks.Auth;
using Bezirksplattform.BuildingBlocks.Errors;
using Bezirksplattform.BuildingBlocks.Modules;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Npgsql;

namespace Bezirksplattform.BuildingBlocks.Messaging;

/// <summary>
/// Staff with the admin role see what the outboxes still owe and what is dead, and re-queue a
/// dead message once its cause is fixed. The outbox is platform plumbing, not module data.
/// </summary>
internal static class OutboxAdminEndpoints
{
    public static void MapOutboxAdmin(this IEndpointRouteBuilder admin)
    {
        var group = admin.MapGroup("/outbox").WithTags("Betrieb").RequireAuthorization(Policies.Admin);

        group.MapGet("/", async (string? status, int? limit, ModuleCatalog modules, NpgsqlDataSource db, CancellationToken ct) =>
        {
            status ??= "pending";
            if (status is not ("pending" or "dead"))
                throw new FieldProblemException("status", "Erlaubt sind: pending, dead.");
            var take = limit ?? 100;
            if (take is < 1 or > 500)
                throw new FieldProblemException("limit", "Erlaubt ist 1 bis 500.");

            var messages = new List<OutboxMessageView>();
            await using var connection = await db.OpenConnectionAsync(ct);
            foreach (var module in modules.All)
            {
                var schema = SqlIdentifier.Schema(module.Schema);
                messages.AddRange(await connection.QueryAsync<OutboxMessageView>(new CommandDefinition(
                    $"""
                    select @Module as module, id, event_name, occurred_at, status, attempts, next_attempt_at, last_error
                    from {schema}.outbox_messages where status = @status order by occurred_at limit @take
                    """, new { Module = module.Name, status, take }, cancellationToken: ct)));
            }

            return Results.Ok(messages.OrderBy(m => m.OccurredAt).Take(take));
        })
        .WithName("ListOutboxMessages")
        .WithSummary("Ausstehende oder tote Nachrichten der Outboxen aller Module");

        group.MapPost("/{module}/{id:guid}/requeue", async (string module, Guid id, ModuleCatalog modules, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct) =>
        {
            var owner = modules.All.FirstOrDefault(m => string.Equals(m.Name, module, StringComparison.OrdinalIgnoreCase))
                ?? throw new NotFoundException($"Modul '{module}' gibt es nicht.");
            await using var connection = await db.OpenConnectionAsync(ct);
            var changed = await connection.ExecuteAsync(new CommandDefinition(
                $"""
                update {SqlIdentifier.Schema(owner.Schema)}.outbox_messages
                set status = 'pending', attempts = 0, next_attempt_at = @now
                where id = @id and status = 'dead'
                """, new { id, now = clock.GetUtcNow() }, cancellationToken: ct));
            if (changed == 0) throw new NotFoundException("Keine tote Nachricht mit dieser Id.");
            return Results.NoContent();
        })
        .WithName("RequeueOutboxMessage")
        .WithSummary("Tote Nachricht erneut zustellen");
    }
}

internal sealed record OutboxMessageView(
    string Module, Guid Id, string EventName, DateTimeOffset OccurredAt, string Status,
    int Attempts, DateTimeOffset NextAttemptAt, string? LastError);
