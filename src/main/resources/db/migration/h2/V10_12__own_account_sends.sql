-- Idempotent own-Account creates (issue 12). An Account created for one contact alone (personal mailbox domain, or
-- linking by domain off) has no domain company row to claim first, so what the request creates and when is noted
-- here before it is sent, and cleared once Salesforce's answer is recorded (the contact's sf_account_id) or the
-- Account was refused. A marker still set on a later attempt (timeout, 503 after the commit, kill -9 after the call)
-- means the Account may exist: the batch looks it up in Salesforce (Name, Website, CreatedDate, created by the
-- integration user; outbound/OwnAccountReconciliation) and adopts it instead of creating a second one.
-- Numbered 10.12 so that it cannot collide with a V11 of another branch.
alter table contact add column own_account_sent_at timestamp with time zone;
alter table contact add column own_account_name varchar(1000);
alter table contact add column own_account_website varchar(255);
