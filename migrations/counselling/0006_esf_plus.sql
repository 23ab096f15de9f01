-- ESF Plus: indexes for the reporting aggregates and the overdue list. The tables themselves
-- (esf_participations, esf_stays) come from 0002.

-- Result indicators select stays by the date of leaving; the overdue list scans stays still
-- waiting for exit data or the six-month result.
create index esf_stays_left on counselling.esf_stays (left_on) where left_on is not null;
create index esf_stays_exit_pending on counselling.esf_stays (left_on) where left_on is not null and exit_recorded_at is null;
create index esf_stays_six_months_pending on counselling.esf_stays (left_on) where left_on is not null and six_months_recorded_at is null;
create index esf_participations_entry_pending on counselling.esf_participations (first_entered_on) where entry_recorded_at is null;

-- The figures count consultations and intakes over a range of dates (1M consultations and more):
-- without these, each report would scan the tables.
create index consultations_occurred on counselling.consultations (occurred_on) include (client_id);
create index clients_created on counselling.clients (created_at);
