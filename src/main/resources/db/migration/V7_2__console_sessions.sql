-- Console sign-ins (ConsoleSession), so that any replica accepts a session and signing out ends it on all of them: a
-- copied cookie stops working at once. id is an HMAC of the cookie's random value keyed by the admin token, never
-- the value itself; rotating the token leaves every row unmatched. Expired rows are deleted at each sign-in.
CREATE TABLE console_sessions (
    id         text        PRIMARY KEY,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE INDEX console_sessions_expires_idx ON console_sessions (expires_at);
