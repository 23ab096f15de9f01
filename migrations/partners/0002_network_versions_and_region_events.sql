-- Partner network, part 2: optimistic concurrency for regions and affiliations, the name key the
-- duplicate check compares, a trigram index for people search, and the first publication of the
-- reference regions inserted by 0001 so that other modules' read models receive them.

-- Coordinators edit regions and affiliations: the staff API's ETag, like organisations and people.
alter table partners.regions add column version integer not null default 1;

alter table partners.affiliations
    add column version    integer not null default 1,
    add column updated_at timestamptz,
    add column updated_by uuid;
update partners.affiliations set updated_at = created_at, updated_by = created_by;
alter table partners.affiliations alter column updated_at set not null;

-- An organisation's name without case, punctuation and trailing legal forms, so that
-- "Rabenhaus e.V." and "Rabenhaus" (or "… gGmbH" and "… GmbH") count as the same name.
create function partners.organisation_name_key(name text) returns text
    language sql immutable strict parallel safe
    return btrim(regexp_replace(
        btrim(regexp_replace(lower(name), '[^[:alnum:]]+', ' ', 'g')),
        '(\s*\m(e v|ev|eingetragener verein|ggmbh|gmbh|mbh|gug|ug|haftungsbeschränkt|gag|ag|kg|ohg|gbr|co|und))+$', ''));

create index organisations_name_key on partners.organisations (district_code, partners.organisation_name_key(name));

create index people_name_trgm on partners.people
    using gin ((lower(coalesce(given_name, '') || ' ' || family_name)) gin_trgm_ops);

-- One partners.district-region-changed.v1 per reference region, in the exact shape
-- IntegrationEventRegistry.Serialize writes (PlatformJson: camelCase; the instant as UTC with up to
-- seven fraction digits and no trailing zeros). OccurredAt is the region's own updated_at, so any
-- later edit through the API is newer and wins in every consumer's read model. The event id is
-- both the row id and the payload's eventId, as the outbox writes them.
with regions as (
    select gen_random_uuid() as event_id, r.code, r.name, r.is_active, r.updated_at,
           d.code as district_code, d.name as district_name, d.city
    from partners.regions r
    join partners.districts d on d.code = r.district_code
)
insert into partners.outbox_messages (id, event_name, payload, occurred_at, status, attempts, next_attempt_at)
select event_id,
       'partners.district-region-changed.v1',
       jsonb_build_object(
           'region', jsonb_build_object(
               'code', code, 'name', name, 'districtCode', district_code, 'districtName', district_name,
               'city', city, 'isActive', is_active),
           'eventId', event_id,
           'occurredAt', regexp_replace(to_char(updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), '\.?0+$', '') || 'Z'),
       updated_at, 'pending', 0, updated_at
from regions;
