-- Applied once per module, with {schema} replaced by the module's schema: the schema itself,
-- its transactional outbox and its idempotency inbox. Platform plumbing, so it is written once
-- here instead of in every module's migrations. A change to these tables is a new template file.
create schema if not exists {schema};

create table {schema}.outbox_messages (
    id              uuid primary key,            -- the event id
    event_name      text not null,               -- stable versioned name, e.g. <module>.<event>.v1
    payload         jsonb not null,
    occurred_at     timestamptz not null,
    status          text not null default 'pending' check (status in ('pending', 'dispatched', 'dead')),
    attempts        integer not null default 0,
    next_attempt_at timestamptz not null,
    last_error      text,
    dispatched_at   timestamptz
);
create index outbox_messages_due on {schema}.outbox_messages (next_attempt_at, occurred_at) where status = 'pending';
create index outbox_messages_dead on {schema}.outbox_messages (occurred_at) where status = 'dead';
create index outbox_messages_dispatched on {schema}.outbox_messages (dispatched_at) where status = 'dispatched';

create table {schema}.inbox_messages (
    event_id     uuid not null,
    handler      text not null,
    event_name   text not null,
    processed_at timestamptz not null,
    primary key (event_id, handler)
);
create index inbox_messages_processed on {schema}.inbox_messages (processed_at);
