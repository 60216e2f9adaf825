package main

import (
	"database/sql"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/internal/testkit"
)

// dumpedTables says, for every table of the schema, which columns a comparison of two
// databases leaves out and why. A table missing here fails the comparison, so a new
// table cannot escape it; naming a column the table lacks fails too, so the list stays
// true. Everything not listed is compared, with two rules applied to every table:
//
//   - An INTEGER PRIMARY KEY (the rowid: a surrogate id in the order rows were first
//     inserted) is left out, and a column referring to one (repo_id, team_id) is
//     compared as the referred row's natural key instead (naturalKeys).
//   - A time equal to one of the collection clocks (cmp.clocks) reads as "<clock>":
//     a killed run and the rerun after it run at different instants, so what a pass
//     stamps with its own clock (cursors' last_success and last_error_at, an
//     observation's observed_at, a finding's closed_seen_at, sources' and teams'
//     updated_at, a cursor's disabled-since memo in its position) legitimately
//     differs by which run stored it. Forge data never falls on those instants: the
//     simulated organisation ends before the first of them.
var dumpedTables = map[string]map[string]string{
	"goose_db_version": {"tstamp": "when the migration ran, by SQLite's wall clock"},
	"scorecard_generations": {"n": "counts writes of a scope's scorecards for readers' caches; " +
		"a killed run that reached its rescore wrote them once more"},
	"sync_cursors": {"items": "counts the records a cursor's walks stored, over every pass: a meter of work done, " +
		"which counts a killed pass's pages and again what the rerun re-reads",
		"etag": "validates the answer to the request it came with, whose query (GitLab's updated_after) " +
			"follows the clock of the pass that sent it"},
	"repos": {"facts_version": "marks a repo's facts written since a rescore began; a killed run that " +
		"reached its rescore settled the marks once more"},
	"repo_indexes": {"facts_version": "the repo's facts version its index was built at (see repos)",
		"body": "the index in scoring's binary encoding, whose instants include the collection clocks " +
			"(an observation's observed_at) where the comparison cannot read them"},
	"rescore_state": {"generation": "counts rescores' writes; a killed run that reached its rescore wrote once more"},
	"sources":       {}, "forge_teams": {}, "forge_team_repos": {}, "teams": {}, "team_repos": {},
	"runs": {}, "jobs": {}, "findings": {}, "analyses": {}, "pull_requests": {}, "reviews": {},
	"deployments": {}, "deployment_statuses": {}, "observations": {},
	"scorecards": {}, "digest_deliveries": {}, "api_tokens": {}, "audit_events": {},
	"rescore_fingerprints": {},
}

// queueTablePrefix starts the names of the job queue's tables (River's, see
// internal/jobs): job history, leadership and notifications, which differ with
// every run by design and hold no collected fact. They are not compared.
const queueTablePrefix = "river_"

// naturalKeys are how a row referred to by its surrogate id is named instead.
var naturalKeys = map[string]string{
	"repos":       `source || '/' || forge_id`,
	"forge_teams": `source || '/' || forge_id`,
}

// clockRange is the span of the collection clocks: stored times inside it are the
// collections' own, not forge data.
type clockRange struct{ from, to time.Time }

// tenDigits finds unix seconds inside text (a cursor's JSON position).
var tenDigits = regexp.MustCompile(`\b1\d{9}\b`)

func (c clockRange) holds(sec float64) bool {
	return sec >= float64(c.from.Unix()) && sec <= float64(c.to.Unix())
}

// cell renders one stored value for comparison.
func (c clockRange) cell(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case int64:
		if c.holds(float64(x)) {
			return "<clock>"
		}
		return strconv.FormatInt(x, 10)
	case bool: // Postgres's goose_db_version.is_applied; SQLite's is 0 or 1
		if x {
			return "1"
		}
		return "0"
	case float64:
		if c.holds(x) {
			return "<clock>"
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case []byte:
		return c.cell(string(x))
	case string:
		return strconv.Quote(tenDigits.ReplaceAllStringFunc(x, func(s string) string {
			if n, err := strconv.ParseInt(s, 10, 64); err == nil && c.holds(float64(n)) {
				return "<clock>"
			}
			return s
		}))
	}
	return fmt.Sprintf("%T(%v)", v, v)
}

// dumpTables reads every table of the database at path as sorted lines, one per row.
func dumpTables(t *testing.T, path string, clocks clockRange) map[string][]string {
	t.Helper()
	d := testkit.OpenDBAt(t, path)
	defer d.Close()
	q := d.Reader()
	var tables []string
	s := sqliteSchema
	if d.Postgres() {
		s = postgresSchema
	}
	rows, err := q.Query(s.tables)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	for name := range dumpedTables {
		if !slices.Contains(tables, name) {
			t.Errorf("dumpedTables names %s, which the schema no longer has", name)
		}
	}
	out := map[string][]string{}
	for _, table := range tables {
		if strings.HasPrefix(table, queueTablePrefix) {
			continue
		}
		excluded, ok := dumpedTables[table]
		if !ok {
			t.Errorf("table %s is not covered by the comparison: add it to dumpedTables", table)
			continue
		}
		cols, exprs := selectable(t, d.Reader(), s, table, excluded)
		out[table] = readLines(t, d.Reader(), `SELECT `+strings.Join(exprs, ", ")+` FROM "`+table+`"`, cols, clocks)
	}
	return out
}

// selectable is what a table is compared by: its columns less the excluded ones
// and its surrogate id, a reference to another table's surrogate id read as that
// row's natural key.
func selectable(t *testing.T, q *sql.DB, s schemaQueries, table string, excluded map[string]string) (cols, exprs []string) {
	t.Helper()
	refs := map[string]string{}
	fks, err := q.Query(s.references, table)
	if err != nil {
		t.Fatal(err)
	}
	for fks.Next() {
		var from, to string
		if err := fks.Scan(&from, &to); err != nil {
			t.Fatal(err)
		}
		refs[from] = to
	}
	if err := fks.Close(); err != nil {
		t.Fatal(err)
	}
	info, err := q.Query(s.columns, table)
	if err != nil {
		t.Fatal(err)
	}
	defer info.Close()
	seen := map[string]bool{}
	for info.Next() {
		var name, typ string
		var pk, pks int
		if err := info.Scan(&name, &typ, &pk, &pks); err != nil {
			t.Fatal(err)
		}
		seen[name] = true
		if _, skip := excluded[name]; skip || (pk == 1 && pks == 1 && (typ == "INTEGER" || typ == "BIGINT")) {
			continue
		}
		expr := `"` + name + `"`
		if to, ok := refs[name]; ok {
			key, named := naturalKeys[to]
			if !named {
				t.Fatalf("%s.%s refers to %s, which has no natural key in naturalKeys", table, name, to)
			}
			expr = `(SELECT ` + key + ` FROM "` + to + `" WHERE id = "` + table + `"."` + name + `")`
		}
		cols, exprs = append(cols, name), append(exprs, expr)
	}
	if err := info.Err(); err != nil {
		t.Fatal(err)
	}
	for c := range excluded {
		if !seen[c] {
			t.Errorf("dumpedTables excludes %s.%s, which the table no longer has", table, c)
		}
	}
	return cols, exprs
}

// schemaQueries list a schema's tables, a table's references to another's id
// (column, table) and its columns (name, upper-case type, position in the
// primary key or 0, number of primary-key columns), each table named by ?1.
type schemaQueries struct{ tables, references, columns string }

var sqliteSchema = schemaQueries{
	tables:     `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`,
	references: `SELECT "from", "table" FROM pragma_foreign_key_list(?1) WHERE "to" = 'id'`,
	columns: `SELECT name, upper(type), pk, (SELECT count(*) FROM pragma_table_info(?1) WHERE pk > 0)
		FROM pragma_table_info(?1) ORDER BY cid`,
}

// postgresSchema leaves out commit_counter, Postgres's own commit count for
// page caches (db/dialect.go), which SQLite keeps in its file header.
var postgresSchema = schemaQueries{
	tables: `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename != 'commit_counter'
		ORDER BY tablename`,
	references: `SELECT k.column_name, u.table_name FROM information_schema.table_constraints c
		JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema
		JOIN information_schema.constraint_column_usage u ON u.constraint_name = c.constraint_name AND u.table_schema = c.table_schema
		WHERE c.constraint_type = 'FOREIGN KEY' AND c.table_schema = current_schema() AND c.table_name = ?1 AND u.column_name = 'id'`,
	columns: `WITH pk AS (SELECT k.column_name, k.ordinal_position FROM information_schema.table_constraints c
		JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name AND k.table_schema = c.table_schema
		WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = current_schema() AND c.table_name = ?1)
		SELECT c.column_name, upper(c.data_type), COALESCE((SELECT ordinal_position FROM pk WHERE pk.column_name = c.column_name), 0),
		       (SELECT count(*) FROM pk)
		FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.table_name = ?1
		ORDER BY c.ordinal_position`,
}

// readLines runs query and renders each row as "col=value ...", sorted.
func readLines(t *testing.T, q *sql.DB, query string, cols []string, clocks clockRange) []string {
	t.Helper()
	rows, err := q.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var lines []string
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for i, c := range cols {
			fmt.Fprintf(&b, "%s=%s ", c, clocks.cell(vals[i]))
		}
		lines = append(lines, strings.TrimSpace(b.String()))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(lines)
	return lines
}

// diffLines reports the rows only one side has, counting repeats: a row stored
// twice where the other side has it once shows as one extra.
func diffLines(want, got []string) (missing, extra []string) {
	n := map[string]int{}
	for _, l := range want {
		n[l]++
	}
	for _, l := range got {
		n[l]--
	}
	for _, l := range want {
		if n[l] > 0 {
			missing = append(missing, l)
			n[l]--
		}
	}
	for _, l := range got {
		if n[l] < 0 {
			extra = append(extra, l)
			n[l]++
		}
	}
	return missing, extra
}
