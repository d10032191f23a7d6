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
