package db

import (
	"errors"
	"fmt"

	"github.com/paved-dev/paved/internal/sanitize"
	"github.com/paved-dev/paved/model"
)

// An observation is stored once per change: a row that repeats the state of the
// one before it (a rerun seeing again what a killed pass stored) is not added,
// and one stored again as it is writes nothing (as changedUpsertSQL).
const upsertObservationSQL = `
INSERT INTO observations (repo_id, feature, enabled, observed_at)
SELECT ?1, ?2, ?3, ?4
WHERE (SELECT p.enabled FROM observations p WHERE p.repo_id = ?1 AND p.feature = ?2 AND p.observed_at < ?4
       ORDER BY p.observed_at DESC LIMIT 1) IS DISTINCT FROM ?3
ON CONFLICT (repo_id, feature, observed_at) DO UPDATE SET
    enabled = excluded.enabled
WHERE observations.enabled IS DISTINCT FROM excluded.enabled`

func (a *applier) observations(observations []model.ScannerObservation) error {
	for _, o := range observations {
		// The observation time is part of the key; without it re-syncing would
		// pile up copies.
		if o.ObservedAt.IsZero() {
			return fmt.Errorf("store %s observation of repo %d: %w", sanitize.Flat(o.Feature, maxName), o.RepoForgeID,
				errors.New("observed_at is not set"))
		}
		repoID, err := a.repoID(o.Source, o.RepoForgeID)
		if err != nil {
			return fmt.Errorf("store %s observation: %w", sanitize.Flat(o.Feature, maxName), err)
		}
		err = a.w.do(op{stmt: a.st.upsertObservation, facts: repoID,
			args: []any{repoID, sanitize.Flat(o.Feature, maxName), boolInt(o.Enabled), unixArg(o.ObservedAt)},
			fail: func(err error) error {
				return fmt.Errorf("store %s observation of repo %d: %w", sanitize.Flat(o.Feature, maxName), o.RepoForgeID, err)
			},
		})
		if err != nil {
			return err
		}
	}
	return nil
}
