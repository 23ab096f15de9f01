-- Partner network, part 3: cooperation agreements (Kooperationsvereinbarungen) with their parties,
-- signatories and document versions, and the expiry reminders sent to coordinators.
-- The status is never stored: partners.agreement_status derives it from the dates, the signatures
-- and "today" (the Europe/Berlin date the caller passes), so list filters and paging agree with it.

create table partners.agreements (
    id                        uuid primary key,
    title                     text not null check (length(btrim(title)) between 1 and 300),
    subject                   text,                                        -- Gegenstand: what the partners agree on
    district_code             text references partners.districts (code),
    valid_from                date,                                        -- in force from (null while being negotiated)
    valid_until               date,                                        -- last day in force; null = open-ended
    notice_period_months      integer check (notice_period_months between 0 and 120),  -- Kündigungsfrist; null = none agreed
    terminated_on             date,                                        -- the termination takes effect on this day
    termination_reason        text,
    termination_notice_given_on date,                                      -- the day notice was given (Kündigung erklärt am)
    version                   integer not null default 1,
    created_at                timestamptz not null,
    created_by                uuid,
    updated_at                timestamptz not null,
    updated_by                uuid,
    check (valid_until is null or valid_from is null or valid_until >= valid_from),
    check ((terminated_on is null) = (termination_reason is null) and (terminated_on is null) = (termination_notice_given_on is null))
);
create index agreements_district on partners.agreements (district_code);
create index agreements_valid_until on partners.agreements (valid_until);

create table partners.agreement_parties (
    agreement_id    uuid not null references partners.agreements (id) on delete cascade,
    organisation_id uuid not null references partners.organisations (id),
    role            text not null check (role in ('district_office', 'senate_department', 'provider', 'federation', 'other')),
    added_at        timestamptz not null,
    added_by        uuid,
    primary key (agreement_id, organisation_id)
);
create index agreement_parties_organisation on partners.agreement_parties (organisation_id);

-- Who signed for which party. The person is optional: sources often name only "the representatives
-- of" an association. The composite key makes "the signatory's organisation is a party" a fact.
create table partners.agreement_signatories (
    id              uuid primary key,
    agreement_id    uuid not null,
    organisation_id uuid not null,
    person_id       uuid references partners.people (id),
    function        text,                -- e.g. Bezirksbürgermeister, Geschäftsführerin
    signed_on       date not null,
    added_at        timestamptz not null,
    added_by        uuid,
    foreign key (agreement_id, organisation_id) references partners.agreement_parties (agreement_id, organisation_id) on delete cascade
);
create index agreement_signatories_agreement on partners.agreement_signatories (agreement_id, organisation_id);

-- Document versions: metadata and a link to where the signed file lives (docs/adr/0013); no file bytes.
create table partners.agreement_documents (
    id           uuid primary key,
    agreement_id uuid not null references partners.agreements (id) on delete cascade,
    version_no   integer not null check (version_no >= 1),
    file_name    text not null check (length(btrim(file_name)) between 1 and 255),
    url          text not null check (url ~ '^https://'),
    note         text,
    uploaded_at  timestamptz not null,
    uploaded_by  uuid,
    unique (agreement_id, version_no)
);

-- Concluded (abgeschlossen) = in force from a known day, at least two parties, and every party has signed.
create function partners.agreement_is_concluded(p_agreement uuid, p_valid_from date) returns boolean
language sql stable as $$
    select p_valid_from is not null
       and (select count(*) from partners.agreement_parties p where p.agreement_id = p_agreement) >= 2
       and not exists (
           select 1 from partners.agreement_parties p
           where p.agreement_id = p_agreement
             and not exists (select 1 from partners.agreement_signatories s
                             where s.agreement_id = p.agreement_id and s.organisation_id = p.organisation_id))
$$;

-- draft → not_yet_in_force → in_force → expiring (≤ 90 days to its last day) → expired, or terminated.
-- A termination taking effect later leaves the agreement in force until the day before.
create function partners.agreement_status(p_agreement uuid, p_valid_from date, p_valid_until date, p_terminated_on date, p_today date)
returns text language sql stable as $$
    select case
        when not partners.agreement_is_concluded(p_agreement, p_valid_from) then 'draft'
        when p_terminated_on <= p_today then 'terminated'
        when p_valid_until < p_today then 'expired'
        when p_valid_from > p_today then 'not_yet_in_force'
        when least(p_valid_until, p_terminated_on - 1) - p_today <= 90 then 'expiring'
        else 'in_force'
    end
$$;

-- One row per reminder that is due once: (agreement, kind, the end date it was computed for).
-- A new valid_until gets new rows; the unique key lets two hosts insert the same reminder safely.
create table partners.agreement_reminders (
    id           bigint generated always as identity primary key,
    agreement_id uuid not null references partners.agreements (id) on delete cascade,
    kind         text not null check (kind in ('90_days', '30_days')),
    valid_until  date not null,
    status       text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'cancelled')),
    attempts     integer not null default 0,
    last_error   text,
    sent_to      uuid[] not null default '{}',   -- staff users already mailed, so a retry skips them
    locked_until timestamptz,                     -- a sender's lease while it mails
    created_at   timestamptz not null,
    sent_at      timestamptz,
    unique (agreement_id, kind, valid_until)
);
create index agreement_reminders_open on partners.agreement_reminders (status) where status in ('pending', 'failed');
