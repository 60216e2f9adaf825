-- +goose Up
-- A group's sample is found by an index seek (the newest run of the group with
-- jobs fetched), and a group's runs by another, not by a walk over every run of
-- the repo on each page. Not a partial index: the statements name the group by a
-- bound parameter, which SQLite cannot prove is not '', so a partial index
-- (as 00005's) is never used for them.
CREATE INDEX runs_repo_group_sample ON runs (repo_id, sample_group, jobs_fetched, forge_id);
DROP INDEX runs_repo_sample_group;

-- +goose Down
CREATE INDEX runs_repo_sample_group ON runs (repo_id, sample_group) WHERE sample_group != '';
DROP INDEX runs_repo_group_sample;
