-- Bounded scoring (see migrations/sqlite/00006_compact_snapshots.sql). SQLite's
-- version also compacts snapshots stored before it; no Postgres database holds any.

-- +goose Up
CREATE TABLE rescore_state (
    id  BIGINT PRIMARY KEY CHECK (id = 1),
    key TEXT COLLATE "C" NOT NULL
);

CREATE TABLE rescore_fingerprints (
    as_of BIGINT NOT NULL,
    repo  TEXT COLLATE "C" NOT NULL, -- source:full_name
    fp    BIGINT NOT NULL,
    PRIMARY KEY (as_of, repo)
);

-- +goose Down
DROP TABLE rescore_fingerprints;
DROP TABLE rescore_state;
