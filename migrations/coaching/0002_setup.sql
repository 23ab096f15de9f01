-- Setup area: hours reserved for one session type, optimistic concurrency for a coach's schedule
-- and absences, and the feed-token lookup.

-- A session type with reserved hours (a group workshop on every other Saturday, say) is offered
-- only in windows reserved for it; every other type only in the coach's general windows
-- (session_type_id null). A general "closed" override still closes the whole day.
alter table coaching.session_types add column reserved_hours_only boolean not null default false;
alter table coaching.availability_rules add column session_type_id uuid references coaching.session_types (id) on delete cascade;
alter table coaching.date_overrides add column session_type_id uuid references coaching.session_types (id) on delete cascade;

-- Weekly rules and date overrides are edited as the coach's schedule; this version guards them
-- (If-Match), the profile keeps its own `version`.
alter table coaching.coaches add column availability_version integer not null default 1;

-- Absences are edited one by one.
alter table coaching.absences add column version integer not null default 1;

-- The public iCalendar feed finds its coach by the SHA-256 of the presented token.
create unique index coaches_feed_token_hash on coaching.coaches (feed_token_hash) where feed_token_hash is not null;

-- At most one "closed" override per coach, date and pool of hours; windows are checked by the application.
create unique index date_overrides_closed_once on coaching.date_overrides
    (coach_id, on_date, coalesce(session_type_id, '00000000-0000-0000-0000-000000000000'::uuid)) where start_time is null;
