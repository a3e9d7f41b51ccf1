-- Idempotent outbound retries.
-- When a request creating this contact's Lead/Contact was first sent to Salesforce and its outcome is not known yet
-- (set before the sObject Collections call, cleared once Salesforce's answer is recorded). A request that timed out
-- or lost its answer may still have created the record: the next attempt (retry, lease take-over after a crash,
-- "sync now" of a FAILED contact) first looks the contact up in Salesforce by email and adopts what it finds.
alter table contact add column sf_sent_at timestamp with time zone;
