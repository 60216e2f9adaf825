package db

import "fmt"

// repoRows says how a kind of record that belongs to a repo is stored: repo
// gives a record's repo, name names the record in errors, and row appends its
// values for the upsert statement to dst, the stored repo's id first. A kind
// with rows also has an upsert of many records of one repo at once (nil where
// the store has none: SQLite's take rowsPerUpsert records, Postgres's any
// number, arraysUpsertSQL), and key gives a record's key within its repo.
type repoRows[T any] struct {
	upsert func(*statements) *statement
	rows   func(*statements) *statement
	key    func(*T) any
	repo   func(*T) (source string, forgeID int64)
	name   func(*T) string
	row    func(dst []any, rec *T, repoID int64) []any
}

// rowsPerUpsert is how many records of a kind with a many-row upsert one
// statement stores: much of a statement's cost is per statement, not per row
// (database/sql, cgo, the VDBE's start), and a page of 100 runs becomes ten
// statements. BenchmarkIngest's Apply runs 6.5% fewer user-space instructions
// with it (valgrind); twenty rows measured no better.
const rowsPerUpsert = 10

// storeInRepos stores recs with kind's prepared upserts: rowsPerUpsert
// consecutive records of one repo at once where kind has a many-row upsert, the
// others one by one. A record stored before and unchanged writes nothing and
// marks nothing.
func storeInRepos[T any](a *applier, kind repoRows[T], recs []T) error {
	var many *statement
	if kind.rows != nil {
		many = kind.rows(a.st)
	}
	if many != nil && many.arrays != nil {
		return storeArrays(a, kind, many, recs)
	}
	width := 0 // one record's values, to size the next statement's
	for i := 0; i < len(recs); {
		r := &recs[i]
		repo, repoID, err := recordRepo(a, kind, r)
		if err != nil {
			return err
		}
		o := op{facts: repoID}
		if many == nil || !sameRepo(kind, recs[i:], rowsPerUpsert) {
			o.stmt, o.args = kind.upsert(a.st), kind.row(make([]any, 0, width), r, repoID)
			o.fail = failStoring(kind, r, 1, repo)
			width = len(o.args)
			i++
		} else {
			o.stmt, o.args = many, make([]any, 0, width*rowsPerUpsert)
			for k := i; k < i+rowsPerUpsert; k++ {
				o.args = kind.row(o.args, &recs[k], repoID)
			}
			o.fail = failStoring(kind, r, rowsPerUpsert, repo)
			width = len(o.args) / rowsPerUpsert
			i += rowsPerUpsert
		}
		if err := a.w.do(o); err != nil {
			return err
		}
	}
	return nil
}

// sameRepo reports whether recs holds at least n records and its first n belong
// to one repo with n different keys: Postgres refuses an upsert that would
// update one row twice, and a page seen twice may repeat a record.
func sameRepo[T any](kind repoRows[T], recs []T, n int) bool {
	if len(recs) < n {
		return false
	}
	source, repo := kind.repo(&recs[0])
	for k := 1; k < n; k++ {
		if s, f := kind.repo(&recs[k]); f != repo || s != source {
			return false
		}
		key := kind.key(&recs[k])
		for j := range k {
			if kind.key(&recs[j]) == key {
				return false
			}
		}
	}
	return true
}

// storeArrays stores recs with Postgres's arrays upsert st: each run of
// consecutive records of one repo with different keys (as stored) and, where st
// has a flag, the same flag, in one statement.
func storeArrays[T any](a *applier, kind repoRows[T], st *statement, recs []T) error {
	width := st.width()
	seen := map[[maxKeyColumns]any]bool{}
	for i := 0; i < len(recs); {
		first := &recs[i]
		repo, repoID, err := recordRepo(a, kind, first)
		if err != nil {
			return err
		}
		source, _ := kind.repo(first)
		clear(seen)
		values := make([]any, 0, width*min(len(recs)-i, 128))
		end := i
		for ; end < len(recs); end++ {
			if s, f := kind.repo(&recs[end]); s != source || f != repo {
				break
			}
			n := len(values)
			values = kind.row(values, &recs[end], repoID)
			row := values[n:]
			k := st.rowKey(row)
			if seen[k] || st.flag && row[width-1] != values[width-1] {
				values = values[:n]
				break
			}
			seen[k] = true
		}
		args, err := columnArrays(st, values)
		if err != nil {
			return fmt.Errorf("store %s of repo %d: %w", kind.name(first), repo, err)
		}
		o := op{stmt: st, args: args, facts: repoID, fail: failStoring(kind, first, end-i, repo)}
		if err := a.w.do(o); err != nil {
			return err
		}
		i = end
	}
	return nil
}

// recordRepo is the forge id and the stored id of rec's repo.
func recordRepo[T any](a *applier, kind repoRows[T], rec *T) (repo, repoID int64, err error) {
	source, repo := kind.repo(rec)
	if repoID, err = a.repoID(source, repo); err != nil {
		return 0, 0, fmt.Errorf("store %s: %w", kind.name(rec), err)
	}
	return repo, repoID, nil
}

// failStoring names, in the error of a statement that stores n records from
// first on, the records and their repo (only once there is an error: naming
// costs more than storing).
func failStoring[T any](kind repoRows[T], first *T, n int, repo int64) func(error) error {
	return func(err error) error {
		what := kind.name(first)
		if n > 1 {
			what = fmt.Sprintf("%s and the %d after it", what, n-1)
		}
		return fmt.Errorf("store %s of repo %d: %w", what, repo, err)
	}
}
