-- The initial import's progress per object (README "Initial import"), written in the same transaction as the page
-- of records it covers, so that an import interrupted by a restart or a crash continues after the last applied
-- records: never re-reading them, never applying them twice.
create table initial_import_state (
    object_type       varchar(16)   primary key,
    run_id            varchar(36)   not null,
    started_by        varchar(200),
    -- PENDING, RUNNING (also: interrupted, to be resumed), DONE, FAILED, SKIPPED
    state             varchar(16)   not null,
    -- BULK (Bulk API 2.0 query job) or REST (SOQL query paging); null until decided
    mode              varchar(8),
    -- The Bulk query job and the locator of the results page being applied (null: the first page) and how many of
    -- that page's records are applied (the page is applied in chunks, each with its own checkpoint).
    job_id            varchar(18),
    page_locator      varchar(200),
    page_offset       bigint        not null default 0,
    total_size        bigint,
    read_count        bigint        not null default 0,
    applied           bigint        not null default 0,
    -- Outcomes other than IMPORTED, as JSON ({"NO_EMAIL": 3, "UP_TO_DATE": 10})
    skipped           varchar(2000) not null default '{}',
    pages             bigint        not null default 0,
    started_at        timestamp with time zone,
    finished_at       timestamp with time zone,
    -- When this object's last import completed ("Synced at"); kept across later runs.
    last_completed_at timestamp with time zone,
    error             varchar(2000)
);
