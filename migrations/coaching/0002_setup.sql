-- Setup area: optimistic concurrency for a coach's schedule and absences, and the feed-token lookup.

-- Weekly rules and date overrides are edited as the coach's schedule; this version guards them
-- (If-Match), the profile keeps its own `version`.
alter table coaching.coaches add column availability_version integer not null default 1;

-- Absences are edited one by one.
alter table coaching.absences add column version integer not null default 1;

-- The public iCalendar feed finds its coach by the SHA-256 of the presented token.
create unique index coaches_feed_token_hash on coaching.coaches (feed_token_hash) where feed_token_hash is not null;

-- At most one "closed" override per coach and date; windows are checked by the application.
create unique index date_overrides_closed_once on coaching.date_overrides (coach_id, on_date) where start_time is null;
