package db

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgtype"
)

// manyRows names a kind of record's many-row upsert: its table, key and other
// columns and the expressions set gives some of them, as changedUpsertSQL takes
// them. SQLite stores rowsPerUpsert records per statement, each value its own
// parameter (for kinds without set); Postgres stores every record of a page's
// repo in one statement, each column bound as one array (arraysUpsertSQL).
// flag says that each record's values end with one more, which set's
// expressions read as the parameter after the columns' (?N+1 of N columns,
// as in the one-record upsert): on Postgres it binds once per statement, so
// records with different flags go in different statements.
type manyRows struct {
	table, key, cols string
	set              map[string]string
	flag             bool
}

func (m manyRows) sqlite() string { return changedRowsUpsertSQL(m.table, m.key, m.cols, rowsPerUpsert) }

// maxKeyColumns bounds a many-row upsert's key columns after repo_id (rowKey).
const maxKeyColumns = 3

// arraysUpsertSQL is the many-row upsert on Postgres for any number of records
// of one repo with different keys: the repo's id binds as ?1 and each other
// column as an array of the records' values, typed as types gives (the column's
// SQL type), which unnest turns back into rows; then the flag, if any. One
// statement per page and table costs the server one executor start, where a
// VALUES list costs one per row and value.
func arraysUpsertSQL(m manyRows, types map[string]string) (*statement, error) {
	keys, others, exprs := upsertParts(m.key, m.cols, m.set)
	if len(keys) == 0 || keys[0] != "repo_id" || len(keys)-1 > maxKeyColumns {
		return nil, fmt.Errorf("upsert %s: the key must be repo_id and up to %d more columns", m.table, maxKeyColumns)
	}
	all := append(keys[:len(keys):len(keys)], others...)
	arrays := make([]string, 0, len(all)-1)
	st := &statement{keyColumns: len(keys) - 1, flag: m.flag}
	for i, c := range all[1:] {
		t, ok := types[c]
		if !ok {
			return nil, fmt.Errorf("upsert %s: no column %s", m.table, c)
		}
		arrays = append(arrays, "CAST(?"+strconv.Itoa(i+2)+" AS "+t+"[])")
		st.arrays = append(st.arrays, t)
	}
	sets := make([]string, len(others))
	for i, c := range others {
		sets[i] = c + " = " + exprs[i]
	}
	st.text = "INSERT INTO " + m.table + " (" + strings.Join(all, ", ") + ")\n" +
		"SELECT CAST(?1 AS BIGINT), * FROM unnest(" + strings.Join(arrays, ", ") + ")\n" +
		"ON CONFLICT (" + strings.Join(keys, ", ") + ") DO UPDATE SET\n    " +
		strings.Join(sets, ",\n    ") + changedOnly(m.table, m.key, m.cols, m.set)
	return st, nil
}

// width is how many values one record of an arrays upsert has: the repo's id,
// one per array, and the flag.
func (st *statement) width() int {
	if st.flag {
		return len(st.arrays) + 2
	}
	return len(st.arrays) + 1
}

// rowKey is the key of one record's values of an arrays upsert, the repo's id
// left out: what Postgres's ON CONFLICT compares, stored values and all.
func (st *statement) rowKey(row []any) [maxKeyColumns]any {
	var k [maxKeyColumns]any
	copy(k[:], row[1:1+st.keyColumns])
	return k
}

// columnTypes reads the columns of tables and their SQL types from Postgres's
// catalog, in one query: table → column → type.
func columnTypes(ctx context.Context, db *sql.DB, tables []string) (map[string]map[string]string, error) {
	list, err := json.Marshal(tables)
	if err != nil {
		return nil, fmt.Errorf("column types: %w", err)
	}
	types := map[string]map[string]string{}
	err = eachRow(ctx, db, `SELECT c.relname, a.attname, format_type(a.atttypid, NULL)
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
WHERE c.oid = ANY(CAST(ARRAY(SELECT json_array_elements_text(CAST(? AS json))) AS regclass[]))
    AND a.attnum > 0 AND NOT a.attisdropped`, []any{string(list)}, func(rows *sql.Rows) error {
		var table, name, typ string
		if err := rows.Scan(&table, &name, &typ); err != nil {
			return err
		}
		if types[table] == nil {
			types[table] = map[string]string{}
		}
		types[table][name] = typ
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("column types: %w", err)
	}
	return types, nil
}

// columnArrays turns records' values, each st.width() wide with the repo's id
// first (and the flag last, the same in each), into the arguments of the arrays
// upsert st: the repo's id, one typed array per other column, and the flag.
func columnArrays(st *statement, values []any) ([]any, error) {
	width := st.width()
	if len(values) == 0 || len(values)%width != 0 {
		return nil, fmt.Errorf("arrays upsert: %d values of records %d wide", len(values), width)
	}
	n := len(values) / width
	args := make([]any, 0, width)
	args = append(args, values[0])
	for c, t := range st.arrays {
		col, err := columnArray(t, values, width, c+1, n)
		if err != nil {
			return nil, err
		}
		args = append(args, col)
	}
	if st.flag {
		args = append(args, values[width-1])
	}
	return args, nil
}

func columnArray(typ string, values []any, width, c, n int) (any, error) {
	switch typ {
	case "bigint", "integer":
		return typedArray(typ, values, width, c, n, func(v any) (pgtype.Int8, bool) {
			switch x := v.(type) {
			case int64:
				return pgtype.Int8{Int64: x, Valid: true}, true
			case int:
				return pgtype.Int8{Int64: int64(x), Valid: true}, true
			}
			return pgtype.Int8{}, false
		})
	case "double precision":
		return typedArray(typ, values, width, c, n, func(v any) (pgtype.Float8, bool) {
			switch x := v.(type) {
			case float64:
				return pgtype.Float8{Float64: x, Valid: true}, true
			case int64:
				return pgtype.Float8{Float64: float64(x), Valid: true}, true
			case int:
				return pgtype.Float8{Float64: float64(x), Valid: true}, true
			}
			return pgtype.Float8{}, false
		})
	case "text":
		return typedArray(typ, values, width, c, n, func(v any) (pgtype.Text, bool) {
			x, ok := v.(string)
			return pgtype.Text{String: x, Valid: ok}, ok
		})
	}
	return nil, fmt.Errorf("arrays upsert: no arrays of %s", typ)
}

// typedArray is column c of n records' values, each width wide, as an array
// of T, which of turns a value into (nil is NULL, T's zero value).
func typedArray[T any](typ string, values []any, width, c, n int, of func(any) (T, bool)) ([]T, error) {
	out := make([]T, n)
	for r := range out {
		v := values[r*width+c]
		if v == nil {
			continue
		}
		x, ok := of(v)
		if !ok {
			return nil, fmt.Errorf("arrays upsert: %T in a %s column", v, typ)
		}
		out[r] = x
	}
	return out, nil
}
