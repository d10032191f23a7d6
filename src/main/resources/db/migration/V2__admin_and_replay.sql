-- Admin filters, newest first: each filter has an index that serves ORDER BY received_at DESC, id DESC.
CREATE INDEX events_type_received_idx ON events (event_type, received_at DESC, id DESC);
CREATE INDEX events_source_type_received_idx ON events (source, event_type, received_at DESC, id DESC);
CREATE INDEX events_pending_received_idx ON events (received_at DESC, id DESC) WHERE status = 'PENDING';
CREATE INDEX rejections_reason_received_idx ON rejections (reason, received_at DESC, id DESC);

-- Bulk replays are stored jobs: progress survives restarts, and a job never ends half done silently.
CREATE TABLE replay_jobs (
    id                 uuid        PRIMARY KEY,
    created_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    finished_at        timestamptz,
    state              text        NOT NULL CHECK (state IN ('RUNNING', 'COMPLETED', 'CANCELLED', 'FAILED')),
    filter             jsonb       NOT NULL,
    rate_per_second    integer     NOT NULL,
    matched            bigint      NOT NULL,
    published          bigint      NOT NULL DEFAULT 0,
    failed             bigint      NOT NULL DEFAULT 0,
    resumed            integer     NOT NULL DEFAULT 0,
    cursor_received_at timestamptz,
    cursor_id          uuid,
    heartbeat_at       timestamptz NOT NULL,
    last_error         text
);

CREATE INDEX replay_jobs_running_idx ON replay_jobs (heartbeat_at) WHERE state = 'RUNNING';
CREATE INDEX replay_jobs_created_idx ON replay_jobs (created_at);
