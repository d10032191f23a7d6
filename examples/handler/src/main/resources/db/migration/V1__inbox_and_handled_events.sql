-- Ids of the messages already handled: the handler's idempotency record, written in the same transaction as its effect.
CREATE TABLE inbox (
    message_id  uuid PRIMARY KEY,
    received_at timestamptz NOT NULL DEFAULT now()
);

-- The example handler's own effect: one row per hookgate event it handled.
CREATE TABLE handled_events (
    event_id   uuid PRIMARY KEY,
    source     text NOT NULL,
    type       text NOT NULL,
    handled_at timestamptz NOT NULL
);
