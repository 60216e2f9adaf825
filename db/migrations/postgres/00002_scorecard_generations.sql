-- A per-scope counter that every write to a scope's scorecards bumps (as in
-- migrations/sqlite), so readers that cache scorecards notice a rescore even when it
-- rewrites the same instants.

-- +goose Up
CREATE TABLE scorecard_generations (
    scope TEXT COLLATE "C" PRIMARY KEY,
    n     BIGINT NOT NULL DEFAULT 0
);

-- +goose StatementBegin
CREATE FUNCTION scorecards_generation_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE scorecard_generations SET n = n + 1 WHERE scope = OLD.scope;
        RETURN OLD;
    END IF;
    INSERT INTO scorecard_generations AS g (scope, n) VALUES (NEW.scope, 1)
    ON CONFLICT (scope) DO UPDATE SET n = g.n + 1;
    RETURN NEW;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER scorecards_generation_insert AFTER INSERT ON scorecards
    FOR EACH ROW EXECUTE FUNCTION scorecards_generation_bump();
CREATE TRIGGER scorecards_generation_update AFTER UPDATE ON scorecards
    FOR EACH ROW EXECUTE FUNCTION scorecards_generation_bump();
CREATE TRIGGER scorecards_generation_delete AFTER DELETE ON scorecards
    FOR EACH ROW EXECUTE FUNCTION scorecards_generation_bump();

-- +goose Down
DROP TRIGGER scorecards_generation_delete ON scorecards;
DROP TRIGGER scorecards_generation_update ON scorecards;
DROP TRIGGER scorecards_generation_insert ON scorecards;
DROP FUNCTION scorecards_generation_bump();
DROP TABLE scorecard_generations;
