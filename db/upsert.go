package db

import (
	"strconv"
	"strings"
)

// upsertSQL inserts one row of table or, when a row with the same key is stored,
// sets that row's other columns to the new values, or to the expression set
// gives for a column (in which table.column is the stored value). Columns are
// listed comma-separated, key first; the values bind as ?1, ?2, … in that order,
// so an expression may use parameters numbered after them.
func upsertSQL(table, key, cols string, set map[string]string) string {
	return upsertRowsSQL(table, key, cols, set, 1)
}

// changedUpsertSQL is upsertSQL for a forge record: a stored row that the new
// values would leave as it is is not written at all, so storing a record again
// unchanged (a full pass, a page seen twice) dirties no page and affects no row,
// which is how Apply tells a batch that changed a repo's facts from one that did
// not (facts_version.go).
func changedUpsertSQL(table, key, cols string, set map[string]string) string {
	return upsertRowsSQL(table, key, cols, set, 1) + changedOnly(table, key, cols, set)
}

// changedRowsUpsertSQL is changedUpsertSQL for n records at once, the values of
// each row binding after those of the row before it (?1…?c, ?c+1…?2c, …), with
// no expressions, which could not tell the rows' parameters apart. SQLite stores
// the rows in order, so a key repeated among them ends as it would row by row.
func changedRowsUpsertSQL(table, key, cols string, n int) string {
	return upsertRowsSQL(table, key, cols, nil, n) + changedOnly(table, key, cols, nil)
}

func upsertRowsSQL(table, key, cols string, set map[string]string, n int) string {
	keys, others, exprs := upsertParts(key, cols, set)
	all := append(keys[:len(keys):len(keys)], others...)
	rows := make([]string, n)
	for r := range rows {
		params := make([]string, len(all))
		for i := range all {
			params[i] = "?" + strconv.Itoa(r*len(all)+i+1)
		}
		rows[r] = "(" + strings.Join(params, ", ") + ")"
	}
	sets := make([]string, len(others))
	for i, c := range others {
		sets[i] = c + " = " + exprs[i]
	}
	return "INSERT INTO " + table + " (" + strings.Join(all, ", ") + ")\n" +
		"VALUES " + strings.Join(rows, ",\n    ") + "\n" +
		"ON CONFLICT (" + strings.Join(keys, ", ") + ") DO UPDATE SET\n    " +
		strings.Join(sets, ",\n    ")
}

// changedOnly is the WHERE of an upsert's update that skips a row it would not change.
func changedOnly(table, key, cols string, set map[string]string) string {
	_, others, exprs := upsertParts(key, cols, set)
	stored := make([]string, len(others))
	for i, c := range others {
		stored[i] = table + "." + c
	}
	return "\nWHERE (" + strings.Join(stored, ", ") + ")\n" +
		"    IS DISTINCT FROM (" + strings.Join(exprs, ", ") + ")"
}

// upsertParts splits the column lists and gives each non-key column the
// expression its update sets.
func upsertParts(key, cols string, set map[string]string) (keys, others, exprs []string) {
	keys, others = columnList(key), columnList(cols)
	exprs = make([]string, len(others))
	for i, c := range others {
		expr, ok := set[c]
		if !ok {
			expr = "excluded." + c
		}
		exprs[i] = expr
	}
	return keys, others, exprs
}

func columnList(s string) []string {
	cols := strings.Split(s, ",")
	for i, c := range cols {
		cols[i] = strings.TrimSpace(c)
	}
	return cols
}
