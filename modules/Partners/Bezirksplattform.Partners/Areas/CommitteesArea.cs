using Bezirksplattform.BuildingBlocks.Jobs;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.Partners.Data;
using Bezirksplattform.Partners.Features.CommitteeHistory;
using Bezirksplattform.Partners.Features.EndCommitteeMembership;
using Bezirksplattform.Partners.Features.GetCommittee;
using Bezirksplattform.Partners.Features.HandOverCommitteeChair;
using Bezirksplattform.Partners.Features.ListCommitteeMemberships;
using Bezirksplattform.Partners.Features.ListCommittees;
using Bezirksplattform.Partners.Features.ManageCommitteeMeetings;
using Bezirksplattform.Partners.Features.RecordCommitteeAttendance;
using Bezirksplattform.Partners.Features.SaveCommittee;
using Bezirksplattform.Partners.Features.SaveCommitteeMembership;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bezirksplattform.Partners.Areas;

/// <summary>committees, memberships, meetings: endpoints, services and jobs of this part of the module.</summary>
internal static class CommitteesArea
{
    public static IEnumerable<RecurringJob> Jobs => [];

    public static void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IDemoDataSeeder, DemoCommittees>();
    }

    public static void Map(IEndpointRouteBuilder partners)
    {
        // Reading: any signed-in staff (the partners group); changing: .RequireCoordinator() on each endpoint.
        var committees = partners.MapGroup("/committees");
        committees.MapListCommittees();
        committees.MapGetCommittee();
        committees.MapSaveCommittee();
        committees.MapListCommitteeMemberships();
        committees.MapSaveCommitteeMembership();
        committees.MapEndCommitteeMembership();
        committees.MapHandOverCommitteeChair();
        committees.MapManageCommitteeMeetings();
        committees.MapRecordCommitteeAttendance();
        committees.MapCommitteeHistory();
    }
}
