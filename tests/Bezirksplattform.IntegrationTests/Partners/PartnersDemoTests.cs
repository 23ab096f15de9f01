using System.Net.Http.Json;
using System.Text.Json;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.BuildingBlocks.Seeding;
using Bezirksplattform.IntegrationTests.Infrastructure;

namespace Bezirksplattform.IntegrationTests.Partners;

/// <summary>
/// The partner network's demo data as a coordinator meets it after `./run.sh`: the seeders of all
/// four areas together, read through the staff API, with the demo clock in November 2026.
/// </summary>
public sealed class PartnersDemoTests : IAsyncLifetime
{
    private static readonly Guid TkAgreement = new("6a0e0000-0000-4000-8000-000000000201");
    private static readonly Guid PankowAgreement = new("6a0e0000-0000-4000-8000-000000000202");
    private static readonly Guid CooperationCommittee = new("6a0e0000-0000-4000-8000-000000000302");
    private static readonly Guid SteeringGroup = new("6a0e0000-0000-4000-8000-000000000301");
    private static readonly Guid Spk = new("6a0e0000-0000-4000-8000-000000000002");

    private TestDatabase _db = null!;
    private PlatformFactory _host = null!;
    private HttpClient _staff = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateMigratedAsync();
        _host = new PlatformFactory(_db, settings: new Dictionary<string, string?> { ["Content:Storage:Root"] = Path.Combine(Path.GetTempPath(), "bp-partners-demo-" + Guid.NewGuid().ToString("N")[..8]) });
        await _host.Get<DemoDataLoader>().LoadAsync();
        await _host.Get<OutboxDispatcher>().DispatchAllAsync(CancellationToken.None);
        _staff = await _host.ClientForRoleAsync("reporting"); // any staff role reads the network
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Treptow_Koepenick_agreement_is_in_force_and_lists_the_cooperation_committee_chaired_by_SPK()
    {
        var agreement = await _staff.GetFromJsonAsync<JsonElement>($"/api/partners/agreements/{TkAgreement}");
        Assert.Equal("in_force", agreement.GetProperty("status").GetString());
        Assert.True(agreement.GetProperty("parties").GetArrayLength() >= 8);
        var committee = Assert.Single(agreement.GetProperty("committees").EnumerateArray());
        Assert.Equal(CooperationCommittee, committee.GetProperty("id").GetGuid());

        var detail = await _staff.GetFromJsonAsync<JsonElement>($"/api/partners/committees/{CooperationCommittee}");
        Assert.Equal(Spk, detail.GetProperty("chairingOrganisation").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Pankow_agreement_valid_until_2021_shows_as_expired()
    {
        var agreement = await _staff.GetFromJsonAsync<JsonElement>($"/api/partners/agreements/{PankowAgreement}");
        Assert.Equal("expired", agreement.GetProperty("status").GetString());
        Assert.Equal("2021-12-31", agreement.GetProperty("validUntil").GetString());

        var expired = await _staff.GetFromJsonAsync<JsonElement>("/api/partners/agreements?status=expired");
        Assert.Contains(expired.GetProperty("items").EnumerateArray(), a => a.GetProperty("id").GetGuid() == PankowAgreement);
    }

    [Fact]
    public async Task Steering_group_has_the_twelve_seats_of_the_alliance()
    {
        var memberships = await _staff.GetFromJsonAsync<JsonElement>($"/api/partners/committees/{SteeringGroup}/memberships");
        var items = memberships.ValueKind == JsonValueKind.Array ? memberships : memberships.GetProperty("items");
        Assert.Equal(12, items.GetArrayLength());
    }

    [Fact]
    public async Task Leipziger_Osten_project_is_funded_by_Soziale_Stadt_and_listed_on_the_quarter_website()
    {
        var projects = await _staff.GetFromJsonAsync<JsonElement>("/api/partners/projects?programme=SOZIALE-STADT");
        var project = Assert.Single(projects.GetProperty("items").EnumerateArray(), p => p.GetProperty("title").GetString() == "Lokale Beschäftigungsentwicklung");
        Assert.Equal("2003-05-01", project.GetProperty("periodStart").GetString());
        Assert.Equal("2009-03-31", project.GetProperty("periodEnd").GetString());

        var listing = await _host.CreateClient().GetFromJsonAsync<JsonElement>("/api/public/v1/sites/leipziger-osten/projects");
        var item = Assert.Single(listing.GetProperty("items").EnumerateArray());
        Assert.Equal("Lokale Beschäftigungsentwicklung", item.GetProperty("title").GetString());
        Assert.Equal("Soziale Stadt", item.GetProperty("fundingProgramme").GetString());
    }
}
