-- Project listings owned by the partner network: which content item shows which partner
-- project, and the last publication revision applied, so a late, older event changes nothing.
-- The item's id is the project's id; item_id stays null while only an unpublication arrived.
create table content.partner_projects (
    project_id uuid primary key,
    item_id    uuid unique references content.items (id),
    revision   integer not null,
    synced_at  timestamptz not null
);
