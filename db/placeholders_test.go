package db

import "testing"

func TestDollarPlaceholders(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"a query without parameters is unchanged", `SELECT 1`, `SELECT 1`},
		{"bare parameters are numbered in order", `SELECT a FROM t WHERE b = ? AND c IN (?, ?)`, `SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)`},
		{"numbered parameters keep their numbers", `UPDATE t SET a = ?3 WHERE b = ?1 AND c != ?3`, `UPDATE t SET a = $3 WHERE b = $1 AND c != $3`},
		{"a bare parameter after a numbered one takes the next number", `SELECT ?2, ?, ?1, ?`, `SELECT $2, $3, $1, $4`},
		{"numbers of several digits are read whole", `VALUES (?9, ?10, ?19)`, `VALUES ($9, $10, $19)`},
		{"a question mark in a string literal stays", `SELECT 'who?', ? WHERE x = 'it''s ?'`, `SELECT 'who?', $1 WHERE x = 'it''s ?'`},
		{"a question mark in a quoted identifier stays", `SELECT "odd?name" FROM t WHERE a = ?`, `SELECT "odd?name" FROM t WHERE a = $1`},
		{"a question mark in a line comment stays", "SELECT a -- why?\nFROM t WHERE b = ?", "SELECT a -- why?\nFROM t WHERE b = $1"},
		{"a question mark in a block comment stays", `SELECT /* ? */ a FROM t WHERE b = ?`, `SELECT /* ? */ a FROM t WHERE b = $1`},
		{"a dollar-quoted body stays", `DO $fn$ BEGIN PERFORM '?'; END $fn$; SELECT ?`, `DO $fn$ BEGIN PERFORM '?'; END $fn$; SELECT $1`},
		{"Postgres parameters stay", `SELECT $1, $2`, `SELECT $1, $2`},
		{"an unterminated literal is copied to the end", `SELECT ? WHERE a = 'x?`, `SELECT $1 WHERE a = 'x?`},
		{"an unterminated comment is copied to the end", `SELECT ? /* ?`, `SELECT $1 /* ?`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := dollarPlaceholders(tc.in); got != tc.want {
				t.Errorf("dollarPlaceholders(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}
