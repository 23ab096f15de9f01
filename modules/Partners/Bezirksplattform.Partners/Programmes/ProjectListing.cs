using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Partners.Contracts;

namespace Bezirksplattform.Partners.Programmes;

/// <summary>
/// The listing of a public project on the content sites: every change of what a listing shows
/// (the project itself, its funding lines and budgets) raises the publication revision and sends
/// <see cref="ProjectPublished"/> again, inside the changing command's transaction.
/// </summary>
internal static class ProjectListing
{
    /// <summary>Raises the revision and enqueues <see cref="ProjectPublished"/>, if the project is public.</summary>
    public static async Task RepublishIfPublicAsync(IDbSession db, IIntegrationEventOutbox outbox, Guid projectId, CancellationToken ct)
    {
        var revision = await db.QuerySingleOrDefaultAsync<int?>(
            "update partners.projects set publication_revision = publication_revision + 1 where id = @projectId and is_public returning publication_revision",
            new { projectId }, ct);
        if (revision is { } r) await outbox.EnqueueAsync(await BuildAsync(db, projectId, r, ct), ct);
    }

    public static async Task<ProjectPublished> BuildAsync(IDbSession db, Guid projectId, int revision, CancellationToken ct)
    {
        var p = await ProjectReads.LoadAsync(db, projectId, ct);
        return new ProjectPublished(
            p.Id, revision, p.Title, p.Summary, p.Description, p.PeriodStart, p.PeriodEnd, p.Status,
            [.. p.Funding.Select(f => f.ProgrammeName).Distinct().Order(StringComparer.Ordinal)], p.FundingTotals.ApprovedCents,
            Organisation(p.LeadOrganisation), [.. p.PartnerOrganisations.Select(Organisation)],
            p.Contact is { } c ? new ProjectContact(c.Name, c.Email, c.Phone) : null, p.Website,
            p.RegionCodes, p.DistrictCodes, p.Tags, p.Publication.Sites);
    }

    private static ProjectOrganisation Organisation(OrganisationRefView o) => new(o.Id, o.Name, o.Website);
}
