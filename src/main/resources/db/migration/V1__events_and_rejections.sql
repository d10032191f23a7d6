-- Events: the exact bytes of every accepted webhook, and the transactional outbox state.
CREATE TABLE events (
    id               uuid        PRIMARY KEY,            -- UUIDv7: time-ordered
    source           text        NOT NULL,
    dedup_key        text        NOT NULL,
    event_type       text,
    received_at      timestamptz NOT NULL,
    content_type     text,
    headers          jsonb       NOT NULL,               -- secrets redacted before insert
    payload          bytea       NOT NULL,               -- exact raw bytes
    status           text        NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'PUBLISHED')),
    publish_attempts integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    published_at     timestamptz,
    last_error       text,
    replay_count     integer     NOT NULL DEFAULT 0,
    CONSTRAINT events_source_dedup_key_uq UNIQUE (source, dedup_key)
);

-- The relay scans only what is still waiting.
CREATE INDEX events_pending_idx ON events (next_attempt_at) WHERE status = 'PENDING';
-- Newest-first listings, overall and per source.
CREATE INDEX events_received_idx ON events (received_at DESC, id DESC);
CREATE INDEX events_source_received_idx ON events (source, received_at DESC, id DESC);

-- Rejections: bounded evidence of every refused request (headers redacted, body excerpt only).
CREATE TABLE rejections (
    id             uuid        PRIMARY KEY,
    source         text        NOT NULL,
    received_at    timestamptz NOT NULL,
    reason         text        NOT NULL,
    detail         text,
    remote_address text,
    headers        jsonb       NOT NULL,
    body_excerpt   bytea,
    body_size      bigint
);

CREATE INDEX rejections_received_idx ON rejections (received_at DESC, id DESC);
CREATE INDEX rejections_source_received_idx ON rejections (source, received_at DESC);
