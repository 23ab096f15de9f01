-- Bench offer: 21 coaches available every day 06:00–22:00 (Berlin), an individual session type
-- (30 minutes, capacity 1) and a group workshop (60 minutes, capacity 5), no notice, one year ahead.
insert into coaching.coaches (id, display_name, email, created_at, updated_at)
select ('00000000-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid, 'Bench-Coach ' || n, 'coach' || n || '@example.org', now(), now()
from generate_series(0, 20) n;
insert into coaching.availability_rules (id, coach_id, weekday, start_time, end_time)
select gen_random_uuid(), c.id, d, '06:00', '22:00' from coaching.coaches c, generate_series(1, 7) d;
insert into coaching.session_types (id, slug, name, duration_minutes, location_kind, capacity, slot_step_minutes, min_notice_minutes,
    horizon_days, created_at, updated_at)
values ('00000000-0000-4000-9000-000000000001', 'bench-einzel', 'Einzelcoaching (Bench)', 30, 'video', 1, 30, 0, 365, now(), now()),
       ('00000000-0000-4000-9000-000000000005', 'bench-gruppe', 'Workshop (Bench)', 60, 'room', 5, 60, 0, 365, now(), now());
insert into coaching.session_type_coaches (session_type_id, coach_id)
select t.id, c.id from coaching.session_types t, coaching.coaches c;
