-- The Postgres side of SQLite's 00009 (same indexes, same reasons): only runs of a
-- sampling group enter the group index, and pull_requests loses its merged_at
-- index, which no query uses.

-- +goose Up
CREATE INDEX runs_repo_grouped ON runs (repo_id, sample_group, jobs_fetched, forge_id) WHERE sample_group != '';
DROP INDEX runs_repo_group_sample;
DROP INDEX pull_requests_repo_merged;

-- +goose Down
CREATE INDEX pull_requests_repo_merged ON pull_requests (repo_id, merged_at);
CREATE INDEX runs_repo_group_sample ON runs (repo_id, sample_group, jobs_fetched, forge_id);
DROP INDEX runs_repo_grouped;
