-- Notifications and the founder journey (docs/coaching/notifications.md).

-- A reminder's next_attempt_at is when the sending job may claim it: its due time at first, the end
-- of the claim's lease while it is being sent, the backoff after a failed attempt. due_at stays the
-- planned time.
alter table coaching.reminders add column next_attempt_at timestamptz;
update coaching.reminders set next_attempt_at = due_at;
alter table coaching.reminders alter column next_attempt_at set not null;
create index reminders_claimable on coaching.reminders (next_attempt_at) where status = 'pending';
create index outgoing_mails_booking on coaching.outgoing_mails (booking_id);

-- Session outcome: who recorded it and when; per booking whether the founder attended (group sessions).
alter table coaching.sessions
    add column outcome_recorded_at timestamptz,
    add column outcome_recorded_by uuid,          -- staff user (Identity), no foreign key across schemas
    add column notes_updated_at    timestamptz;
alter table coaching.bookings add column attended boolean; -- null until the coach records the session's outcome

-- The founder's journey: every stage change, so staff see how a founder moved from the idea on.
create table coaching.founder_journey (
    id          bigint generated always as identity primary key,
    founder_id  uuid not null references coaching.founders (id),
    stage       text not null check (stage in ('idea', 'business_plan', 'financing', 'founded', 'after_founding')),
    founded_on  date,
    changed_at  timestamptz not null,
    changed_by  uuid                                -- staff user; null when the founder's own booking set it
);
create index founder_journey_founder on coaching.founder_journey (founder_id, id);
