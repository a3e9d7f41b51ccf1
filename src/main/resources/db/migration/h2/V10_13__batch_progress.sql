-- Batches visible while they run (README "Operator pages", "Batches"): an outbound batch's row is written IN_PROGRESS
-- with its claim, an import chunk's or a retry's when it is queued; the row is closed (COMPLETED / FAILED) in the
-- transaction of the batch's last writes, or ABANDONED when the service stopped while it ran (closed at the restart).
-- Numbered 10.13 (issue 13) so that it cannot collide with a V11 of another branch.
alter table sync_batch add column claim varchar(100);
alter table sync_batch add column note varchar(1000);
alter table sync_batch alter column finished_at set null;
-- H2 names an unnamed constraint after the hash of its table's name: CONSTRAINT_E454 is V10's status check
-- (the primary key is CONSTRAINT_E4, the direction check CONSTRAINT_E45).
alter table sync_batch drop constraint CONSTRAINT_E454;
alter table sync_batch add constraint sync_batch_status_check
    check (status in ('IN_PROGRESS', 'COMPLETED', 'FAILED', 'ABANDONED'));
-- The status filter and tab (newest first, keyset on id), and the lookup of an outbound batch by its claim.
create index sync_batch_status_idx on sync_batch (status, id);
create index sync_batch_claim_idx on sync_batch (claim);
-- Filters combined with the direction tab (Inbound / Outbound + status).
create index sync_batch_direction_idx on sync_batch (direction, status, id);
