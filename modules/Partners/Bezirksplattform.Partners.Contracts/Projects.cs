using Bezirksplattform.BuildingBlocks.Contracts;

namespace Bezirksplattform.Partners.Contracts;

/// <summary>An organisation as a project listing names it: the name and its website, if any.</summary>
public sealed record ProjectOrganisation(Guid Id, string Name, string? Url);

public sealed record ProjectContact(string? Name, string? Email, string? Phone);

/// <summary>
/// A project of the partner network is to be listed (or its listing updated) on the named
/// content sites. Carries everything a listing shows. <c>Revision</c> rises with every publish,
/// re-publish and unpublish of the project: a consumer ignores an event whose revision is not
/// higher than the last one it applied. <c>Status</c> is planned, running or completed.
/// <c>TotalApprovedCents</c> is the sum of all approved budgets of all its funding lines.
/// </summary>
[IntegrationEventName("partners.project-published.v1")]
public sealed record ProjectPublished(
    Guid ProjectId, int Revision, string Title, string Summary, string Body, DateOnly? PeriodStart, DateOnly? PeriodEnd,
    string Status, string[] FundingProgrammes, long TotalApprovedCents, ProjectOrganisation LeadOrganisation,
    ProjectOrganisation[] PartnerOrganisations, ProjectContact? Contact, string? Website, string[] RegionCodes,
    string[] DistrictCodes, string[] Tags, string[] SiteSlugs) : IntegrationEvent;

/// <summary>The project is no longer to be listed on the sites it was published to.</summary>
[IntegrationEventName("partners.project-unpublished.v1")]
public sealed record ProjectUnpublished(Guid ProjectId, int Revision, string[] SiteSlugs) : IntegrationEvent;
