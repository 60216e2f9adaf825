package db

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"
)

// manyRows names a kind of record's many-row upsert: its table, key and other
// columns as changedRowsUpsertSQL takes them. SQLite stores rowsPerUpsert
// records per statement, each value its own parameter; Postgres stores every
// record of a page's repo in one statement, each column bound as one array
// (arraysUpsertSQL).
type manyRows struct{ table, key, cols string }

func (m manyRows) sqlite() string { return changedRowsUpsertSQL(m.table, m.key, m.cols, rowsPerUpsert) }

// arraysUpsertSQL is changedRowsUpsertSQL on Postgres for any number of records
// of one repo: the repo's id binds as ?1 and each other column as an array of
// the records' values, typed as types gives (the column's SQL type), which
// unnest turns back into rows. One statement per page and table costs the
// server one executor start, where a VALUES list costs one per row and
// parameter.
func arraysUpsertSQL(m manyRows, types map[string]string) (string, []string, error) {
	keys, others, _ := upsertParts(m.key, m.cols, nil)
	if len(keys) == 0 || keys[0] != "repo_id" {
		return "", nil, fmt.Errorf("upsert %s: the key must start with repo_id", m.table)
	}
	all := append(keys[:len(keys):len(keys)], others...)
	arrays := make([]string, 0, len(all)-1)
	colTypes := make([]string, 0, len(all)-1)
	for i, c := range all[1:] {
		t, ok := types[c]
		if !ok {
			return "", nil, fmt.Errorf("upsert %s: no column %s", m.table, c)
		}
		arrays = append(arrays, "CAST(?"+strconv.Itoa(i+2)+" AS "+t+"[])")
		colTypes = append(colTypes, t)
	}
	sets := make([]string, len(others))
	for i, c := range others {
		sets[i] = c + " = excluded." + c
	}
	q := "INSERT INTO " + m.table + " (" + strings.Join(all, ", ") + ")\n" +
		"SELECT CAST(?1 AS BIGINT), * FROM unnest(" + strings.Join(arrays, ", ") + ")\n" +
		"ON CONFLICT (" + strings.Join(keys, ", ") + ") DO UPDATE SET\n    " +
		strings.Join(sets, ",\n    ") + changedOnly(m.table, m.key, m.cols, nil)
	return q, colTypes, nil
}

// columnTypes reads table's columns and their SQL types from Postgres's catalog.
func columnTypes(ctx context.Context, db *sql.DB, table string) (map[string]string, error) {
	types := map[string]string{}
	rows, err := db.QueryContext(ctx, `SELECT attname, format_type(atttypid, NULL) FROM pg_attribute
WHERE attrelid = CAST(? AS regclass) AND attnum > 0 AND NOT attisdropped`, table)
	if err != nil {
		return nil, fmt.Errorf("columns of %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, typ string
		if err := rows.Scan(&name, &typ); err != nil {
			return nil, fmt.Errorf("columns of %s: %w", table, err)
		}
		types[name] = typ
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("columns of %s: %w", table, err)
	}
	return types, nil
}

// columnArrays turns rows of values, each width wide with the repo's id first,
// into the arguments of an arrays upsert: the repo's id, then one typed array
// per other column.
func columnArrays(values []any, width int, types []string) ([]any, error) {
	if width != len(types)+1 || len(values)%width != 0 {
		return nil, fmt.Errorf("arrays upsert: %d values of rows %d wide for %d columns", len(values), width, len(types))
	}
	n := len(values) / width
	args := make([]any, 0, width)
	args = append(args, values[0])
	for c, t := range types {
		col, err := columnArray(t, values, width, c+1, n)
		if err != nil {
			return nil, err
		}
		args = append(args, col)
	}
	return args, nil
}

func columnArray(typ string, values []any, width, c, n int) (any, error) {
	at := func(r int) any { return values[r*width+c] }
	switch typ {
	case "bigint", "integer":
		out := make([]pgtype.Int8, n)
		for r := range out {
			switch v := at(r).(type) {
			case nil:
			case int64:
				out[r] = pgtype.Int8{Int64: v, Valid: true}
			case int:
				out[r] = pgtype.Int8{Int64: int64(v), Valid: true}
			default:
				return nil, fmt.Errorf("arrays upsert: %T in a %s column", v, typ)
			}
		}
		return out, nil
	case "double precision":
		out := make([]pgtype.Float8, n)
		for r := range out {
			switch v := at(r).(type) {
			case nil:
			case float64:
				out[r] = pgtype.Float8{Float64: v, Valid: true}
			case int64:
				out[r] = pgtype.Float8{Float64: float64(v), Valid: true}
			case int:
				out[r] = pgtype.Float8{Float64: float64(v), Valid: true}
			default:
				return nil, fmt.Errorf("arrays upsert: %T in a %s column", v, typ)
			}
		}
		return out, nil
	case "text":
		out := make([]pgtype.Text, n)
		for r := range out {
			switch v := at(r).(type) {
			case nil:
			case string:
				out[r] = pgtype.Text{String: v, Valid: true}
			default:
				return nil, fmt.Errorf("arrays upsert: %T in a %s column", v, typ)
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("arrays upsert: no arrays of %s", typ)
}
