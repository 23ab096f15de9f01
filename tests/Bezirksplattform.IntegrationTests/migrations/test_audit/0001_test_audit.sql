-- Test-only module: its own table (schema, outbox and inbox come from the platform template).
create table test_audit.audited (event_id uuid not null, name text not null);
