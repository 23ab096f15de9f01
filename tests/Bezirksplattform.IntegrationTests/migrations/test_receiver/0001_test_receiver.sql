-- Test-only module: the module's schema with its transactional outbox and idempotency inbox.
create schema test_receiver;

create table test_receiver.outbox_messages (
    id              uuid primary key,            -- the event id
    event_name      text not null,               -- stable versioned name, e.g. coaching.session-booked.v1
    payload         jsonb not null,
    occurred_at     timestamptz not null,
    status          text not null default 'pending' check (status in ('pending', 'dispatched', 'dead')),
    attempts        integer not null default 0,
    next_attempt_at timestamptz not null,
    last_error      text,
    dispatched_at   timestamptz
);
create index outbox_messages_due on test_receiver.outbox_messages (next_attempt_at, occurred_at) where status = 'pending';
create index outbox_messages_dead on test_receiver.outbox_messages (occurred_at) where status = 'dead';

create table test_receiver.inbox_messages (
    event_id     uuid not null,
    handler      text not null,
    event_name   text not null,
    processed_at timestamptz not null,
    primary key (event_id, handler)
);

create table test_receiver.received (event_id uuid not null, thing_id uuid not null, name text not null, received_at timestamptz not null default now());
