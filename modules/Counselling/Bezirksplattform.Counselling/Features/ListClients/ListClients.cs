using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Contracts;
using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.Counselling.Access;
using Bezirksplattform.Counselling.Clients;
using FluentValidation;
using MediatR;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Bezirksplattform.Counselling.Features.ListClients;

/// <summary>
/// The clients the viewer may see, newest first, paged; with <c>Q</c> a search by client number or
/// (similar) name. Restricted clients (DSGVO Art. 18) are left out of these everyday lists. One
/// access-log row per request ('list' or 'search', with the query), not one per client.
/// </summary>
internal sealed record ListClientsCommand(string? Q, string? TargetGroup, Guid? TeamId, int Page, int PageSize, Viewer Viewer)
    : ICommand<ClientPage>;

internal sealed record ClientListItem(
    Guid Id, string ClientNumber, string Kind, string TargetGroup, string? DistrictCode, Guid OwnerId, Guid TeamId, string Name, int Version);

internal sealed record ClientPage(IReadOnlyList<ClientListItem> Items, int Page, int PageSize, long Total);

internal sealed class ListClientsValidator : AbstractValidator<ListClientsCommand>
{
    public ListClientsValidator()
    {
        RuleFor(x => x.Page).GreaterThanOrEqualTo(1).WithMessage("Ab 1.");
        RuleFor(x => x.PageSize).InclusiveBetween(1, 200).WithMessage("Zwischen 1 und 200.");
        RuleFor(x => x.Q).MaximumLength(200);
        RuleFor(x => x.TargetGroup)
            .Must(g => g is null || CounsellingVocabulary.PersonTargetGroups.Contains(g) || CounsellingVocabulary.OrganisationTargetGroups.Contains(g))
            .WithMessage(CounsellingVocabulary.Allowed([.. CounsellingVocabulary.PersonTargetGroups, .. CounsellingVocabulary.OrganisationTargetGroups]));
    }
}

internal sealed class ListClientsHandler(IDbSession db, TimeProvider clock) : IRequestHandler<ListClientsCommand, ClientPage>
{
    public async Task<ClientPage> Handle(ListClientsCommand request, CancellationToken ct)
    {
        var viewer = request.Viewer;
        var where =
            $"""
            {ClientAccess.Visible("c")} and c.restricted_at is null
              and (@TargetGroup::text is null or c.target_group = @TargetGroup)
              and (@TeamId::uuid is null or c.team_id = @TeamId)
              and (@Q::text is null or c.client_number ilike @Q || '%' or lower(k.name) like '%' || lower(@Q) || '%'
                   or similarity(lower(k.name), lower(@Q)) >= 0.3)
            """;
        var args = new
        {
            request.Q, request.TargetGroup, request.TeamId, ViewerId = viewer.UserId, ViewerIsAdmin = viewer.IsAdmin,
            Offset = (request.Page - 1) * request.PageSize, Limit = request.PageSize,
        };
        var total = await db.ExecuteScalarAsync<long>(
            $"select count(*) from counselling.clients c join counselling.client_contacts k on k.client_id = c.id where {where}", args, ct);
        var items = await db.QueryAsync<ClientListItem>(
            $"""
            select c.id, c.client_number, c.kind, c.target_group, c.district_code, c.owner_id, c.team_id, k.name, c.version
            from counselling.clients c join counselling.client_contacts k on k.client_id = c.id
            where {where}
            order by c.created_at desc, c.id desc offset @Offset limit @Limit
            """, args, ct);
        var detail = JsonSerializer.Serialize(new { q = request.Q, targetGroup = request.TargetGroup, teamId = request.TeamId, page = request.Page, pageSize = request.PageSize });
        await ClientAccess.LogAsync(db, viewer, request.Q is null ? "list" : "search", null, detail, clock.GetUtcNow(), ct);
        return new ClientPage(items, request.Page, request.PageSize, total);
    }
}

internal static class ListClientsEndpoints
{
    public static void MapListClients(this IEndpointRouteBuilder counselling) =>
        counselling.MapGet("/clients", async (HttpContext http, IMediator mediator, CancellationToken ct, string? q, string? targetGroup,
                Guid? teamId, int? page, int? pageSize) =>
                Results.Ok(await mediator.Send(new ListClientsCommand(Inputs.Clean(q), Inputs.Clean(targetGroup)?.ToLowerInvariant(), teamId,
                    page ?? 1, pageSize ?? 50, Viewer.From(http)), ct)))
            .WithName("ListClients").WithSummary("Sichtbare Klienten auflisten oder suchen (q: Klientennummer oder Name); wird protokolliert")
            .Produces<ClientPage>().ProducesValidationProblem();
}
