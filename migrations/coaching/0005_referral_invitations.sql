-- Invitations of founders referred by employment counselling (docs/coaching/referral-invitations.md).
-- One per referral (the referral id from Counselling is unique, so a redelivered event cannot
-- invite twice). Only the SHA-256 of the invitation token is stored, as for calendar feed tokens.
create table coaching.invitations (
    id            uuid primary key,
    referral_id   uuid not null unique,                  -- Counselling's referral, no FK across schemas
    client_number text not null,                         -- pseudonymous, to name the referral to staff
    name          text not null,
    email         text not null,
    note          text,
    token_hash    bytea not null unique,
    expires_at    timestamptz not null,
    status        text not null check (status in ('open', 'accepted', 'completed', 'voided')),
    booking_id    uuid references coaching.bookings (id),
    founder_id    uuid references coaching.founders (id),
    created_at    timestamptz not null,
    accepted_at   timestamptz,
    completed_at  timestamptz,
    voided_at     timestamptz,
    check ((status in ('accepted', 'completed')) = (booking_id is not null and accepted_at is not null) or status = 'voided')
);
create index invitations_founder on coaching.invitations (founder_id) where status = 'accepted';

-- The invitation mail goes through the same queue as booking mails; it has no booking.
alter table coaching.outgoing_mails add column invitation_id uuid references coaching.invitations (id);
create index outgoing_mails_invitation on coaching.outgoing_mails (invitation_id) where invitation_id is not null;
