-- Staff accounts (Mitarbeiterkonten): the module's schema with its transactional outbox and idempotency inbox.
create schema identity;

create table identity.outbox_messages (
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
create index outbox_messages_due on identity.outbox_messages (next_attempt_at, occurred_at) where status = 'pending';
create index outbox_messages_dead on identity.outbox_messages (occurred_at) where status = 'dead';

create table identity.inbox_messages (
    event_id     uuid not null,
    handler      text not null,
    event_name   text not null,
    processed_at timestamptz not null,
    primary key (event_id, handler)
);

-- Staff accounts. Passwords are hashed with ASP.NET Core's PasswordHasher (PBKDF2); never stored in clear.
create table identity.staff_users (
    id            uuid primary key,
    user_name     text not null check (user_name ~ '^[a-z0-9._-]{3,64}$'),
    display_name  text not null,
    email         text,
    password_hash text not null,
    roles         text[] not null check (
                      cardinality(roles) > 0
                      and roles <@ array['admin', 'counsellor', 'coach', 'editor', 'coordinator', 'reporting']),
    is_active     boolean not null default true,
    created_at    timestamptz not null,
    last_login_at timestamptz
);
create unique index staff_users_user_name_key on identity.staff_users (user_name);
