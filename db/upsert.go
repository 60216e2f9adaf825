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
	keys, others := columnList(key), columnList(cols)
	all := append(keys[:len(keys):len(keys)], others...)
	params := make([]string, len(all))
	for i := range all {
		params[i] = "?" + strconv.Itoa(i+1)
	}
	sets := make([]string, len(others))
	for i, c := range others {
		expr, ok := set[c]
		if !ok {
			expr = "excluded." + c
		}
		sets[i] = c + " = " + expr
	}
	return "INSERT INTO " + table + " (" + strings.Join(all, ", ") + ")\n" +
		"VALUES (" + strings.Join(params, ", ") + ")\n" +
		"ON CONFLICT (" + strings.Join(keys, ", ") + ") DO UPDATE SET\n    " +
		strings.Join(sets, ",\n    ")
}

func columnList(s string) []string {
	cols := strings.Split(s, ",")
	for i, c := range cols {
		cols[i] = strings.TrimSpace(c)
	}
	return cols
}
