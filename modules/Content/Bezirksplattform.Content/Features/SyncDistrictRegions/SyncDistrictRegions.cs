using Bezirksplattform.BuildingBlocks.Data;
using Bezirksplattform.BuildingBlocks.Messaging;
using Bezirksplattform.Content.Publishing;
using Bezirksplattform.Partners.Contracts;

namespace Bezirksplattform.Content.Features.SyncDistrictRegions;

// content.regions is this module's copy of the partner network's district regions (codes and
// names for item filters and the public region list). The partner network owns them and tells
// every change through its outbox; the inbox makes a redelivery change nothing.

internal sealed class SyncDistrictRegionOnChange(InboxProcessor inbox) : IntegrationEventHandler<DistrictRegionChanged>(inbox)
{
    protected override async Task HandleAsync(DistrictRegionChanged @event, IDbSession session, CancellationToken ct)
    {
        var region = @event.Region;
        // Delivery order is not guaranteed (retries, two hosts): the newest OccurredAt wins. A
        // deactivated region stays, flagged, because published items keep pointing at its code.
        var applied = await session.ExecuteAsync(
            """
            insert into content.regions (code, name, district_code, district_name, is_active, source_updated_at)
            values (@Code, @Name, @DistrictCode, @DistrictName, @IsActive, @OccurredAt)
            on conflict (code) do update
                set name = excluded.name, district_code = excluded.district_code, district_name = excluded.district_name,
                    is_active = excluded.is_active, source_updated_at = excluded.source_updated_at
                where content.regions.source_updated_at is null or content.regions.source_updated_at <= excluded.source_updated_at
            """,
            new { region.Code, region.Name, region.DistrictCode, region.DistrictName, region.IsActive, @event.OccurredAt }, ct);

        // Region names are part of cached public answers (the region list); a payload that is not
        // an item id makes every host's listener evict all of them, after this commits.
        if (applied > 0)
            await session.ExecuteAsync("select pg_notify(@channel, @payload)", new { channel = Publisher.ChangeChannel, payload = "regions" }, ct);
    }
}
