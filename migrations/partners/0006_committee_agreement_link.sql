-- Committees and agreements were built side by side; now that both tables exist, the committee's
-- founding agreement is a real reference.
alter table partners.committees
    add constraint committees_agreement_id_fkey foreign key (agreement_id) references partners.agreements (id);
