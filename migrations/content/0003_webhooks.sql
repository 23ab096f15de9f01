-- Webhooks per site: websites (or their build pipelines) subscribe to item.published,
-- item.updated and item.unpublished. Deliveries are rows written by the inbox handler in the
-- same transaction as its inbox entry, then sent by the job content.deliver-webhooks with
-- retries; every attempt is logged so that editors can see why a receiver did not react.

create table content.webhook_subscriptions (
    id                    uuid primary key,
    site_id               uuid not null references content.sites (id),
    url                   text not null,
    events                text[] not null check (cardinality(events) > 0
                              and events <@ array['item.published', 'item.updated', 'item.unpublished']),
    description           text,
    -- A shared signing secret (Standard Webhooks "whsec_…"), not a password: the platform needs
    -- it in clear to sign every delivery, so it cannot be hashed. Never returned after creation.
    secret                text not null,
    -- After a rotation the old secret keeps signing alongside the new one for a grace period,
    -- so a receiver can switch over without rejecting deliveries in between.
    previous_secret       text,
    previous_secret_until timestamptz,
    -- Health: deliveries that ended as failed in a row, and since when deliveries fail without
    -- any success in between. Either can disable the subscription; re-enabling resets both.
    consecutive_failures  integer not null default 0,
    failing_since         timestamptz,
    disabled_at           timestamptz,
    disabled_reason       text,
    disabled_by           uuid,                 -- null when the platform disabled it automatically
    created_at            timestamptz not null,
    created_by            uuid,
    updated_at            timestamptz not null,
    updated_by            uuid
);
create index webhook_subscriptions_site on content.webhook_subscriptions (site_id);

create table content.webhook_deliveries (
    id              uuid primary key,           -- also the webhook-id header, the same on every retry
    subscription_id uuid not null references content.webhook_subscriptions (id) on delete cascade,
    event_id        uuid not null,              -- the integration event that caused it
    event_type      text not null,              -- item.published, item.updated, item.unpublished
    payload         text not null,              -- the exact body sent and signed: retries send identical bytes
    status          text not null check (status in ('pending', 'delivered', 'failed')),
    attempts        integer not null default 0,
    next_attempt_at timestamptz not null,       -- while a sender works on it: the end of its lease
    created_at      timestamptz not null,
    finished_at     timestamptz,                -- delivered or finally failed
    last_status_code integer,
    last_error      text,
    redelivery_of   uuid references content.webhook_deliveries (id) on delete set null
);
-- Exactly one delivery per event and subscription; a manual redelivery is a row of its own.
create unique index webhook_deliveries_once on content.webhook_deliveries (subscription_id, event_id) where redelivery_of is null;
create index webhook_deliveries_due on content.webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_log on content.webhook_deliveries (subscription_id, created_at desc, id desc);

create table content.webhook_attempts (
    delivery_id  uuid not null references content.webhook_deliveries (id) on delete cascade,
    attempt_no   integer not null,
    attempted_at timestamptz not null,
    status_code  integer,                       -- null when no answer came (timeout, refused, DNS)
    error        text,
    duration_ms  integer not null,
    primary key (delivery_id, attempt_no)
);
