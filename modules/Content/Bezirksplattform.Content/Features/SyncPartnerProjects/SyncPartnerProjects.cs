using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Content.Items;
using Bezirksplattform.Content.Publishing;
using Bezirksplattform.Content.Text;
using Bezirksplattform.Partners.Contracts;

namespace Bezirksplattform.Content.Features.SyncPartnerProjects;

// The partner network owns its projects; a public one is listed here as a content item of type
// project whose id is the project's id (content.partner_projects records the mapping and the
// last revision applied). Editors see the item like any other, but each new revision from the
// partner network overwrites title, fields and sites and publishes again; an editor's own
// unpublication holds until then. Events may arrive late or twice: the inbox absorbs duplicates
// and the revision check makes an older event change nothing.

internal sealed class ListPartnerProjectOnPublished(InboxProcessor inbox, Publisher publisher, TimeProvider clock)
    : IntegrationEventHandler<ProjectPublished>(inbox)
{
    protected override async Task HandleAsync(ProjectPublished @event, IDbSession session, CancellationToken ct)
    {
        if (!await PartnerProjects.ClaimRevisionAsync(session, @event.ProjectId, @event.Revision, clock.GetUtcNow(), ct)) return;

        var now = clock.GetUtcNow();
        var siteIds = (await session.QueryAsync<Guid>("select id from content.sites where slug = any(@SiteSlugs) order by id", @event, ct)).ToArray();
        var itemId = @event.ProjectId;
        var existing = await session.QuerySingleOrDefaultAsync<ItemRow>($"select {ItemRow.Columns} from content.items where id = @itemId for update", new { itemId }, ct);
        if (siteIds.Length == 0)
        {
            // Every site it named is gone: nothing to list it on.
            if (existing is { Status: ItemStatuses.Published }) await publisher.UnpublishAsync(existing, archive: false, now, ct);
            return;
        }

        var fields = new ItemFields
        {
            Summary = @event.Summary,
            Body = @event.Body,
            PeriodStart = @event.PeriodStart,
            PeriodEnd = @event.PeriodEnd,
            ProjectStatus = ProjectStatuses.All.Contains(@event.Status) ? @event.Status : "completed",
            FundingProgramme = @event.FundingProgrammes.Length == 0 ? null : string.Join(", ", @event.FundingProgrammes),
            BudgetCents = @event.TotalApprovedCents,
            LeadOrganisation = new OrganisationRef(@event.LeadOrganisation.Name, @event.LeadOrganisation.Url),
            PartnerOrganisations = [.. @event.PartnerOrganisations.Select(o => new OrganisationRef(o.Name, o.Url))],
            Contact = @event.Contact is { } c ? new ContactInfo(c.Name, c.Email, c.Phone) : null,
            RegionCodes = @event.RegionCodes,
            DistrictCodes = @event.DistrictCodes,
            Tags = await ItemTags.RegisterAsync(session, @event.Tags, ct),
        };

        // Keep the address once given; a new one (or one taken on a newly added site by an
        // editor's item) gets the next free suffix: "titel-2", "titel-3", …
        var slug = existing?.Slug ?? GermanSlug.From(@event.Title);
        if (await ItemSlugs.TakenAsync(session, slug, ItemTypes.Project, siteIds, itemId, ct))
            slug = await ItemSlugs.FreeAsync(session, GermanSlug.From(@event.Title), ItemTypes.Project, siteIds, itemId, ct);

        var args = new { itemId, @event.Title, slug, siteIds, fields = fields.ToJson(), now };
        await session.ExecuteAsync(existing is null
            ? """
              insert into content.items (id, type, status, version, title, slug, site_ids, fields, created_at, created_by, updated_at, updated_by)
              values (@itemId, 'project', 'draft', 1, @Title, @slug, @siteIds, @fields::jsonb, @now, null, @now, null)
              """
            : """
              update content.items set version = version + 1, title = @Title, slug = @slug, site_ids = @siteIds, fields = @fields::jsonb,
                  updated_at = @now, updated_by = null, publish_at = null, unpublish_at = null
              where id = @itemId
              """, args, ct);
        await session.ExecuteAsync("update content.partner_projects set item_id = @itemId where project_id = @itemId", new { itemId }, ct);

        var item = await ItemReads.LoadAsync(session, itemId, ct, forUpdate: true);
        await publisher.PublishAsync(item, actor: null, now, ct);
    }
}

internal sealed class UnlistPartnerProjectOnUnpublished(InboxProcessor inbox, Publisher publisher, TimeProvider clock)
    : IntegrationEventHandler<ProjectUnpublished>(inbox)
{
    protected override async Task HandleAsync(ProjectUnpublished @event, IDbSession session, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (!await PartnerProjects.ClaimRevisionAsync(session, @event.ProjectId, @event.Revision, now, ct)) return;

        var item = await session.QuerySingleOrDefaultAsync<ItemRow>(
            $"select {ItemRow.Columns} from content.items where id = (select item_id from content.partner_projects where project_id = @ProjectId) for update",
            @event, ct);
        if (item is { Status: ItemStatuses.Published }) await publisher.UnpublishAsync(item, archive: false, now, ct);
    }
}

internal static class PartnerProjects
{
    /// <summary>
    /// Records <paramref name="revision"/> as the project's latest and returns true, or returns false
    /// when an equal or newer revision was applied already. The row lock serialises concurrent events.
    /// </summary>
    public static async Task<bool> ClaimRevisionAsync(IDbSession db, Guid projectId, int revision, DateTimeOffset now, CancellationToken ct) =>
        await db.ExecuteAsync(
            """
            insert into content.partner_projects (project_id, item_id, revision, synced_at) values (@projectId, null, @revision, @now)
            on conflict (project_id) do update set revision = excluded.revision, synced_at = excluded.synced_at
            where content.partner_projects.revision < excluded.revision
            """, new { projectId, revision, now }, ct) == 1;
}
