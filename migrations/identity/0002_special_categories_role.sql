-- Role special_categories: may read and record the ESF Plus special-category items (disability,
-- minority; DSGVO Art. 9). Held in addition to counsellor (or admin).
alter table identity.staff_users drop constraint staff_users_roles_check;
alter table identity.staff_users add constraint staff_users_roles_check check (
    cardinality(roles) > 0
    and roles <@ array['admin', 'counsellor', 'coach', 'editor', 'coordinator', 'reporting', 'special_categories']);
