-- Outbound updates (Conversion -> Salesforce): the outbox of field changes to send, coalesced per record and field
-- (a later change of the same field replaces the queued value). Written in the same transaction as the change in
-- Conversion; rows are deleted once Salesforce took the value.
create table outbound_update (
    -- CONTACT or COMPANY, and the Conversion id
    target            varchar(8)   not null,
    target_id         bigint       not null,
    -- The Conversion field (title, attributes.score, name): the Salesforce field is resolved from the field map when
    -- the record is sent, on the record the contact is linked to then (its Lead, or its Contact once converted).
    conversion_field  varchar(80)  not null,
    -- The value to send; null clears the Salesforce field.
    field_value       varchar(4000),
    -- The time of the Conversion change (changedAt, epoch ms): what becomes the field's Salesforce change time once sent.
    changed_at        bigint       not null,
    -- Bumped on every coalesced change: a worker deletes the row after sending only if nothing changed meanwhile.
    version           bigint       not null,
    -- When the record's first queued change arrived (drives the batch flush, like the create outbox).
    queued_at         timestamp with time zone not null,
    -- PENDING or FAILED (Salesforce refused the record; see error and the activity log; retriable)
    status            varchar(8)   not null,
    error             varchar(4000),
    -- Claim of a batch worker (token + time); a claim older than the lease belongs to a crashed worker.
    claim             varchar(36),
    claimed_at        timestamp with time zone,
    primary key (target, target_id, conversion_field)
);
create index outbound_update_status_idx on outbound_update (status, queued_at);
create index outbound_update_claim_idx on outbound_update (claim);
