-- Crash-resume: whatever a pass writes is keyed so that a rerun replaces it, and a
-- run's scan categories are derived from what is stored (see apply.go), so a
-- collection killed at any instant and run again leaves the rows of one that was not.
--
-- observations: one row per repo × feature × change. A row that repeats the state
-- of the one before it (a rerun's copy at a later observed_at) is dropped; the
-- insert (observations.go) skips such a row from now on.
-- jobs: keyed by the forge's job id; of copies, the newest row stays.
-- runs.sample_group: the job-sampling group of a run (the collector's key, '' for a
-- run whose name gives its categories). A group's sample is its run with
-- jobs_fetched; every run of the group takes the categories of the sample's stored
-- jobs. Runs stored before have no group: a pass that meets their groups samples
-- them again.
-- repos.secret_scanning, repos.dependabot_updates: what the GitHub repos list says
-- of those scanners ("enabled", "disabled" or ''), stored with the repo so that a
-- pass whose repos list is unchanged (304) reads it back whatever a crash cut.

-- +goose Up
DELETE FROM observations WHERE enabled IS (
    SELECT p.enabled FROM observations p
    WHERE p.repo_id = observations.repo_id AND p.feature = observations.feature
      AND p.observed_at < observations.observed_at
    ORDER BY p.observed_at DESC LIMIT 1);

DELETE FROM jobs WHERE id NOT IN (SELECT max(id) FROM jobs GROUP BY repo_id, forge_id);
CREATE UNIQUE INDEX jobs_repo_forge_id ON jobs (repo_id, forge_id);

ALTER TABLE runs ADD COLUMN sample_group TEXT NOT NULL DEFAULT '';
CREATE INDEX runs_repo_sample_group ON runs (repo_id, sample_group) WHERE sample_group != '';

ALTER TABLE repos ADD COLUMN secret_scanning TEXT NOT NULL DEFAULT '';
ALTER TABLE repos ADD COLUMN dependabot_updates TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE repos DROP COLUMN dependabot_updates;
ALTER TABLE repos DROP COLUMN secret_scanning;
DROP INDEX runs_repo_sample_group;
ALTER TABLE runs DROP COLUMN sample_group;
DROP INDEX jobs_repo_forge_id;
