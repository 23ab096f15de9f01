-- The daily follow-up digest (job counselling.follow-up-digest): one row per item that is due
-- once, keyed by (item kind, item id, due date). The unique key lets two hosts plan the same
-- item safely; the status says whether it went out, so a retry mails only what is left. A due
-- date that changes (follow-up moved, task rescheduled) makes a new item.
create table counselling.digest_items (
    id            bigint generated always as identity primary key,
    item_kind     text not null check (item_kind in ('consultation_follow_up', 'case_task', 'esf_entry_data', 'esf_exit_data',
                      'esf_six_month_result')),
    item_id       uuid not null,                          -- consultation, case activity, ESF participation or ESF stay (no FK: kinds differ)
    due_on        date not null,                          -- Berlin date the item is due (ESF: the 4-week deadline or the 6-month date)
    client_id     uuid not null references counselling.clients (id) on delete cascade,
    recipient_id  uuid not null,                          -- the client's owner when last claimed (Identity staff user)
    status        text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'skipped', 'cancelled')),
    attempts      integer not null default 0,
    last_error    text,                                   -- why failed, skipped or cancelled
    lease_id      uuid,                                   -- the run that claimed it; its outcome counts only while it holds the lease
    locked_until  timestamptz,
    created_at    timestamptz not null,
    sent_at       timestamptz,
    unique (item_kind, item_id, due_on)
);
create index digest_items_open on counselling.digest_items (status) where status in ('pending', 'failed');
create index digest_items_recipient on counselling.digest_items (recipient_id, sent_at);
