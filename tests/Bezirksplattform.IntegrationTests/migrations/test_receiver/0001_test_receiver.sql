-- Test-only module: its own table (schema, outbox and inbox come from the platform template).
create table test_receiver.received (event_id uuid not null, thing_id uuid not null, name text not null, received_at timestamptz not null default now());
