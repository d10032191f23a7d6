-- Routes (README "Routes"): a delivery row per (event, route) beside the 'default' one of sources without routes.
-- A delivery to an HTTP destination can give up: after its retry schedule it is FAILED, kept and replayable.
ALTER TABLE deliveries DROP CONSTRAINT deliveries_state_check;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_state_check CHECK (state IN ('PENDING', 'PUBLISHED', 'FAILED'));

-- failures: the attempts the retry schedule counts (a 429 or 503 with Retry-After is waited out, not counted).
-- attempt_log: the latest attempts to an HTTP destination, bounded (hookgate.delivery.attempt-log-size), each
-- {"at","status","ms","outcome","error","response"}. In the row, not in a table of its own: it is written with the
-- state it explains, and drops with the partition. Both are metadata-only additions (no table rewrite).
ALTER TABLE deliveries ADD COLUMN failures integer NOT NULL DEFAULT 0, ADD COLUMN attempt_log jsonb;

-- The HTTP delivery's claim: the due deliveries of one route, in due order. Only routes' rows are in it, so sources
-- without routes pay nothing for it, and a route with a large backlog (an open circuit) costs the others' claims
-- nothing.
CREATE INDEX deliveries_route_due_idx ON deliveries (destination, next_attempt_at)
    WHERE state = 'PENDING' AND destination <> 'default';
