-- A per-scope counter that every write to a scope's scorecards bumps, so readers that
-- cache scorecards notice a rescore even when it rewrites the same instants. The insert
-- avoids OR IGNORE: inside a trigger, the firing upsert's conflict policy would override it.

-- +goose Up
CREATE TABLE scorecard_generations (
    scope TEXT PRIMARY KEY,
    n     INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;

-- +goose StatementBegin
CREATE TRIGGER scorecards_generation_insert AFTER INSERT ON scorecards BEGIN
    INSERT INTO scorecard_generations (scope, n)
        SELECT NEW.scope, 0 WHERE NOT EXISTS (SELECT 1 FROM scorecard_generations WHERE scope = NEW.scope);
    UPDATE scorecard_generations SET n = n + 1 WHERE scope = NEW.scope;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER scorecards_generation_update AFTER UPDATE ON scorecards BEGIN
    INSERT INTO scorecard_generations (scope, n)
        SELECT NEW.scope, 0 WHERE NOT EXISTS (SELECT 1 FROM scorecard_generations WHERE scope = NEW.scope);
    UPDATE scorecard_generations SET n = n + 1 WHERE scope = NEW.scope;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER scorecards_generation_delete AFTER DELETE ON scorecards BEGIN
    UPDATE scorecard_generations SET n = n + 1 WHERE scope = OLD.scope;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER scorecards_generation_delete;
DROP TRIGGER scorecards_generation_update;
DROP TRIGGER scorecards_generation_insert;
DROP TABLE scorecard_generations;
