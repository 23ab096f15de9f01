-- Reporting (Berichtswesen): report runs and their frozen snapshots. Figures come from the other
-- modules' Contracts queries at run time; once a run is done its snapshot never changes.

create table reporting.report_runs (
    id              uuid primary key,
    definition      text not null,
    period_key      text not null,                       -- "2026-Q3", "2026", "2026-10"
    period_from     date not null,
    period_to       date not null,
    for_publication boolean not null,
    trigger         text not null check (trigger in ('scheduled', 'on_demand')),
    requested_by    uuid,                                -- staff user (Identity); null for scheduled runs
    status          text not null check (status in ('queued', 'running', 'done', 'failed')),
    progress        smallint not null default 0 check (progress between 0 and 100),
    step            text,
    failure_reason  text,
    attempts        integer not null default 0,
    lease_id        uuid,
    locked_until    timestamptz,
    queued_at       timestamptz not null,
    started_at      timestamptz,
    finished_at     timestamptz,
    check (period_to >= period_from),
    check ((trigger = 'scheduled') = (requested_by is null))
);
create index report_runs_queue on reporting.report_runs (queued_at) where status in ('queued', 'running');
create index report_runs_definition on reporting.report_runs (definition, queued_at desc);
-- A scheduled firing (on any host, or repeated) creates one run per definition and period.
create unique index report_runs_scheduled_once on reporting.report_runs (definition, period_key) where trigger = 'scheduled';

-- The frozen snapshot: the canonical JSON bytes exactly as hashed.
create table reporting.report_snapshots (
    run_id        uuid primary key references reporting.report_runs (id),
    document      bytea not null,
    content_hash  text not null check (content_hash ~ '^[0-9a-f]{64}$'),
    created_at    timestamptz not null
);

create function reporting.snapshots_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'reporting.report_snapshots are immutable';
end $$;

create trigger report_snapshots_immutable before update or delete on reporting.report_snapshots
    for each statement execute function reporting.snapshots_immutable();

-- Mails about finished runs, written in the run's finishing transaction and sent afterwards by the
-- runner (claim with lease, then record), so a crash between "done" and the mail loses no mail.
create table reporting.report_notifications (
    id            uuid primary key,
    run_id        uuid not null references reporting.report_runs (id),
    email         text not null,
    subject       text not null,
    body          text not null,
    status        text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
    attempts      integer not null default 0,
    last_error    text,
    locked_until  timestamptz,
    created_at    timestamptz not null,
    sent_at       timestamptz,
    unique (run_id, email)
);
create index report_notifications_due on reporting.report_notifications (created_at) where status in ('pending', 'failed');
