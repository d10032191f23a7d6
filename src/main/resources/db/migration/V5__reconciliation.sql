-- Reconciliation: where an event came from, and the runs that compare what was stored with the providers' logs.

-- A constant default is only metadata in PostgreSQL 11+, and NOT VALID skips scanning the rows already there (they
-- all take the default): the migration does not rewrite or scan a large events table.
ALTER TABLE events
    ADD COLUMN origin text NOT NULL DEFAULT 'webhook',
    ADD CONSTRAINT events_origin_check CHECK (origin IN ('webhook', 'reconciled')) NOT VALID;

CREATE TABLE reconciliations (
    id                     uuid        PRIMARY KEY,
    source                 text        NOT NULL,
    provider               text        NOT NULL CHECK (provider IN ('stripe', 'github')),
    trigger                text        NOT NULL CHECK (trigger IN ('scheduled', 'manual')),
    since                  timestamptz NOT NULL,
    until                  timestamptz NOT NULL,
    dry_run                boolean     NOT NULL,
    state                  text        NOT NULL CHECK (state IN ('RUNNING', 'SUCCEEDED', 'FAILED')),
    pages                  integer     NOT NULL DEFAULT 0,
    found                  bigint      NOT NULL DEFAULT 0,
    missing                bigint      NOT NULL DEFAULT 0,
    stored                 bigint      NOT NULL DEFAULT 0,
    redeliveries_requested bigint      NOT NULL DEFAULT 0,
    error                  text,
    started_at             timestamptz NOT NULL,
    finished_at            timestamptz,
    heartbeat_at           timestamptz NOT NULL,
    taken_over             integer     NOT NULL DEFAULT 0
);

-- The lease: at most one RUNNING run per source, whichever replica started it. A replica that dies leaves its run
-- RUNNING with a heartbeat that stops; another replica takes it over (ReconcileRuns.claimStale).
CREATE UNIQUE INDEX reconciliations_one_running_idx ON reconciliations (source) WHERE state = 'RUNNING';
CREATE INDEX reconciliations_source_started_idx ON reconciliations (source, started_at DESC);
CREATE INDEX reconciliations_started_idx ON reconciliations (started_at);
