-- Partner network, programmes: fields of action (Handlungsfelder), action plans (Aktionspläne)
-- with immutable versions, projects, funding programmes and periods, and the budgets of each
-- project's funding lines (euro cents, bigint, never floats).

-- A field of action belongs to a district, to an alliance or other organisation, or to both.
create table partners.fields_of_action (
    id              uuid primary key,
    district_code   text references partners.districts (code),
    organisation_id uuid references partners.organisations (id),
    name            text not null check (length(btrim(name)) between 1 and 200),
    description     text,
    version         integer not null default 1,
    created_at      timestamptz not null,
    created_by      uuid,
    updated_at      timestamptz not null,
    updated_by      uuid,
    check (district_code is not null or organisation_id is not null)
);
-- One name per scope; the all-zero uuid stands for "no organisation" so nulls compare equal.
create unique index fields_of_action_name on partners.fields_of_action (
    coalesce(district_code, ''), coalesce(organisation_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));

create table partners.action_plans (
    id              uuid primary key,
    title           text not null check (length(btrim(title)) between 1 and 300),
    district_code   text references partners.districts (code),
    organisation_id uuid references partners.organisations (id),
    version         integer not null default 1,
    created_at      timestamptz not null,
    created_by      uuid,
    updated_at      timestamptz not null,
    updated_by      uuid,
    check (district_code is not null or organisation_id is not null)
);

-- Funding programmes (Förderprogramme), identified by a stable code such as WDM or ESF-PLUS.
create table partners.funding_programmes (
    code         text primary key check (code ~ '^[A-Z0-9]+(-[A-Z0-9]+)*$'),
    name         text not null check (length(btrim(name)) between 1 and 300),
    funder_level text not null check (funder_level in ('federal', 'state', 'federal_state', 'eu', 'district')),
    description  text,
    website      text,
    version      integer not null default 1,
    created_at   timestamptz not null,
    created_by   uuid,
    updated_at   timestamptz not null,
    updated_by   uuid
);

-- Funding periods (Förderperioden) are shared by all programmes and never overlap; which
-- programme runs in which period is partners.programme_periods.
create table partners.funding_periods (
    code       text primary key check (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name       text not null,
    starts_on  date not null,
    ends_on    date not null,
    version    integer not null default 1,
    created_at timestamptz not null,
    created_by uuid,
    updated_at timestamptz not null,
    updated_by uuid,
    check (ends_on >= starts_on),
    exclude using gist (daterange(starts_on, ends_on, '[]') with &&)
);

create table partners.programme_periods (
    programme_code text not null references partners.funding_programmes (code) on delete cascade,
    period_code    text not null references partners.funding_periods (code),
    primary key (programme_code, period_code)
);

create table partners.projects (
    id                   uuid primary key,
    title                text not null check (length(btrim(title)) between 1 and 300),
    summary              text not null,
    description          text not null default '',      -- Markdown
    lead_organisation_id uuid not null references partners.organisations (id),
    period_start         date,
    period_end           date,
    status               text not null check (status in ('planned', 'running', 'completed', 'cancelled')),
    district_code        text references partners.districts (code),
    field_of_action_id   uuid references partners.fields_of_action (id),
    action_plan_id       uuid references partners.action_plans (id),
    contact_name         text,
    contact_email        text,
    contact_phone        text,
    website              text,
    tags                 text[] not null default '{}',
    -- Publication to Content: the sites, and a revision every publish, re-publish and
    -- unpublish raises, so Content can ignore an older event that arrives late.
    is_public            boolean not null default false,
    publication_sites    text[] not null default '{}',
    publication_revision integer not null default 0,
    published_at         timestamptz,
    published_by         uuid,
    version              integer not null default 1,
    created_at           timestamptz not null,
    created_by           uuid,
    updated_at           timestamptz not null,
    updated_by           uuid,
    check (period_end is null or period_start is null or period_end >= period_start)
);
create index projects_lead on partners.projects (lead_organisation_id);
create index projects_field_of_action on partners.projects (field_of_action_id);
create index projects_action_plan on partners.projects (action_plan_id);
create index projects_title_trgm on partners.projects using gin (lower(title) gin_trgm_ops);

create table partners.project_partners (
    project_id      uuid not null references partners.projects (id) on delete cascade,
    organisation_id uuid not null references partners.organisations (id),
    position        integer not null,
    primary key (project_id, organisation_id)
);
create index project_partners_organisation on partners.project_partners (organisation_id);

create table partners.project_regions (
    project_id  uuid not null references partners.projects (id) on delete cascade,
    region_code text not null references partners.regions (code),
    primary key (project_id, region_code)
);
create index project_regions_region on partners.project_regions (region_code);

-- A version of an action plan: immutable once adopted (a trigger refuses changes), so every
-- revision (Fortschreibung) stays as it was decided. A draft version may be adopted once.
create table partners.action_plan_versions (
    action_plan_id uuid not null references partners.action_plans (id),
    version_no     integer not null check (version_no > 0),
    valid_from     date not null,
    adopted_on     date,
    adopted_by     text,             -- e.g. Steuerungsgruppe des Bündnisses
    goals          text not null,    -- Markdown
    created_at     timestamptz not null,
    created_by     uuid,
    primary key (action_plan_id, version_no)
);

create table partners.action_plan_measures (
    action_plan_id     uuid not null,
    version_no         integer not null,
    position           integer not null,
    title              text not null,
    description        text,
    project_id         uuid references partners.projects (id),
    field_of_action_id uuid references partners.fields_of_action (id),
    primary key (action_plan_id, version_no, position),
    foreign key (action_plan_id, version_no) references partners.action_plan_versions (action_plan_id, version_no)
);
create index action_plan_measures_project on partners.action_plan_measures (project_id);

create function partners.keep_action_plan_versions() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and old.adopted_on is null
       and new.action_plan_id = old.action_plan_id and new.version_no = old.version_no and new.valid_from = old.valid_from
       and new.goals = old.goals and new.created_at = old.created_at and new.created_by is not distinct from old.created_by then
        return new; -- adopting a draft: only adopted_on and adopted_by change
    end if;
    raise exception 'action plan versions are immutable' using errcode = 'P0001';
end $$;

create function partners.keep_action_plan_measures() returns trigger language plpgsql as $$
begin
    raise exception 'the measures of an action plan version are immutable' using errcode = 'P0001';
end $$;

create trigger action_plan_versions_immutable before update or delete on partners.action_plan_versions
    for each row execute function partners.keep_action_plan_versions();
create trigger action_plan_measures_immutable before update or delete on partners.action_plan_measures
    for each row execute function partners.keep_action_plan_measures();

-- A project's funding by one programme in one period, with its budget per calendar year.
create table partners.funding_lines (
    id             uuid primary key,
    project_id     uuid not null references partners.projects (id),
    programme_code text not null,
    period_code    text not null,
    reference      text,             -- Förderkennzeichen
    version        integer not null default 1,
    created_at     timestamptz not null,
    created_by     uuid,
    updated_at     timestamptz not null,
    updated_by     uuid,
    unique (project_id, programme_code, period_code),
    foreign key (programme_code, period_code) references partners.programme_periods (programme_code, period_code)
);
create index funding_lines_programme on partners.funding_lines (programme_code, period_code);

create table partners.funding_line_budgets (
    funding_line_id uuid not null references partners.funding_lines (id) on delete cascade,
    year            integer not null check (year between 1990 and 2100),
    planned_cents   bigint not null default 0 check (planned_cents >= 0),
    approved_cents  bigint not null default 0 check (approved_cents >= 0),
    spent_cents     bigint not null default 0 check (spent_cents >= 0),
    primary key (funding_line_id, year)
);
