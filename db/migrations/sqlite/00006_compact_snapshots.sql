-- Bounded scoring (issue 12). A scope keeps its full scorecard (criteria, next steps,
-- repos, flags) only at its newest instant and at that instant's change baseline,
-- 7 days before; every other stored instant, a weekly snapshot, keeps what trends
-- read: levels, score, and each metric's value and sample size as [value, samples]
-- (scoring.Scorecard.CompactJSON writes the same bytes). Numbers are copied as text,
-- so they do not change.
--
-- rescore_state and rescore_fingerprints are what an incremental rescore compares
-- with: a key of the inputs besides facts (config, teams, names) and each repo's
-- window fingerprint at each instant of the last rescore.

-- +goose Up
CREATE TABLE rescore_state (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    key TEXT NOT NULL
);

CREATE TABLE rescore_fingerprints (
    as_of INTEGER NOT NULL,
    repo  TEXT    NOT NULL, -- source:full_name
    fp    INTEGER NOT NULL,
    PRIMARY KEY (as_of, repo)
) WITHOUT ROWID;

UPDATE scorecards SET body = json_object(
    'as_of', body ->> '$.as_of',
    'level', json(body -> '$.level'),
    'score', json(body -> '$.score'),
    'dimensions', json((
        SELECT json_group_object(d.key, json_object(
            'level', json(d.value -> '$.level'),
            'status', d.value ->> '$.status',
            'metrics', json((
                SELECT json_group_object(m.key, json_array(json(m.value -> '$.value'), m.value ->> '$.samples'))
                FROM json_each(d.value, '$.metrics') m))))
        FROM json_each(scorecards.body, '$.dimensions') d)))
WHERE json_type(body, '$.repos') IS NOT NULL
  AND as_of NOT IN (
    SELECT max(l.as_of) FROM scorecards l WHERE l.scope = scorecards.scope
    UNION ALL
    SELECT max(l.as_of) - 604800 FROM scorecards l WHERE l.scope = scorecards.scope);

-- +goose Down
-- Compacted snapshots stay compact: the next rescore rewrites the ones it covers.
DROP TABLE rescore_fingerprints;
DROP TABLE rescore_state;
