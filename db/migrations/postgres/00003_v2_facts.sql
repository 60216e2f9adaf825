-- Facts of maturity model v2 (see migrations/sqlite/00003_v2_facts.sql for what the
-- columns hold).

-- +goose Up
ALTER TABLE runs ADD COLUMN duration_ms BIGINT;
ALTER TABLE pull_requests ADD COLUMN ready_times TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE findings ADD COLUMN closed_seen_at DOUBLE PRECISION;

-- +goose Down
ALTER TABLE findings DROP COLUMN closed_seen_at;
ALTER TABLE pull_requests DROP COLUMN ready_times;
ALTER TABLE runs DROP COLUMN duration_ms;
