-- Staff accounts. Passwords are hashed with ASP.NET Core's PasswordHasher (PBKDF2); never stored in clear.
create table identity.staff_users (
    id            uuid primary key,
    user_name     text not null check (user_name ~ '^[a-z0-9._-]{3,64}$'),
    display_name  text not null,
    email         text,
    password_hash text not null,
    roles         text[] not null check (
                      cardinality(roles) > 0
                      and roles <@ array['admin', 'counsellor', 'coach', 'editor', 'coordinator', 'reporting']),
    is_active     boolean not null default true,
    created_at    timestamptz not null,
    last_login_at timestamptz
);
create unique index staff_users_user_name_key on identity.staff_users (user_name);
