-- Partner network, part 1: reference data (districts and district regions), organisations,
-- people and their affiliations, and the change history shared by all partner-network records.

-- Districts and their regions are reference data with stable codes; other modules learn them
-- through Contracts queries and the partners.district-region-changed.v1 event, never this table.
create table partners.districts (
    code text primary key check (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name text not null,
    city text not null
);

create table partners.regions (
    code          text primary key check (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name          text not null,
    district_code text not null references partners.districts (code),
    is_active     boolean not null default true,
    updated_at    timestamptz not null default now()
);
create index regions_district on partners.regions (district_code);

insert into partners.districts (code, name, city) values
    ('09', 'Treptow-Köpenick', 'Berlin'),
    ('03', 'Pankow', 'Berlin'),
    ('lpz-ost', 'Leipziger Osten', 'Leipzig');

insert into partners.regions (code, name, district_code) values
    ('0901', 'Alt-Treptow', '09'), ('0902', 'Plänterwald', '09'), ('0903', 'Baumschulenweg', '09'),
    ('0904', 'Johannisthal', '09'), ('0905', 'Niederschöneweide', '09'), ('0906', 'Altglienicke', '09'),
    ('0907', 'Adlershof', '09'), ('0908', 'Bohnsdorf', '09'), ('0909', 'Oberschöneweide', '09'),
    ('0910', 'Köpenick', '09'), ('0911', 'Friedrichshagen', '09'), ('0912', 'Rahnsdorf', '09'),
    ('0913', 'Grünau', '09'), ('0914', 'Müggelheim', '09'), ('0915', 'Schmöckwitz', '09'),
    ('0301', 'Prenzlauer Berg', '03'), ('0302', 'Weißensee', '03'), ('0303', 'Blankenburg', '03'),
    ('0304', 'Heinersdorf', '03'), ('0305', 'Karow', '03'), ('0306', 'Stadtrandsiedlung Malchow', '03'),
    ('0307', 'Pankow', '03'), ('0308', 'Blankenfelde', '03'), ('0309', 'Buch', '03'),
    ('0310', 'Französisch Buchholz', '03'), ('0311', 'Niederschönhausen', '03'), ('0312', 'Rosenthal', '03'),
    ('0313', 'Wilhelmsruh', '03'),
    ('lpz-volkmarsdorf', 'Volkmarsdorf', 'lpz-ost'),
    ('lpz-neustadt-neuschoenefeld', 'Neustadt-Neuschönefeld', 'lpz-ost'),
    ('lpz-anger-crottendorf', 'Anger-Crottendorf', 'lpz-ost'),
    ('lpz-reudnitz-thonberg', 'Reudnitz-Thonberg', 'lpz-ost'),
    ('lpz-sellerhausen-stuenz', 'Sellerhausen-Stünz', 'lpz-ost');

-- lower(name) gin_trgm_ops: pg_trgm is installed by the platform (PlatformExtensionsSource).
create table partners.organisations (
    id                 uuid primary key,
    name               text not null check (length(btrim(name)) between 1 and 300),
    short_name         text,                                   -- e.g. SPK, BA, IHK
    kind               text not null check (kind in ('association', 'ggmbh', 'company', 'public_agency', 'district_office_unit',
                                                     'university', 'welfare_federation', 'chamber', 'other')),
    size_class         text check (size_class in ('micro', 'small', 'medium', 'large')),
    parent_id          uuid references partners.organisations (id),
    district_code      text references partners.districts (code),   -- the district it belongs to (duplicate check scope)
    email              text,
    phone              text,
    website            text,
    street             text,
    postal_code        text,
    city               text,
    accepts_referrals  boolean not null default false,             -- offered to counsellors as a referral partner
    notes              text,
    is_active          boolean not null default true,
    version            integer not null default 1,
    created_at         timestamptz not null,
    created_by         uuid,
    updated_at         timestamptz not null,
    updated_by         uuid,
    check (parent_id is null or parent_id <> id)
);
create index organisations_name_trgm on partners.organisations using gin (lower(name) gin_trgm_ops);
create index organisations_district on partners.organisations (district_code);

-- District regions an organisation serves.
create table partners.organisation_regions (
    organisation_id uuid not null references partners.organisations (id) on delete cascade,
    region_code     text not null references partners.regions (code),
    primary key (organisation_id, region_code)
);
create index organisation_regions_region on partners.organisation_regions (region_code);

create table partners.people (
    id          uuid primary key,
    given_name  text,                 -- sources often name only the family name ("Frau Tietje")
    family_name text not null,
    title       text,                 -- e.g. Dr.
    email       text,
    phone       text,
    notes       text,
    version     integer not null default 1,
    created_at  timestamptz not null,
    created_by  uuid,
    updated_at  timestamptz not null,
    updated_by  uuid
);
create index people_family_name on partners.people (lower(family_name));

-- A person's role at an organisation over time (Popolo: membership of an organisation).
create table partners.affiliations (
    id              uuid primary key,
    person_id       uuid not null references partners.people (id),
    organisation_id uuid not null references partners.organisations (id),
    role            text not null,      -- e.g. Geschäftsführerin, Bezirksstadtrat
    valid_from      date,
    valid_until     date,
    created_at      timestamptz not null,
    created_by      uuid,
    check (valid_until is null or valid_from is null or valid_until >= valid_from)
);
create index affiliations_person on partners.affiliations (person_id);
create index affiliations_organisation on partners.affiliations (organisation_id);

-- Who changed what and when (agreements, memberships, budgets, organisations, ...). Append-only.
create table partners.history (
    id          bigint generated always as identity primary key,
    entity_type text not null,          -- e.g. agreement, membership, budget
    entity_id   uuid not null,
    action      text not null,          -- e.g. created, updated, terminated, ended
    changes     jsonb not null default '{}'::jsonb,  -- {field: {from, to}} or a snapshot
    changed_by  uuid,
    changed_at  timestamptz not null
);
create index history_entity on partners.history (entity_type, entity_id, id);
