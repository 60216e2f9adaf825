-- Access control: API tokens and the audit log. Times are stored as every other time
-- column is (see convert.go); NULL means "never" / "not yet".
--
-- An API token is kept only as the SHA-256 of its plaintext. A name belongs to at most
-- one token that is not revoked; revoked tokens stay, so the list and the audit log
-- still say who had which token, and their names may be given to a new token.

-- +goose Up
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT    NOT NULL,
    role         TEXT    NOT NULL,
    hash         BLOB    NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER,
    last_used_at INTEGER,
    revoked_at   INTEGER
);
CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (name) WHERE revoked_at IS NULL;

CREATE TABLE audit_events (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    actor   TEXT    NOT NULL DEFAULT '',
    action  TEXT    NOT NULL,
    target  TEXT    NOT NULL DEFAULT '',
    remote  TEXT    NOT NULL DEFAULT '',
    outcome TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_at ON audit_events (at);

-- +goose Down
DROP TABLE audit_events;
DROP TABLE api_tokens;
