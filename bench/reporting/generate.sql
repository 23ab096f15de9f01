-- Bench data for bench/reporting/run.sh only (never for a real database): :clients clients,
-- :consultations consultations spread over 2025 and 2026, ESF Plus participations for about 30 %
-- of the person clients (capped at :esf), written straight into the counselling tables with
-- generate_series. Pseudo-random but repeatable (setseed), so two runs see the same data.
\set ON_ERROR_STOP 1
select setseed(0.2026);

insert into counselling.teams (id, name, created_at) values
    ('00000000-0000-0000-0000-0000000000a1', 'Bench Team Ost', now()),
    ('00000000-0000-0000-0000-0000000000a2', 'Bench Team Berlin', now());

create temporary table bench_clients as
select n,
       gen_random_uuid() as id,
       case when r_kind < 0.95 then 'person' else 'organisation' end as kind,
       r_group, r_district, r_created,
       ('00000000-0000-0000-0000-0000000000b' || (n % 8)::text)::uuid as owner_id
from (select n, random() as r_kind, random() as r_group, random() as r_district, random() as r_created
      from generate_series(1, :clients) n) g;
create unique index on bench_clients (n);

insert into counselling.clients (id, client_number, kind, target_group, district_code, owner_id, team_id, version, created_at, updated_at)
select id, 'K-2025-' || lpad(n::text, 7, '0'), kind,
       case when kind = 'organisation' then (array['company', 'association'])[1 + (r_group * 2)::int % 2]
            else (array['unemployed', 'unemployed', 'unemployed', 'long_term_unemployed', 'long_term_unemployed', 'young_person',
                        'young_person', 'employed', 'inactive', 'volunteer'])[1 + floor(r_group * 10)::int] end,
       -- about 3 % without a district ("unknown" in the figures)
       case when r_district < 0.03 then null
            else (array['0301', '0302', '0307', '0309', '0901', '0905', '0907', '0909', '0910', '0911', 'lpz-volkmarsdorf'])
                 [1 + floor((r_district - 0.03) / 0.97 * 11)::int] end,
       owner_id,
       case when n % 2 = 0 then '00000000-0000-0000-0000-0000000000a1'::uuid else '00000000-0000-0000-0000-0000000000a2'::uuid end,
       1,
       -- intakes from mid-2024 to the end of 2026
       timestamptz '2024-07-01 08:00+00' + (r_created * 900) * interval '1 day',
       timestamptz '2024-07-01 08:00+00' + (r_created * 900) * interval '1 day'
from bench_clients;

-- Consultations: each picks a client at random; a quarter of them carry two topics.
insert into counselling.consultations (id, client_id, counsellor_id, occurred_on, duration_minutes, channel, topics, created_at)
select gen_random_uuid(), c.id, c.owner_id, g.occurred_on, 15 + (g.r1 * 75)::int,
       (array['in_person', 'in_person', 'phone', 'video', 'email', 'outreach'])[1 + floor(g.r2 * 6)::int],
       case when g.r3 < 0.75 then array[t.a] else array[t.a, t.b] end,
       g.occurred_on + time '09:00'
from (select 1 + floor(random() * :clients)::int as client_n,
             date '2025-01-01' + floor(random() * 730)::int as occurred_on,
             random() as r1, random() as r2, random() as r3, floor(random() * 8)::int as t1, floor(random() * 7)::int as t2
      from generate_series(1, :consultations)) g
join bench_clients c on c.n = g.client_n
cross join lateral (
    select (array['career_planning', 'education_counselling', 'application_support', 'career_orientation_internships',
                  'recruitment_advice', 'funding_research', 'start_up_advice', 'volunteer_placement'])[1 + g.t1] as a,
           (array['career_planning', 'education_counselling', 'application_support', 'career_orientation_internships',
                  'recruitment_advice', 'funding_research', 'start_up_advice', 'volunteer_placement'])[1 + (g.t1 + 1 + g.t2) % 8] as b) t;

-- ESF Plus: entry data recorded for all; one stay each, 70 % left again (with exit data) before the bench's "today".
create temporary table bench_esf as
select gen_random_uuid() as id, c.id as client_id,
       date '2025-01-01' + floor(random() * 690)::int as entered_on,
       random() as r1, random() as r2, random() as r3, random() as r4, random() as r5
from bench_clients c
where c.kind = 'person' and c.n % 10 < 3
limit :esf;

insert into counselling.esf_participations (id, client_id, project_code, first_entered_on, gender, age_at_entry, labour_market_status,
    unemployment_months, education_level, third_country_national, foreign_background, homeless, rural_area, disability, minority,
    entry_recorded_at, entry_recorded_by, version, created_at, updated_at)
select id, client_id, 'esf-bezirk-2025', entered_on,
       (array['female', 'female', 'male', 'male', 'non_binary', 'not_stated'])[1 + floor(r1 * 6)::int],
       16 + floor(r2 * 48)::int,
       (array['unemployed', 'unemployed', 'employed', 'inactive'])[1 + floor(r3 * 4)::int],
       case when floor(r3 * 4)::int < 2 then floor(r4 * 36)::int end,
       (array['isced_0_2', 'isced_3_4', 'isced_3_4', 'isced_5_8'])[1 + floor(r4 * 4)::int],
       r5 < 0.12, r5 < 0.3, r5 < 0.02, r2 < 0.1,
       (array['yes', 'no', 'no', 'not_stated'])[1 + floor(r5 * 4)::int],
       (array['yes', 'no', 'no', 'not_stated'])[1 + floor(r1 * 4)::int],
       entered_on + time '10:00', '00000000-0000-0000-0000-0000000000b1', 1, entered_on + time '10:00', entered_on + time '10:00'
from bench_esf;

insert into counselling.esf_stays (id, participation_id, entered_on, left_on, exit_job_searching, exit_in_education,
    exit_gained_qualification, exit_employed, exit_recorded_at, exit_recorded_by, created_at)
select gen_random_uuid(), e.id, e.entered_on, l.left_on,
       case when l.left_on is not null then e.r2 < 0.4 end, case when l.left_on is not null then e.r3 < 0.15 end,
       case when l.left_on is not null then e.r4 < 0.3 end, case when l.left_on is not null then e.r5 < 0.35 end,
       case when l.left_on is not null then l.left_on + time '12:00' end,
       case when l.left_on is not null then '00000000-0000-0000-0000-0000000000b1'::uuid end,
       e.entered_on + time '10:00'
from bench_esf e
cross join lateral (select case when e.r1 < 0.7 and e.entered_on + 30 + floor(e.r2 * 270)::int <= date '2026-11-20'
                               then e.entered_on + 30 + floor(e.r2 * 270)::int end as left_on) l;

analyze counselling.clients;
analyze counselling.consultations;
analyze counselling.esf_participations;
analyze counselling.esf_stays;

select (select count(*) from counselling.clients) as clients,
       (select count(*) from counselling.consultations) as consultations,
       (select count(*) from counselling.esf_participations) as esf_participations,
       (select count(*) from counselling.consultations where occurred_on between date '2026-07-01' and date '2026-09-30') as consultations_q3_2026;
