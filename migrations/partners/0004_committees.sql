-- Partner network, part 4: committees (Gremien), their memberships (Popolo: a person and/or an
-- organisation's seat, "on behalf of" an organisation), meetings and attendance.

create table partners.committees (
    id                        uuid primary key,
    name                      text not null check (length(btrim(name)) between 1 and 300),
    kind                      text not null check (kind in ('steering_group', 'working_group', 'cooperation_committee', 'other')),
    purpose                   text,
    district_code             text references partners.districts (code),
    chairing_organisation_id  uuid references partners.organisations (id),
    -- The cooperation agreement that set the committee up. partners.agreements is built in parallel
    -- (migration 0003); the foreign key (committees_agreement_id_fkey) is added by a migration after merge.
    agreement_id              uuid,
    founded_on                date,
    dissolved_on              date,
    version                   integer not null default 1,
    created_at                timestamptz not null,
    created_by                uuid,
    updated_at                timestamptz not null,
    updated_by                uuid,
    check (dissolved_on is null or founded_on is null or dissolved_on >= founded_on)
);
create index committees_district on partners.committees (district_code);
create index committees_chairing_organisation on partners.committees (chairing_organisation_id);
create index committees_agreement on partners.committees (agreement_id);

-- A seat in a committee over a term. The seat may be held by a named person, by an organisation
-- (a role such as "Bezirksbürgermeister/in" whose holder the sources do not name), or both.
-- term is [from, until + 1): the API speaks of inclusive dates, the range is canonical half-open.
create table partners.committee_memberships (
    id                            uuid primary key,
    committee_id                  uuid not null references partners.committees (id),
    person_id                     uuid references partners.people (id),
    on_behalf_of_organisation_id  uuid references partners.organisations (id),
    seat_title                    text check (seat_title is null or length(btrim(seat_title)) between 1 and 300),
    role                          text not null check (role in ('chair', 'deputy', 'member', 'guest')),
    term                          daterange not null check (not isempty(term) and not lower_inf(term)),
    ended_reason                  text,
    notes                         text,
    version                       integer not null default 1,
    created_at                    timestamptz not null,
    created_by                    uuid,
    updated_at                    timestamptz not null,
    updated_by                    uuid,
    check (person_id is not null or on_behalf_of_organisation_id is not null),
    -- At most one chair at any time; the database decides, so concurrent requests cannot both win.
    constraint committee_memberships_one_chair
        exclude using gist (committee_id with =, term with &&) where (role = 'chair'),
    -- A person holds one seat at a time in a committee (a role change ends one membership and starts another).
    constraint committee_memberships_person_once
        exclude using gist (committee_id with =, person_id with =, term with &&) where (person_id is not null)
);
create index committee_memberships_committee on partners.committee_memberships (committee_id);
create index committee_memberships_person on partners.committee_memberships (person_id);
create index committee_memberships_organisation on partners.committee_memberships (on_behalf_of_organisation_id);

create table partners.committee_meetings (
    id            uuid primary key,
    committee_id  uuid not null references partners.committees (id),
    starts_at     timestamptz not null,
    location      text,
    agenda        text[] not null default '{}',   -- agenda items in order (Tagesordnungspunkte)
    minutes       text,                           -- Markdown
    status        text not null check (status in ('planned', 'held', 'cancelled')),
    version       integer not null default 1,
    created_at    timestamptz not null,
    created_by    uuid,
    updated_at    timestamptz not null,
    updated_by    uuid
);
create index committee_meetings_committee on partners.committee_meetings (committee_id, starts_at);

-- Who attended: a member (through the membership valid on the meeting day) or a guest person.
create table partners.committee_attendance (
    meeting_id       uuid not null references partners.committee_meetings (id) on delete cascade,
    membership_id    uuid references partners.committee_memberships (id),
    guest_person_id  uuid references partners.people (id),
    status           text not null check (status in ('present', 'excused', 'absent')),
    note             text,
    check ((membership_id is null) <> (guest_person_id is null))
);
create unique index committee_attendance_member on partners.committee_attendance (meeting_id, membership_id) where membership_id is not null;
create unique index committee_attendance_guest on partners.committee_attendance (meeting_id, guest_person_id) where guest_person_id is not null;
