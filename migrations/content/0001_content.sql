-- Content publishing (Inhalte): sites, the editable items with their workflow, immutable
-- published versions, and the denormalised published rows the public API reads. The public
-- API never reads content.items: a draft cannot leak through any route.

create table content.sites (
    id                   uuid primary key,
    slug                 text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name                 text not null,
    base_url             text,                 -- the website's own address, for feeds and sitemaps
    cors_origins         text[] not null default '{}',
    anonymous_rate_limit integer not null default 120 check (anonymous_rate_limit > 0),   -- requests per minute per client
    api_key_rate_limit   integer not null default 1200 check (api_key_rate_limit > 0),    -- requests per minute per key
    created_at           timestamptz not null
);

create table content.site_api_keys (
    id          uuid primary key,
    site_id     uuid not null references content.sites (id),
    name        text not null,
    key_hash    bytea not null unique,          -- SHA-256 of the key; the key itself is shown once
    key_prefix  text not null,
    created_at  timestamptz not null,
    revoked_at  timestamptz
);

-- District regions as this module needs them for filters: a read model, fed by the partner
-- network's events once that module publishes them (seeded as demo data until then).
create table content.regions (
    code          text primary key,
    name          text not null,
    district_code text not null,
    district_name text not null
);

create table content.tags (
    slug text primary key check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name text not null
);

create table content.items (
    id                 uuid primary key,
    type               text not null check (type in ('article', 'page', 'project')),
    status             text not null check (status in ('draft', 'in_review', 'published', 'unpublished', 'archived')),
    version            integer not null default 1,   -- optimistic concurrency: the staff API's ETag
    title              text not null,
    slug               text not null,                -- a page's slug is its path, e.g. bezirkskoordination/aufgaben
    site_ids           uuid[] not null,
    fields             jsonb not null,               -- the type's editable fields (teaser, body, period, ...)
    publish_at         timestamptz,                  -- scheduled publication
    unpublish_at       timestamptz,                  -- scheduled withdrawal
    published_version  integer,                      -- version_no of the live snapshot, if any
    live_item_version  integer,                      -- the item version that snapshot was taken from
    first_published_at timestamptz,
    created_at         timestamptz not null,
    created_by         uuid,
    updated_at         timestamptz not null,
    updated_by         uuid
);
create index items_type_updated on content.items (type, updated_at desc);
create index items_publish_due on content.items (publish_at) where publish_at is not null;
create index items_unpublish_due on content.items (unpublish_at) where unpublish_at is not null;

-- Every publication stores an immutable snapshot; staff can list them and restore one as a draft.
create table content.item_versions (
    item_id      uuid not null references content.items (id),
    version_no   integer not null,
    snapshot     jsonb not null,
    published_at timestamptz not null,
    published_by uuid,
    primary key (item_id, version_no)
);

-- Slugs are unique per site and type. A changed slug keeps its old row (is_current = false) so
-- that the old address answers with redirect information instead of a 404.
create table content.slugs (
    site_id    uuid not null references content.sites (id),
    type       text not null,
    slug       text not null,
    item_id    uuid not null references content.items (id),
    is_current boolean not null,
    created_at timestamptz not null,
    primary key (site_id, type, slug)
);
create index slugs_item on content.slugs (item_id);

-- What the public API reads: the live version of each item, once per site it is published to.
create table content.published (
    item_id        uuid not null references content.items (id),
    site_id        uuid not null references content.sites (id),
    type           text not null,
    slug           text not null,
    title          text not null,
    published_on   timestamptz not null,   -- the publication date shown and sorted by
    updated_at     timestamptz not null,
    district_codes text[] not null default '{}',
    region_codes   text[] not null default '{}',
    tag_slugs      text[] not null default '{}',
    programme      text,
    project_status text,
    period_start   date,
    period_end     date,
    image_ids      uuid[] not null default '{}',
    download_ids   uuid[] not null default '{}',
    document       jsonb not null,         -- the public representation, Markdown already rendered
    search_text    text not null,          -- plain text for highlighted snippets
    search         tsvector not null,      -- german configuration, plus an ae/oe/ue/ss transliteration
    etag           text not null,
    primary key (item_id, site_id),
    unique (site_id, type, slug)
);
create index published_newest on content.published (site_id, type, published_on desc, item_id);
create index published_search on content.published using gin (search);
create index published_regions on content.published using gin (region_codes);
create index published_districts on content.published using gin (district_codes);
create index published_tags on content.published using gin (tag_slugs);

-- The change feed for static-site builders: every upsert and deletion of a published row.
create table content.changes (
    seq        bigserial primary key,
    site_id    uuid not null,
    item_id    uuid not null,
    type       text not null,
    slug       text not null,
    kind       text not null check (kind in ('upsert', 'delete')),
    changed_at timestamptz not null
);
create index changes_site_seq on content.changes (site_id, seq);
