package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// RepoIndex is a repo's scoring index as a rescore stores it: built from the
// repo's facts at Version (RepoState.Version, read with them).
type RepoIndex struct {
	RepoID  int64
	Version int64
	Body    []byte
}

// storeIndexes stores a rescore's repo indexes and moves the rescore generation.
// An index built at an odd facts version (facts written after the rescore began,
// see bumpFactsVersionSQL) is not stored, nor one of a repo deleted since.
func storeIndexes(ctx context.Context, tx *sql.Tx, w ScorecardWrite) error {
	var gen int64
	err := tx.QueryRowContext(ctx, `SELECT generation FROM rescore_state WHERE id = 1`).Scan(&gen)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("rescore state: %w", err)
	}
	if gen != w.Generation {
		// Another rescore wrote fingerprints since this one read them: the indexes
		// it did not build may not be the ones those fingerprints came from.
		if _, err := tx.ExecContext(ctx, `DELETE FROM repo_indexes`); err != nil {
			return fmt.Errorf("drop repo indexes: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO rescore_state (id, key, generation) VALUES (1, ?, ?)
ON CONFLICT (id) DO UPDATE SET key = excluded.key, generation = excluded.generation`, w.Key, gen+1); err != nil {
		return fmt.Errorf("rescore state: %w", err)
	}
	if len(w.Indexes) == 0 {
		return nil
	}
	if w.IndexKey == "" {
		return errors.New("repo indexes: no key")
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO repo_indexes (repo_id, facts_version, key, body)
SELECT ?1, ?2, ?3, ?4 WHERE CAST(?2 AS BIGINT) % 2 = 0 AND EXISTS (SELECT 1 FROM repos WHERE id = ?1)
ON CONFLICT (repo_id) DO UPDATE SET facts_version = excluded.facts_version, key = excluded.key, body = excluded.body`)
	if err != nil {
		return fmt.Errorf("repo indexes: %w", err)
	}
	defer st.Close()
	for _, x := range w.Indexes {
		if _, err := st.ExecContext(ctx, x.RepoID, x.Version, w.IndexKey, x.Body); err != nil {
			return fmt.Errorf("repo index %d: %w", x.RepoID, err)
		}
	}
	return nil
}
