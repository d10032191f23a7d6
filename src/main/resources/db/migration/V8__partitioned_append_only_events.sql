-- Storage for a year (README "Storage"): events are written once into daily range partitions of received_at, their
-- delivery state lives in deliveries (one row per event and destination, same partitions), and retention drops whole
-- partitions (storage/PartitionMaintenance) instead of deleting rows. No extension is needed: declarative
-- partitioning only.
--
-- This migration copies the rows of the V7 layout. It runs in one transaction: on a failure nothing has changed. It
-- takes about 50 s per million 1 KiB events on a 2-core machine (README "Storage" for larger stores).

ALTER TABLE events RENAME TO events_v7;
ALTER INDEX events_pkey RENAME TO events_v7_pkey;
ALTER TABLE events_v7 RENAME CONSTRAINT events_source_dedup_key_uq TO events_v7_source_dedup_key_uq;
ALTER TABLE events_v7 RENAME CONSTRAINT events_origin_check TO events_v7_origin_check;
DROP INDEX events_received_idx, events_source_received_idx, events_type_received_idx, events_source_type_received_idx;

-- Never updated after the insert, so the heap's default fillfactor (100) is right: partitioned tables take no storage
-- parameters, and every partition is created with the default.
CREATE TABLE events (
    id           uuid        NOT NULL,              -- UUIDv7
    received_at  timestamptz NOT NULL,              -- the partition key
    source       text        COLLATE "C" NOT NULL,
    dedup_key    text        COLLATE "C" NOT NULL,
    event_type   text        COLLATE "C",
    origin       text        NOT NULL DEFAULT 'webhook' CHECK (origin IN ('webhook', 'reconciled')),
    content_type text,
    headers      jsonb       NOT NULL,              -- secrets redacted before insert
    payload      bytea       NOT NULL,              -- exact raw bytes
    -- GET /admin/events/{id}, the console's event page and replay of one event (by id alone: every partition's
    -- index is probed once), and the relay's and the listings' joins from deliveries (id and received_at: one).
    CONSTRAINT events_pkey PRIMARY KEY (id, received_at)
) PARTITION BY RANGE (received_at);

-- Newest-first keyset pages of every source (GET /admin/events, /console/events), the overview's last 24 hours,
-- bulk replays' oldest-first walk, and the type filter without a source (filtered while walking this index).
CREATE INDEX events_received_idx ON events (received_at, id);
-- The same pages for one source: the console's and the admin API's most used filter.
CREATE INDEX events_source_received_idx ON events (source, received_at, id);
-- The same pages for one source and type.
CREATE INDEX events_source_type_received_idx ON events (source, event_type, received_at, id);
-- Deduplication (EventWriter looks a key up in every partition under an advisory lock on it), find by the provider's
-- id (?dedupKey=), and reconciliation's stored-keys lookup. Not UNIQUE: a unique index on a partitioned table must
-- contain the partition key, which would make it unique per day only. EventWriter's class comment says why the key
-- is unique across partitions all the same.
CREATE INDEX events_source_dedup_key_idx ON events (source, dedup_key);

-- Nothing filters on headers or payload; ANALYZE comparing jsonb documents profiled at a tenth of the machine (V4).
ALTER TABLE events ALTER COLUMN headers SET STATISTICS 0, ALTER COLUMN payload SET STATISTICS 0;

-- Delivery state, apart from the event: one row per (event, destination). 'default' is the source's own AMQP
-- address. Written PENDING with the event, in the same statement, so an acknowledged event always has its rows;
-- updated when the broker accepts (or refuses) it. Partitioned like events, with the event's received_at, so a day of
-- both goes in one DROP.
CREATE TABLE deliveries (
    received_at     timestamptz NOT NULL,           -- the event's: the partition key and the join into events
    event_id        uuid        NOT NULL,
    destination     text        COLLATE "C" NOT NULL,
    source          text        COLLATE "C" NOT NULL,
    state           text        NOT NULL CHECK (state IN ('PENDING', 'PUBLISHED')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,                    -- when the relay may try again; NULL once PUBLISHED
    delivered_at    timestamptz,                    -- when the broker accepted it
    last_error      text,
    replays         integer     NOT NULL DEFAULT 0,
    -- The mark, the relay's lease and the listings' per-event lookups (all three columns known: one partition, one
    -- probe), and the overview's publish lag over the last hour (a range of received_at).
    CONSTRAINT deliveries_pkey PRIMARY KEY (received_at, event_id, destination)
) PARTITION BY RANGE (received_at);

-- The relay's queue: only what is still waiting is in it. Also the pending gauge, ?status=PENDING and the overview's
-- backlog per source.
CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE state = 'PENDING';

-- Partitions, UTC days, for every day that has events and up to three days ahead. PartitionMaintenance keeps
-- creating them ahead from the newest one on (hookgate.storage.*), and drops the ones past the retention window.
DO $$
DECLARE
    day  timestamptz;
    last timestamptz := date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' + interval '3 days';
BEGIN
    FOR day IN SELECT DISTINCT date_trunc('day', received_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' FROM events_v7
               UNION
               SELECT generate_series(date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', last, interval '1 day')
    LOOP
        EXECUTE format('CREATE TABLE %I PARTITION OF events FOR VALUES FROM (%L) TO (%L)',
                       'events_p' || to_char(day AT TIME ZONE 'UTC', 'YYYYMMDD'), day, day + interval '1 day');
        EXECUTE format('CREATE TABLE %I PARTITION OF deliveries FOR VALUES FROM (%L) TO (%L)',
                       'deliveries_p' || to_char(day AT TIME ZONE 'UTC', 'YYYYMMDD'), day, day + interval '1 day');
    END LOOP;
END $$;

INSERT INTO events (id, received_at, source, dedup_key, event_type, origin, content_type, headers, payload)
SELECT id, received_at, source, dedup_key, event_type, origin, content_type, headers, payload FROM events_v7;

INSERT INTO deliveries (received_at, event_id, destination, source, state, attempts, next_attempt_at, delivered_at,
                        last_error, replays)
SELECT e.received_at, e.id, 'default', e.source, e.status, e.publish_attempts,
       CASE WHEN e.status = 'PENDING' THEN coalesce(o.next_attempt_at, now()) END, e.published_at, e.last_error,
       e.replay_count
FROM events_v7 e LEFT JOIN outbox o ON o.event_id = e.id;

DROP TABLE outbox;
DROP TABLE events_v7;
