-- Content publishing (Inhalte): the module's schema with its transactional outbox and idempotency inbox.
create schema content;

create table content.outbox_messages (
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
create index outbox_messages_due on content.outbox_messages (next_attempt_at, occurred_at) where status = 'pending';
create index outbox_messages_dead on content.outbox_messages (occurred_at) where status = 'dead';

create table content.inbox_messages (
    event_id     uuid not null,
    handler      text not null,
    event_name   text not null,
    processed_at timestamptz not null,
    primary key (event_id, handler)
);
