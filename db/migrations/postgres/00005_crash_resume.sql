-- Crash-resume keys (see migrations/sqlite/00005_crash_resume.sql). SQLite's version
-- also cleans rows stored before it; no Postgres database holds such rows.

-- +goose Up
CREATE UNIQUE INDEX jobs_repo_forge_id ON jobs (repo_id, forge_id);

ALTER TABLE runs ADD COLUMN sample_group TEXT COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX runs_repo_sample_group ON runs (repo_id, sample_group) WHERE sample_group != '';

ALTER TABLE repos ADD COLUMN secret_scanning TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE repos ADD COLUMN dependabot_updates TEXT COLLATE "C" NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE repos DROP COLUMN dependabot_updates;
ALTER TABLE repos DROP COLUMN secret_scanning;
DROP INDEX runs_repo_sample_group;
ALTER TABLE runs DROP COLUMN sample_group;
DROP INDEX jobs_repo_forge_id;
