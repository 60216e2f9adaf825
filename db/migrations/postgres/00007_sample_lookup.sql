-- +goose Up
-- A group's sample and a group's runs are found by index seeks (see
-- migrations/sqlite/00007_sample_lookup.sql).
CREATE INDEX runs_repo_group_sample ON runs (repo_id, sample_group, jobs_fetched, forge_id);
DROP INDEX runs_repo_sample_group;

-- +goose Down
CREATE INDEX runs_repo_sample_group ON runs (repo_id, sample_group) WHERE sample_group != '';
DROP INDEX runs_repo_group_sample;
