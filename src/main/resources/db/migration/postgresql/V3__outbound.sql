-- Outbound sync (Conversion -> Salesforce).

-- The sync plan of a contact: the outbound settings as they were when it was queued (created, or "sync now").
-- A later settings change never affects a contact already queued (settings apply to future contacts only).
alter table contact add column plan_create_as varchar(8);
alter table contact add column plan_link_by_domain boolean;
alter table contact add column plan_create_accounts boolean;
-- When the contact became PENDING: drives the batch flush (full batch, quiet period or maximum wait).
alter table contact add column pending_since timestamp with time zone;
-- Claim of a batch worker on a PENDING contact (token + time): two workers (threads or nodes) never send the same
-- contact; a claim older than the lease (worker crashed) is taken over.
alter table contact add column sync_claim varchar(36);
alter table contact add column sync_claimed_at timestamp with time zone;
create index contact_sync_status_idx on contact (sync_status);
create index contact_sync_claim_idx on contact (sync_claim);

-- Claim of a batch worker on creating the Salesforce Account of a domain company (domain_key is unique, so there is
-- one row to claim per domain): exactly one worker creates the Account of a new domain.
alter table company add column account_claim varchar(36);
alter table company add column account_claimed_at timestamp with time zone;
