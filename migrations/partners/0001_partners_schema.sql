-- Partner network (Partnernetzwerk): the module's schema with its transactional outbox and idempotency inbox.
create schema partners;

create table partners.outbox_messages (
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
create index outbox_messages_due on partners.outbox_messages (next_attempt_at, occurred_at) where status = 'pending';
create index outbox_messages_dead on partners.outbox_messages (occurred_at) where status = 'dead';

create table partners.inbox_messages (
    event_id     uuid not null,
    handler      text not null,
    event_name   text not null,
    processed_at timestamptz not null,
    primary key (event_id, handler)
);
