using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Errors;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Partners.Features.ListAgreementReminders;

internal sealed record AgreementReminderView(
    long Id, Guid AgreementId, string AgreementTitle, string Kind, DateOnly ValidUntil, string Status, int Attempts, string? LastError,
    int RecipientCount, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

internal sealed record AgreementReminderPage(IReadOnlyList<AgreementReminderView> Items, int Page, int PageSize, long Total);

internal sealed record ListAgreementRemindersQuery(string? Status, Guid? Agreement, int Page, int PageSize) : IQuery<AgreementReminderPage>;

internal sealed class ListAgreementRemindersHandler(IDbSession db) : IRequestHandler<ListAgreementRemindersQuery, AgreementReminderPage>
{
    public static readonly string[] Statuses = ["pending", "sent", "failed", "cancelled"];

    public async Task<AgreementReminderPage> Handle(ListAgreementRemindersQuery request, CancellationToken ct)
    {
        const string Where =
            """
            from partners.agreement_reminders r join partners.agreements a on a.id = r.agreement_id
            where (@Status::text is null or r.status = @Status) and (@Agreement::uuid is null or r.agreement_id = @Agreement)
            """;
        var args = new { request.Status, request.Agreement, request.PageSize, Offset = (request.Page - 1) * request.PageSize };
        var items = await db.QueryAsync<AgreementReminderView>(
            $"""
            select r.id, r.agreement_id, a.title as agreement_title, r.kind, r.valid_until, r.status, r.attempts, r.last_error,
                   cardinality(r.sent_to) as recipient_count, r.created_at, r.sent_at
            {Where}
            order by r.id desc
            limit @PageSize offset @Offset
            """, args, ct);
        return new AgreementReminderPage(items, request.Page, request.PageSize, await db.ExecuteScalarAsync<long>($"select count(*) {Where}", args, ct));
    }
}

internal static class ListAgreementRemindersEndpoint
{
    public static void MapListAgreementReminders(this IEndpointRouteBuilder agreements) =>
        agreements.MapGet("/reminders", async (string? status, Guid? agreement, int? page, int? pageSize, IMediator mediator, CancellationToken ct) =>
            {
                if (status is not null && !ListAgreementRemindersHandler.Statuses.Contains(status))
                    throw new FieldProblemException("status", $"Erlaubt: {string.Join(", ", ListAgreementRemindersHandler.Statuses)}.");
                if (page is < 1) throw new FieldProblemException("page", "Ab 1.");
                if (pageSize is < 1 or > 100) throw new FieldProblemException("pageSize", "1 bis 100.");
                return Results.Ok(await mediator.Send(new ListAgreementRemindersQuery(status, agreement, page ?? 1, pageSize ?? 25), ct));
            })
            .WithName("ListAgreementReminders")
            .WithSummary("Ablauf-Erinnerungen an Koordinatorinnen (z. B. status=failed: nicht zugestellte, die der nächste Lauf erneut sendet)")
            .Produces<AgreementReminderPage>().ProducesValidationProblem();
}
