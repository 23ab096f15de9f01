-- Data-subject rights (DSGVO Art. 15, 17, 18), legal holds and retention. See docs/adr/0018.

-- Why processing is restricted (Art. 18), e.g. "Richtigkeit bestritten"; only while restricted.
alter table counselling.clients add column restriction_reason text
    check (restriction_reason is null or length(restriction_reason) <= 1000);
alter table counselling.clients add constraint clients_restriction_reason_only_when_restricted
    check (restriction_reason is null or restricted_at is not null);

-- The retention job looks for erased records whose hold has ended (holds: the unique index on
-- esf_participations (client_id, project_code) serves the lookup per client).
create index clients_erased on counselling.clients (erased_at) where erased_at is not null;

-- New access-log actions: restriction set and lifted, erasure by staff, and what the retention job did.
alter table counselling.access_log drop constraint access_log_action_check;
alter table counselling.access_log add constraint access_log_action_check
    check (action in ('read', 'list', 'search', 'export', 'update', 'restrict', 'lift_restriction', 'erase', 'retention'));

-- The log is personal data about staff too, so it ages out (the retention job, after
-- Counselling:Retention:AccessLogYears). Only a transaction that sets the local setting
-- counselling.access_log_purge = 'on' may delete; updates stay refused. This guards against
-- mistakes in application code, not against a database superuser.
create or replace function counselling.access_log_append_only() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' and current_setting('counselling.access_log_purge', true) = 'on' then
        return null;
    end if;
    raise exception 'counselling.access_log is append-only';
end $$;
