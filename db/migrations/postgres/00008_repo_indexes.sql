-- +goose Up
-- Incremental rescoring without reading every fact (see
-- migrations/sqlite/00008_repo_indexes.sql).
ALTER TABLE repos ADD COLUMN facts_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE rescore_state ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;

CREATE TABLE repo_indexes (
    repo_id       BIGINT PRIMARY KEY REFERENCES repos (id) ON DELETE CASCADE,
    facts_version BIGINT NOT NULL,
    key           TEXT COLLATE "C" NOT NULL,
    body          BYTEA NOT NULL
);

-- +goose Down
DROP TABLE repo_indexes;
ALTER TABLE rescore_state DROP COLUMN generation;
ALTER TABLE repos DROP COLUMN facts_version;
