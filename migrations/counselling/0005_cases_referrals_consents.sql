-- Cases, referrals and consents (docs/counselling/cases-and-referrals.md). 0002 created the tables;
-- this adds what the slices rely on to stay consistent when two requests race.

-- One active consent per client and purpose: giving it again while it stands is a 409, and a
-- withdrawal always withdraws "the" consent of that purpose.
create unique index consents_one_active on counselling.consents (client_id, purpose) where withdrawn_at is null;

-- One open referral to start-up coaching per client: Coaching would otherwise send two invitations.
create unique index referrals_one_open_coaching on counselling.referrals (client_id)
    where target = 'start_up_coaching' and status in ('sent', 'accepted');

-- The status history is read per referral in order; the list of a client's referrals by date.
create index referrals_case on counselling.referrals (case_id) where case_id is not null;
create index consultations_case on counselling.consultations (case_id) where case_id is not null;

-- A referral's status must be one of the known values in its history too.
alter table counselling.referral_status_changes
    add constraint referral_status_changes_status check (status in ('sent', 'accepted', 'declined', 'completed', 'withdrawn'));
