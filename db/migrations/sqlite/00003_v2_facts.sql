-- Facts of maturity model v2.
--
-- Times: from v2 on, every time column holds unix seconds UTC with the forge's
-- milliseconds as a fraction (1700000000.123, stored as REAL; a whole second stays
-- an INTEGER). The unit is still seconds, so every row stored before this
-- migration already reads back right (its milliseconds were never kept and cannot
-- be recovered) and needs no conversion; queries comparing a column with a unix
-- second keep working.
--
-- runs.duration_ms: the forge's own execution time (GitLab pipeline `duration`),
-- NULL when the forge gives none.
-- pull_requests.ready_times: every time the PR/MR left draft state, oldest first,
-- as a comma list of unix milliseconds.
-- findings.closed_seen_at: when Paved first saw the finding closed (the
-- collection's clock); a closed finding whose forge gives no close time takes it
-- as its resolved_at. NULL while open.

-- +goose Up
ALTER TABLE runs ADD COLUMN duration_ms INTEGER;
ALTER TABLE pull_requests ADD COLUMN ready_times TEXT NOT NULL DEFAULT '';
ALTER TABLE findings ADD COLUMN closed_seen_at INTEGER;

-- +goose Down
ALTER TABLE findings DROP COLUMN closed_seen_at;
ALTER TABLE pull_requests DROP COLUMN ready_times;
ALTER TABLE runs DROP COLUMN duration_ms;
