-- Duplicates are answered (200), never stored, so the console's overview could not count them per hour or across
-- replicas. Each replica adds its counts here, per source and hour, in one statement every few seconds (DuplicateCounts).
CREATE TABLE duplicate_counts (
    source text        NOT NULL,
    hour   timestamptz NOT NULL,
    count  bigint      NOT NULL,
    PRIMARY KEY (source, hour)
);
