-- content.regions becomes the read model of the partner network's district regions, fed by
-- partners.district-region-changed.v1 (Features/SyncDistrictRegions). source_updated_at is the
-- OccurredAt of the event applied last: an older event arriving late changes nothing. Rows the
-- demo seeder wrote before any event have none, so the first event applies.
-- A deactivated region keeps its row, flagged inactive: published items keep its code in their
-- region_codes, and the public filters and region lists must still resolve it.
alter table content.regions
    add column is_active         boolean not null default true,
    add column source_updated_at timestamptz;
