-- Cases, referrals and ESF Plus participant records (Regulation (EU) 2021/1057, Annex I).
-- Dates are Berlin calendar dates; instants are timestamptz (UTC).

-- A case follows one client in one service line from opening to a closing outcome.
-- At most one open case per client and service line.
create table counselling.cases (
    id             uuid primary key,
    client_id      uuid not null references counselling.clients (id) on delete cascade,
    service_line   text not null check (service_line in ('job_seekers', 'young_people', 'companies', 'associations',
                       'volunteering', 'start_up')),
    opened_on      date not null,
    plan           text,                                   -- the agreed plan (free text, counselling note)
    closed_on      date,
    outcome        text check (outcome in ('employment', 'self_employment', 'education_or_training', 'internship',
                       'volunteering_placed', 'staff_recruited', 'funding_secured', 'referred_elsewhere', 'no_longer_reachable',
                       'discontinued', 'other')),
    outcome_note   text,
    opened_by      uuid not null,
    version        integer not null default 1,
    created_at     timestamptz not null,
    updated_at     timestamptz not null,
    check (closed_on is null or (closed_on >= opened_on and outcome is not null)),
    check (outcome is null or closed_on is not null)
);
create index cases_client on counselling.cases (client_id);
create unique index cases_one_open_per_line on counselling.cases (client_id, service_line) where closed_on is null;

-- The case timeline: what happened, in order. Consultations and referrals may also point at a case.
create table counselling.case_activities (
    id           uuid primary key,
    case_id      uuid not null references counselling.cases (id) on delete cascade,
    occurred_on  date not null,
    kind         text not null check (kind in ('note', 'task', 'document', 'status_change')),
    description  text not null check (length(description) between 1 and 4000),
    due_on       date,                                     -- for tasks
    done_at      timestamptz,
    created_by   uuid not null,
    created_at   timestamptz not null
);
create index case_activities_case on counselling.case_activities (case_id, occurred_on);

alter table counselling.consultations add column case_id uuid references counselling.cases (id) on delete set null;

-- A referral to a partner organisation of the network (id from Partners Contracts; the name is
-- copied at the time of referral because there is no FK across schemas) or to start-up coaching.
create table counselling.referrals (
    id                 uuid primary key,
    client_id          uuid not null references counselling.clients (id) on delete cascade,
    case_id            uuid references counselling.cases (id) on delete set null,
    target             text not null check (target in ('partner_organisation', 'start_up_coaching')),
    organisation_id    uuid,
    organisation_name  text,
    reason             text,
    status             text not null check (status in ('sent', 'accepted', 'declined', 'completed', 'withdrawn')),
    referred_on        date not null,
    referred_by        uuid not null,
    status_changed_at  timestamptz not null,
    version            integer not null default 1,
    created_at         timestamptz not null,
    check ((target = 'partner_organisation') = (organisation_id is not null and organisation_name is not null))
);
create index referrals_client on counselling.referrals (client_id);
create index referrals_status on counselling.referrals (status, referred_on);

create table counselling.referral_status_changes (
    id           bigint generated always as identity primary key,
    referral_id  uuid not null references counselling.referrals (id) on delete cascade,
    status       text not null,
    note         text,
    changed_by   uuid,                                     -- null when the change came from another module's event
    changed_at   timestamptz not null
);
create index referral_status_changes_referral on counselling.referral_status_changes (referral_id, changed_at);

-- One ESF Plus participation per client and ESF project: a participant counts once per project,
-- however often they leave and re-enter. The minimal ESF record is this row (and its stays) plus
-- the client's pseudonymous number, kind, target group and district; it survives erasure of
-- everything else until retain_until (the legal hold), after which the retention job deletes it.
create table counselling.esf_participations (
    id                    uuid primary key,
    client_id             uuid not null references counselling.clients (id) on delete cascade,
    project_code          text not null check (project_code ~ '^[a-z0-9][a-z0-9_-]{0,63}$'),
    first_entered_on      date not null,
    -- Entry data (Annex I common output indicators), due within 4 weeks of first entry.
    gender                text check (gender in ('female', 'male', 'non_binary', 'not_stated')),
    age_at_entry          smallint check (age_at_entry between 0 and 120),
    labour_market_status  text check (labour_market_status in ('employed', 'unemployed', 'inactive')),
    unemployment_months   smallint check (unemployment_months between 0 and 600),
    education_level       text check (education_level in ('isced_0_2', 'isced_3_4', 'isced_5_8')),
    third_country_national boolean,
    foreign_background    boolean,
    homeless              boolean,
    rural_area            boolean,
    -- Special categories (DSGVO Art. 9): answered yes/no or explicitly 'not_stated' (keine Angabe).
    disability            text check (disability in ('yes', 'no', 'not_stated')),
    minority              text check (minority in ('yes', 'no', 'not_stated')),
    entry_recorded_at     timestamptz,
    entry_recorded_by     uuid,
    retain_until          date,                            -- end of the ESF legal hold, set when the participant leaves
    version               integer not null default 1,
    created_at            timestamptz not null,
    updated_at            timestamptz not null,
    unique (client_id, project_code),
    check (labour_market_status is distinct from 'unemployed' or unemployment_months is not null)
);
create index esf_participations_entered on counselling.esf_participations (first_entered_on);

-- Each stay in the project; exit data is recorded per stay, within 4 weeks of leaving; the
-- longer-term result six months after leaving is a follow-up task.
create table counselling.esf_stays (
    id                      uuid primary key,
    participation_id        uuid not null references counselling.esf_participations (id) on delete cascade,
    entered_on              date not null,
    left_on                 date,
    exit_job_searching      boolean,
    exit_in_education       boolean,
    exit_gained_qualification boolean,
    exit_employed           boolean,                      -- incl. self-employment
    exit_recorded_at        timestamptz,
    exit_recorded_by        uuid,
    employed_six_months     boolean,                      -- longer-term result, asked from left_on + 6 months
    six_months_recorded_at  timestamptz,
    created_at              timestamptz not null,
    check (left_on is null or left_on >= entered_on)
);
create index esf_stays_participation on counselling.esf_stays (participation_id, entered_on);
create unique index esf_stays_one_open on counselling.esf_stays (participation_id) where left_on is null;
