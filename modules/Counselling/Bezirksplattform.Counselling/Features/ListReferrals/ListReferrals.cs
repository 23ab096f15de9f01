using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Clients;
using Bezirksplattform.Counselling.Referrals;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.ListReferrals;

/// <summary>
/// Referrals of the clients the viewer may see, optionally of one status, newest first, paged (e.g.
/// "what is still waiting for an answer"). Restricted clients are left out like in the client list.
/// One access-log row 'list' per request.
/// </summary>
internal sealed record ListReferralsCommand(string? Status, int Page, int PageSize, Viewer Viewer) : ICommand<ReferralPage>;

internal sealed record ReferralPage(IReadOnlyList<ReferralSummary> Items, int Page, int PageSize, long Total);

internal sealed class ListReferralsValidator : AbstractValidator<ListReferralsCommand>
{
    public ListReferralsValidator()
    {
        RuleFor(x => x.Status).Must(s => s is null || ReferralStatuses.All.Contains(s)).WithMessage(CounsellingVocabulary.Allowed(ReferralStatuses.All));
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1).WithMessage("Ab 1.");
        RuleFor(x => x.PageSize).InclusiveBetween(1, 200).WithMessage("Zwischen 1 und 200.");
    }
}

internal sealed class ListReferralsHandler(IDbSession db, TimeProvider clock) : IRequestHandler<ListReferralsCommand, ReferralPage>
{
    public async Task<ReferralPage> Handle(ListReferralsCommand request, CancellationToken ct)
    {
        var where = $"{ClientAccess.Visible("c")} and c.restricted_at is null and (@Status::text is null or r.status = @Status)";
        var args = new
        {
            request.Status, ViewerId = request.Viewer.UserId, ViewerIsAdmin = request.Viewer.IsAdmin,
            Offset = (request.Page - 1) * request.PageSize, Limit = request.PageSize,
        };
        var total = await db.ExecuteScalarAsync<long>(
            $"select count(*) from counselling.referrals r join counselling.clients c on c.id = r.client_id where {where}", args, ct);
        var items = await db.QueryAsync<ReferralSummary>(
            $"""
            select {ReferralReads.Columns} from counselling.referrals r join counselling.clients c on c.id = r.client_id
            where {where} order by r.referred_on desc, r.created_at desc, r.id desc offset @Offset limit @Limit
            """, args, ct);
        var detail = JsonSerializer.Serialize(new { resource = "referrals", status = request.Status, page = request.Page, pageSize = request.PageSize });
        await ClientAccess.LogAsync(db, request.Viewer, "list", null, detail, clock.GetUtcNow(), ct);
        return new ReferralPage(items, request.Page, request.PageSize, total);
    }
}

internal static class ListReferralsEndpoints
{
    public static void MapListReferrals(this IEndpointRouteBuilder counselling) =>
        counselling.MapGet("/referrals", async (HttpContext http, IMediator mediator, CancellationToken ct, string? status, int? page, int? pageSize) =>
                Results.Ok(await mediator.Send(new ListReferralsCommand(Inputs.Clean(status)?.ToLowerInvariant(), page ?? 1, pageSize ?? 50,
                    Viewer.From(http)), ct)))
            .WithName("ListReferrals").WithSummary("Vermittlungen der sichtbaren Klienten (status= filtert), seitenweise; wird protokolliert")
            .Produces<ReferralPage>().ProducesValidationProblem();
}
