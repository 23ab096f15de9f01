-- Employment counselling (Beschäftigungsberatung), core: teams, pseudonymous clients, their
-- contact data in a table of its own, consents, consultations, anonymous short-contact tallies
-- and the access log. Later migrations add cases, referrals, ESF Plus records and retention.
-- Every instant is timestamptz (UTC); dates (occurred_on, follow_up_on) are Berlin calendar dates.

-- A team scopes access: a counsellor sees the clients of every team they belong to.
create table counselling.teams (
    id          uuid primary key,
    name        text not null unique check (length(name) between 1 and 200),
    created_at  timestamptz not null
);

-- Staff user ids come from Identity (no FK across schemas); a counsellor may be in several teams.
create table counselling.team_members (
    team_id        uuid not null references counselling.teams (id) on delete cascade,
    staff_user_id  uuid not null,
    added_at       timestamptz not null,
    primary key (team_id, staff_user_id)
);
create index team_members_user on counselling.team_members (staff_user_id);

-- K-2026-000123: the year of intake and a number from this sequence, never reused.
create sequence counselling.client_number_seq;

-- Counselling data only: no name, no address. district_code is the region code used in reporting.
-- erased_at marks a record whose personal data was erased (a minimal ESF record may be kept under
-- a legal hold); restricted_at hides it from everyday lists (DSGVO Art. 18).
create table counselling.clients (
    id                uuid primary key,
    client_number     text not null unique check (client_number ~ '^K-[0-9]{4}-[0-9]{6,}$'),
    kind              text not null check (kind in ('person', 'organisation')),
    target_group      text not null,
    district_code     text,
    owner_id          uuid not null,                 -- the owning counsellor (Identity staff user)
    team_id           uuid not null references counselling.teams (id),
    restricted_at     timestamptz,
    erased_at         timestamptz,
    version           integer not null default 1,
    created_at        timestamptz not null,
    updated_at        timestamptz not null,
    constraint clients_target_group check (
        (kind = 'person' and target_group in ('unemployed', 'long_term_unemployed', 'young_person', 'employed', 'inactive', 'volunteer'))
        or (kind = 'organisation' and target_group in ('company', 'association')))
);
create index clients_team on counselling.clients (team_id);
create index clients_owner on counselling.clients (owner_id);

-- Contact data apart from counselling data, so that erasure can delete it on its own and
-- reporting never needs to touch it. birth_year only serves the duplicate check on intake.
create table counselling.client_contacts (
    client_id         uuid primary key references counselling.clients (id) on delete cascade,
    name              text not null,
    email             text,
    email_normalised  text generated always as (lower(btrim(email))) stored,
    phone             text,
    postal_address    text,
    birth_year        smallint check (birth_year between 1900 and 2100),
    updated_at        timestamptz not null
);
create index client_contacts_email on counselling.client_contacts (email_normalised);
-- pg_trgm is installed by the platform (PlatformExtensionsSource).
create index client_contacts_name_trgm on counselling.client_contacts using gin (lower(name) gin_trgm_ops);

create table counselling.consents (
    id            uuid primary key,
    client_id     uuid not null references counselling.clients (id) on delete cascade,
    purpose       text not null check (purpose in ('counselling', 'esf_reporting', 'partner_referral', 'email_contact')),
    given_at      timestamptz not null,
    withdrawn_at  timestamptz,
    recorded_by   uuid not null,
    check (withdrawn_at is null or withdrawn_at >= given_at)
);
create index consents_client on counselling.consents (client_id);

create table counselling.consultations (
    id                uuid primary key,
    client_id         uuid not null references counselling.clients (id) on delete cascade,
    counsellor_id     uuid not null,
    occurred_on       date not null,
    duration_minutes  integer not null check (duration_minutes between 1 and 600),
    channel           text not null check (channel in ('in_person', 'phone', 'video', 'email', 'outreach')),
    topics            text[] not null check (cardinality(topics) > 0 and topics <@ array['career_planning', 'education_counselling',
                          'application_support', 'career_orientation_internships', 'recruitment_advice', 'funding_research',
                          'start_up_advice', 'volunteer_placement']),
    outcome           text,
    next_steps        text,
    follow_up_on      date check (follow_up_on is null or follow_up_on >= occurred_on),
    created_at        timestamptz not null
);
create index consultations_client on counselling.consultations (client_id, occurred_on);
-- The follow-up digest (next session) scans open follow-ups by date.
create index consultations_follow_up on counselling.consultations (follow_up_on) where follow_up_on is not null;

-- Anonymous short contacts: counts only, no person. One row per day, counsellor, channel and topic.
create table counselling.short_contacts (
    contact_date   date not null,
    counsellor_id  uuid not null,
    channel        text not null check (channel in ('in_person', 'phone', 'video', 'email', 'outreach')),
    topic          text not null check (topic in ('career_planning', 'education_counselling', 'application_support',
                       'career_orientation_internships', 'recruitment_advice', 'funding_research', 'start_up_advice', 'volunteer_placement')),
    count          integer not null check (count > 0),
    primary key (contact_date, counsellor_id, channel, topic)
);

-- Who read, listed, searched, exported or changed client data. client_id has no FK: the log
-- outlives erasure. Append-only: a trigger refuses updates and deletes.
create table counselling.access_log (
    id             bigint generated always as identity primary key,
    staff_user_id  uuid not null,
    occurred_at    timestamptz not null,
    action         text not null check (action in ('read', 'list', 'search', 'export', 'update')),
    client_id      uuid,
    detail         text
);
create index access_log_client on counselling.access_log (client_id, occurred_at);
create index access_log_user on counselling.access_log (staff_user_id, occurred_at);

create function counselling.access_log_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'counselling.access_log is append-only';
end $$;

create trigger access_log_append_only before update or delete on counselling.access_log
    for each statement execute function counselling.access_log_append_only();
