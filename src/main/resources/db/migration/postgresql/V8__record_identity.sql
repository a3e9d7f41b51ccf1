-- Record identity (issue 11): statuses DELETED_IN_SALESFORCE and MERGED, and merges followed.

-- DELETED_IN_SALESFORCE does not fit the former 16 characters.
alter table contact alter column sync_status type varchar(32);
-- A contact (or company) folded into another by a Salesforce merge: kept, resolvable by its old id, pointing here.
alter table contact add column merged_into_id bigint references contact (id);
alter table company add column merged_into_id bigint references company (id);
