-- Record identity (issue 11), second part: Salesforce merges followed, duplicates in Salesforce listed.
-- (V9_11, not V9: other branches may take V9 and V10 at the same time.)

-- A contact merged into another keeps its email, and with it the email's unique key, until the surviving contact
-- takes that email (the merge's winner took the loser's email): then the merged contact's key is released (null).
alter table contact alter column email_key set null;

-- Salesforce Leads/Contacts with the email of a Conversion contact that is linked to another record (the one chosen
-- by match-before-create, or the first one synced in): listed on the contact so an admin can merge them in
-- Salesforce. A row goes when the record is deleted, merged, or linked.
create table contact_duplicate (
    sf_id        varchar(18)  primary key,
    object_type  varchar(16)  not null,
    contact_id   bigint       not null references contact (id),
    detected_at  timestamp with time zone not null
);
create index contact_duplicate_contact_idx on contact_duplicate (contact_id);
