-- Booking: a rescheduled booking is a new row, but the founder's calendar must see the same event
-- moved, so every booking carries the id of its series (the first booking's id). The iCalendar UID
-- is derived from series_id and stays stable; SEQUENCE (bookings.sequence) rises across the series.
alter table coaching.bookings add column series_id uuid;
update coaching.bookings set series_id = id where series_id is null;
alter table coaching.bookings alter column series_id set not null;
create index bookings_series on coaching.bookings (series_id);

-- Rows inserted without a series (a first booking, or code that predates this column) start their own.
create function coaching.bookings_default_series() returns trigger language plpgsql as $$
begin
    new.series_id := coalesce(new.series_id, new.id);
    return new;
end $$;
create trigger bookings_default_series before insert on coaching.bookings
    for each row execute function coaching.bookings_default_series();

-- Idempotency-Key: a retry with the same key must carry the same request; the SHA-256 of the
-- normalised request is kept to tell a retry from a reuse of the key for something else.
alter table coaching.bookings add column idempotency_hash bytea;

-- One live waitlist entry per person and session type (a second sign-up is a 409, not a second place).
create unique index waitlist_one_live_entry on coaching.waitlist_entries (session_type_id, lower(email))
    where status in ('waiting', 'offered');
create index bookings_offers_due on coaching.bookings (offer_expires_at) where status = 'offered';

-- The waitlist is first come, first served: an identity number orders it even when two sign-ups
-- share a timestamp.
alter table coaching.waitlist_entries add column queue_no bigint generated always as identity;
create index waitlist_queue on coaching.waitlist_entries (session_type_id, queue_no) where status = 'waiting';
