package testkit

import (
	"testing"

	"github.com/paved-dev/paved/internal/testkit/pgtest"
)

// The stores' names, which their figures are prefixed with.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Store is a database on one of the two stores, for benchmarks that compare
// SQLite with Postgres in the same run.
type Store struct {
	Name     string // SQLite or Postgres
	Database string // a SQLite file or a postgres:// URL, as a config's `database`
}

// BothStores is a fresh SQLite database and a fresh Postgres one on the test
// server; without PAVED_TEST_POSTGRES it skips tb (RequirePostgres).
func BothStores(tb testing.TB) []Store {
	tb.Helper()
	RequirePostgres(tb)
	return []Store{{SQLite, SQLiteDatabase(tb)}, {Postgres, pgtest.Database(tb)}}
}

// RequirePostgres skips tb, a comparison of the two stores, unless
// PAVED_TEST_POSTGRES names a Postgres server.
func RequirePostgres(tb testing.TB) {
	tb.Helper()
	if !OnPostgres() {
		tb.Skip("compares SQLite with Postgres: set " + pgtest.Env + " (make bench does, when it is set)")
	}
}

// ReportStores reports each store's figure, named STORE_unit, and Postgres's
// over SQLite's, named unit_postgres/sqlite (0 when SQLite's is 0).
func ReportStores(b *testing.B, unit string, byStore map[string]float64) {
	b.Helper()
	for name, v := range byStore {
		b.ReportMetric(v, name+"_"+unit)
	}
	if s := byStore[SQLite]; s != 0 {
		b.ReportMetric(byStore[Postgres]/s, unit+"_"+Postgres+"/"+SQLite)
	}
}
