package db

import (
	"database/sql"

	"github.com/pressly/goose/v3"
)

// dialect is what differs between the two stores. Every query is written once,
// with SQLite's parameters (Postgres connections rewrite them, pgdriver.go); a
// dialect holds only the few fragments and statements that genuinely differ.
type dialect struct {
	name       string // "sqlite" or "postgres"
	goose      goose.Dialect
	migrations string // the directory under migrations/ with this dialect's files
	// readTx begins a read transaction that sees one snapshot.
	readTx sql.TxOptions
	// commitCounter reads a number that changes whenever anyone commits a write.
	commitCounter string
	// bumpCommits runs at the end of every write transaction; "" when the store
	// counts commits itself.
	bumpCommits string
	// jsonEach is the set of a JSON array's elements, bound as one parameter, for
	// "x IN jsonEach": ints and texts as the column compared with them is typed.
	jsonInts, jsonTexts func(param string) string
	// inInts completes "x " + inInts(param) to "x is one of the ints of the JSON
	// array param", written so that the planner counts them: on Postgres "= ANY"
	// of an array, where "IN jsonInts" is estimated at 100 rows whatever the
	// array holds, which made each batch of a rescore's fact reads scan every
	// row of the table instead of the batch's repos' through the repo index.
	inInts func(param string) string
	// stringAgg joins an aggregated text column with a separator.
	stringAgg func(expr, sep string) string
	// jsonField is the JSON text of a top-level field of a JSON text column.
	jsonField func(col, field string) string
	// forUpdate ends a SELECT that locks the rows it reads until the write
	// transaction ends: "" on SQLite, whose write transactions exclude each other.
	forUpdate string
	// markFacts, when set, makes a statement that writes a repo's facts rows
	// mark the repo's facts version itself (facts_version.go), and the store's
	// ingest statements are sent pipelined (pipeline.go); nil on SQLite, where
	// Apply marks the repos its statements changed at its end.
	markFacts func(query string) string
}

var sqliteDialect = dialect{
	name:          "sqlite",
	goose:         goose.DialectSQLite3,
	migrations:    "sqlite",
	readTx:        sql.TxOptions{ReadOnly: true},
	commitCounter: `PRAGMA data_version`,
	jsonInts:      func(p string) string { return `(SELECT value FROM json_each(` + p + `))` },
	jsonTexts:     func(p string) string { return `(SELECT value FROM json_each(` + p + `))` },
	inInts:        func(p string) string { return `IN (SELECT value FROM json_each(` + p + `))` },
	stringAgg:     func(expr, sep string) string { return `group_concat(` + expr + `, ` + sep + `)` },
	jsonField:     func(col, field string) string { return `json_extract(` + col + `, '$.` + field + `')` },
}

// Postgres: read transactions are REPEATABLE READ, which is a snapshot (READ
// COMMITTED would let each statement see a different one). Every write
// transaction bumps one counter row just before it commits, so the counter moves
// with any replica's commit and becomes visible with its data.
var postgresDialect = dialect{
	name:          "postgres",
	goose:         goose.DialectPostgres,
	migrations:    "postgres",
	readTx:        sql.TxOptions{ReadOnly: true, Isolation: sql.LevelRepeatableRead},
	commitCounter: `SELECT n FROM commit_counter`,
	bumpCommits:   `UPDATE commit_counter SET n = n + 1`,
	jsonInts: func(p string) string {
		return `(SELECT CAST(value AS BIGINT) FROM json_array_elements_text(CAST(` + p + ` AS json)))`
	},
	jsonTexts: func(p string) string {
		return `(SELECT value FROM json_array_elements_text(CAST(` + p + ` AS json)))`
	},
	inInts: func(p string) string {
		return `= ANY(CAST(translate(CAST(` + p + ` AS TEXT), '[]', '{}') AS BIGINT[]))`
	},
	stringAgg: func(expr, sep string) string { return `string_agg(` + expr + `, ` + sep + `)` },
	jsonField: func(col, field string) string { return `CAST(CAST(` + col + ` AS json) -> '` + field + `' AS TEXT)` },
	forUpdate: ` FOR UPDATE`,
	markFacts: markFactsSQL,
}
