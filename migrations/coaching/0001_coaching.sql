-- Start-up coaching (Gründungscoaching): coaches and their offer, availability, sessions and
-- bookings, waitlist, reminders and outgoing mail. Times of day in availability rules are
-- Europe/Berlin wall-clock times; every instant is timestamptz (UTC).

create table coaching.coaches (
    id                 uuid primary key,
    staff_user_id      uuid unique,                  -- the Identity account that manages this profile (role coach)
    display_name       text not null,
    email              text not null,
    bio                text,
    topics             text[] not null default '{}', -- idea_check, business_plan, financing, marketing, after_founding
    languages          text[] not null default '{de}',
    location_kinds     text[] not null default '{room}', -- room, video, phone
    room_address       text,                          -- where a "room" session takes place
    is_active          boolean not null default true,
    feed_token_hash    bytea,                         -- SHA-256 of the secret iCalendar feed token; null = no feed
    feed_token_created_at timestamptz,
    version            integer not null default 1,
    created_at         timestamptz not null,
    updated_at         timestamptz not null
);

create table coaching.session_types (
    id                       uuid primary key,
    slug                     text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name                     text not null,
    description              text,
    topic                    text,                    -- the coaching topic; never shown in reminders
    duration_minutes         integer not null check (duration_minutes between 5 and 600),
    location_kind            text not null check (location_kind in ('room', 'video', 'phone')),
    capacity                 integer not null default 1 check (capacity between 1 and 200),
    buffer_before_minutes    integer not null default 0 check (buffer_before_minutes between 0 and 240),
    buffer_after_minutes     integer not null default 0 check (buffer_after_minutes between 0 and 240),
    slot_step_minutes        integer not null default 30 check (slot_step_minutes between 5 and 240),
    min_notice_minutes       integer not null default 1440 check (min_notice_minutes >= 0),
    horizon_days             integer not null default 60 check (horizon_days between 1 and 365),
    cancel_cutoff_minutes    integer not null default 1440 check (cancel_cutoff_minutes >= 0),
    reschedule_cutoff_minutes integer not null default 1440 check (reschedule_cutoff_minutes >= 0),
    daily_limit_per_coach    integer check (daily_limit_per_coach is null or daily_limit_per_coach > 0),
    is_active                boolean not null default true,
    version                  integer not null default 1,
    created_at               timestamptz not null,
    updated_at               timestamptz not null
);

-- Which coaches offer a session type.
create table coaching.session_type_coaches (
    session_type_id uuid not null references coaching.session_types (id) on delete cascade,
    coach_id        uuid not null references coaching.coaches (id),
    primary key (session_type_id, coach_id)
);

-- Weekly availability in Berlin wall-clock time (weekday 1 = Monday … 7 = Sunday, ISO).
create table coaching.availability_rules (
    id          uuid primary key,
    coach_id    uuid not null references coaching.coaches (id),
    weekday     smallint not null check (weekday between 1 and 7),
    start_time  time not null,
    end_time    time not null,
    valid_from  date,
    valid_until date,
    check (end_time > start_time),
    check (valid_until is null or valid_from is null or valid_until >= valid_from)
);
create index availability_rules_coach on coaching.availability_rules (coach_id);

-- A date override replaces the weekly rules on that date: its windows only, or none (unavailable).
create table coaching.date_overrides (
    id         uuid primary key,
    coach_id   uuid not null references coaching.coaches (id),
    on_date    date not null,
    start_time time,            -- null with end_time null: not available that day
    end_time   time,
    check ((start_time is null) = (end_time is null)),
    check (end_time is null or end_time > start_time)
);
create index date_overrides_coach_date on coaching.date_overrides (coach_id, on_date);

-- Absences (holiday, illness) block whole instants, across days.
create table coaching.absences (
    id       uuid primary key,
    coach_id uuid not null references coaching.coaches (id),
    during   tstzrange not null check (not isempty(during)),
    reason   text
);
create index absences_coach on coaching.absences using gist (coach_id, during);

-- A founder (Gründer/in) as the coaching journey knows them; no account, identified by e-mail.
create table coaching.founders (
    id               uuid primary key,
    email_normalized text not null unique,
    name             text not null,
    phone            text,
    stage            text not null check (stage in ('idea', 'business_plan', 'financing', 'founded', 'after_founding')),
    founded_on       date,
    created_at       timestamptz not null,
    updated_at       timestamptz not null
);

-- One row per coach and start time that has (or had) bookings. `blocked` is the coach's time
-- including buffers; the exclusion constraint makes overlapping active sessions of one coach
-- impossible, whatever the application does.
create table coaching.sessions (
    id              uuid primary key,
    coach_id        uuid not null references coaching.coaches (id),
    session_type_id uuid not null references coaching.session_types (id),
    starts_at       timestamptz not null,
    ends_at         timestamptz not null,
    blocked         tstzrange not null,
    capacity        integer not null check (capacity >= 1),
    status          text not null default 'active' check (status in ('active', 'cancelled')),
    outcome         text check (outcome in ('held', 'no_show', 'late_cancelled')),
    coach_notes     text,                           -- private to the coach
    created_at      timestamptz not null,
    check (ends_at > starts_at),
    constraint sessions_no_overlap exclude using gist (coach_id with =, blocked with &&) where (status = 'active')
);
create unique index sessions_one_active_per_start on coaching.sessions (coach_id, starts_at) where status = 'active';
create index sessions_coach_time on coaching.sessions (coach_id, starts_at);

create table coaching.bookings (
    id                uuid primary key,
    session_id        uuid not null references coaching.sessions (id),
    founder_id        uuid not null references coaching.founders (id),
    status            text not null check (status in ('confirmed', 'offered', 'cancelled', 'moved', 'expired')),
    name              text not null,
    email             text not null,
    phone             text,
    stage             text not null,
    consent_at        timestamptz not null,
    idempotency_key   text unique,
    sequence          integer not null default 0,    -- iCalendar SEQUENCE: raised on every change
    token_version     integer not null default 1,    -- raising it revokes earlier manage links
    moved_to          uuid references coaching.bookings (id),
    cancelled_at      timestamptz,
    cancelled_by      text check (cancelled_by in ('founder', 'coach', 'system')),
    offer_expires_at  timestamptz,                   -- status offered: the hold ends then
    created_at        timestamptz not null,
    updated_at        timestamptz not null
);
create index bookings_session on coaching.bookings (session_id) where status in ('confirmed', 'offered');
create index bookings_founder on coaching.bookings (founder_id);

create table coaching.waitlist_entries (
    id                 uuid primary key,
    session_type_id    uuid not null references coaching.session_types (id),
    coach_id           uuid references coaching.coaches (id),
    from_date          date not null,
    to_date            date not null,
    name               text not null,
    email              text not null,
    phone              text,
    stage              text not null,
    consent_at         timestamptz not null,
    status             text not null default 'waiting' check (status in ('waiting', 'offered', 'booked', 'expired', 'withdrawn')),
    offered_booking_id uuid references coaching.bookings (id),
    created_at         timestamptz not null,
    check (to_date >= from_date)
);
create index waitlist_waiting on coaching.waitlist_entries (session_type_id, created_at) where status = 'waiting';

-- Reminders are rows with a status: scheduled when a booking is confirmed, cancelled when it is
-- cancelled or moved, sent exactly once by the clustered job (claimed with FOR UPDATE SKIP LOCKED).
create table coaching.reminders (
    id          uuid primary key,
    booking_id  uuid not null references coaching.bookings (id),
    kind        text not null,                        -- e.g. 24h, 2h
    due_at      timestamptz not null,
    status      text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'cancelled')),
    attempts    integer not null default 0,
    last_error  text,
    sent_at     timestamptz,
    unique (booking_id, kind)
);
create index reminders_due on coaching.reminders (due_at) where status in ('pending', 'failed');

-- Confirmation, change and cancellation mails: written in the booking's transaction, sent by a job,
-- so a mail server outage delays a mail but never loses it or fails the booking.
create table coaching.outgoing_mails (
    id              uuid primary key,
    booking_id      uuid references coaching.bookings (id),
    kind            text not null,                    -- confirmation, change, cancellation, waitlist_offer, ...
    recipient       text not null,
    subject         text not null,
    body            text not null,
    ics             text,                             -- iCalendar attachment (METHOD:REQUEST or CANCEL)
    ics_method      text,
    status          text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
    attempts        integer not null default 0,
    last_error      text,
    next_attempt_at timestamptz not null,
    created_at      timestamptz not null,
    sent_at         timestamptz
);
create index outgoing_mails_due on coaching.outgoing_mails (next_attempt_at) where status in ('pending', 'failed');
