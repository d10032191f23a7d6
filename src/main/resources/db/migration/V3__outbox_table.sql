-- The outbox proper: one row per event the broker has not accepted yet. It used to be the partial indexes
-- "WHERE status = 'PENDING'" on events, but an UPDATE that changes a column an index depends on (even in a
-- predicate) cannot be HOT: marking an event PUBLISHED then wrote a new tuple into all eight indexes of events,
-- doubling the index writes of every event. With the pending state here, that UPDATE changes no indexed column,
-- and the relay's index only ever holds the backlog.
-- No foreign key to events: the FK check and trigger would cost every insert, and rows of both tables are only
-- ever written together (EventWriter inserts both in one statement, PublishedMarker deletes and marks in one).
CREATE TABLE outbox (
    event_id        uuid        PRIMARY KEY,
    next_attempt_at timestamptz NOT NULL
);
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at);

INSERT INTO outbox (event_id, next_attempt_at) SELECT id, next_attempt_at FROM events WHERE status = 'PENDING';

DROP INDEX events_pending_idx;
DROP INDEX events_pending_received_idx;
ALTER TABLE events DROP COLUMN next_attempt_at;
-- Room on each page for the PUBLISHED version of its rows, so the HOT update stays on the page.
ALTER TABLE events SET (fillfactor = 80);

-- Identifiers, not prose: byte-order comparison instead of the database locale's strcoll, which profiled as the
-- largest cost of maintaining the (source, dedup_key) unique index and the source indexes. Only equality and
-- grouping are ever asked of these columns, so the order change is invisible.
ALTER TABLE events
    ALTER COLUMN source     TYPE text COLLATE "C",
    ALTER COLUMN dedup_key  TYPE text COLLATE "C",
    ALTER COLUMN event_type TYPE text COLLATE "C";

-- Nothing filters on headers or payload; autovacuum's ANALYZE of the jsonb headers (comparing documents to build
-- statistics) profiled at a tenth of the machine under sustained ingest.
ALTER TABLE events
    ALTER COLUMN headers SET STATISTICS 0,
    ALTER COLUMN payload SET STATISTICS 0;
