-- Test-only module: its own table (schema, outbox and inbox come from the platform template).
create table test_sender.things (id uuid primary key, name text not null);
