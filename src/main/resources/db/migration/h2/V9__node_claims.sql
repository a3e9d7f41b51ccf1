-- Claim tokens name their node ("<sync.node-id>/<uuid>") so a restarted node takes its own claims back at once.
alter table contact alter column sync_claim set data type varchar(100);
alter table company alter column account_claim set data type varchar(100);
alter table outbound_update alter column claim set data type varchar(100);
