-- +goose Up
-- Incremental rescoring without reading every fact (issue 12). A repo's
-- facts_version moves whenever a batch writes its facts (Apply, in the batch's
-- transaction). A rescore stores each repo's scoring index (scoring's own binary
-- encoding) with the facts_version it was built from and a key of the encoding and
-- config; the next rescore decodes it instead of reading the facts when both still
-- match. rescore_state.generation moves with every rescore's write, so a rescore
-- that finds another one wrote since it read the memo drops the stored indexes
-- rather than leave indexes and fingerprints of different facts side by side.
ALTER TABLE repos ADD COLUMN facts_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE rescore_state ADD COLUMN generation INTEGER NOT NULL DEFAULT 0;

CREATE TABLE repo_indexes (
    repo_id       INTEGER PRIMARY KEY REFERENCES repos (id) ON DELETE CASCADE,
    facts_version INTEGER NOT NULL,
    key           TEXT    NOT NULL,
    body          BLOB    NOT NULL
);

-- +goose Down
DROP TABLE repo_indexes;
ALTER TABLE rescore_state DROP COLUMN generation;
ALTER TABLE repos DROP COLUMN facts_version;
