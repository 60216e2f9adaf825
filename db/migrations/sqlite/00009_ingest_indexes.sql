-- Fewer index writes per stored record (issue 10: ingest had grown 20 % slower
-- against its raw baseline since 00005 and 00007 added indexes).
--
-- runs: only runs of a sampling group enter the group index. A run whose name
-- gives its categories (sample_group '') is never looked up by group, so it no
-- longer writes an entry there. The statements that seek by group say
-- sample_group != '' in so many words (run_samples.go): that is what lets SQLite
-- use a partial index although the group itself is a bound parameter.
--
-- pull_requests: no query filters or orders by merged_at (the facts are read by
-- repo in created_at order, through pull_requests_repo_created), so its index
-- only cost a write per stored PR.

-- +goose Up
CREATE INDEX runs_repo_grouped ON runs (repo_id, sample_group, jobs_fetched, forge_id) WHERE sample_group != '';
DROP INDEX runs_repo_group_sample;
DROP INDEX pull_requests_repo_merged;

-- +goose Down
CREATE INDEX pull_requests_repo_merged ON pull_requests (repo_id, merged_at);
CREATE INDEX runs_repo_group_sample ON runs (repo_id, sample_group, jobs_fetched, forge_id);
DROP INDEX runs_repo_grouped;
