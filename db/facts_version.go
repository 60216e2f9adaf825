package db

import (
	"context"
	"database/sql"
	"fmt"
)

// A repo's facts version is even while no batch has changed its facts since the
// last rescore began, odd once one has. Apply makes it odd (the first batch
// after a rescore began writes the repo row; later ones find it odd and write
// nothing, so ingest pays one row write per repo per rescore, not per batch), and
// SettleFactsVersions, at a rescore's start, makes it even again. (On Postgres
// every batch that changes a repo's facts writes its row once: markFactsSQL.) A rescore
// stores a repo's index only for an even version it read: a batch after that
// read makes the version odd, so the index is never reused for facts it lacks.
const bumpFactsVersionSQL = markFactsVersion + `?`

const markFactsVersion = `UPDATE repos SET facts_version = facts_version + 1 WHERE facts_version % 2 = 0 AND id = `

// markFactsSQL is Postgres's statement that writes facts rows (the stored
// repo's id bound first) and marks the repo's facts version when it changed a
// row, in one statement: Apply's statements are then independent of each
// other's answers and go to the server together (pipeline.go).
//
// Unlike SQLite's mark it skips the repo row only when this transaction has
// marked it already (the row's version is its own and odd): on Postgres a
// settle (replicas, several writers) may be moving the version from odd to
// even, uncommitted, while a batch marks. A mark filtered on parity alone would
// read the version the settle is replacing, find it odd and skip the row
// without waiting; this one waits for the settle's lock and marks the version
// the settle committed. (pg_current_xact_id is Postgres 13's.)
func markFactsSQL(query string) string {
	return "WITH changed AS (" + query + "\nRETURNING 1)\n" +
		"UPDATE repos SET facts_version = facts_version + 1 - facts_version % 2\n" +
		"WHERE id = ?1 AND EXISTS (SELECT 1 FROM changed)\n" +
		"    AND NOT (facts_version % 2 = 1 AND xmin = CAST(pg_current_xact_id() AS xid))"
}

// bumpFactsVersions marks, on SQLite, every repo whose facts rows the batch
// changed, in the batch's transaction. A repo record alone does not (a rescore
// checks the repo's own fields against the index), so re-listing an
// organisation's repos costs no rescore its indexes; nor does a record stored
// again unchanged (a full pass), which writes no row (changedUpsertSQL).
func (s *txSink) bumpFactsVersions(bump *statement) error {
	for id := range s.changed {
		err := s.do(op{stmt: bump, args: []any{id},
			fail: func(err error) error { return fmt.Errorf("facts version of repo %d: %w", id, err) }})
		if err != nil {
			return err
		}
	}
	return nil
}

// SettleFactsVersions is the first step of a rescore, in a write transaction of
// its own: every repo whose facts were written since (an odd version) moves to
// the next even version, so that a write after the rescore reads its facts moves
// it again. An index is stored only for an even version (storeIndexes).
func (d *DB) SettleFactsVersions(ctx context.Context) error {
	err := retryConflicts(ctx, func() error {
		return d.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE repos SET facts_version = facts_version + 1 WHERE facts_version % 2 = 1`)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("settle facts versions: %w", err)
	}
	return nil
}
