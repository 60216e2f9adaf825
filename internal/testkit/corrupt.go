package testkit

import (
	"bytes"
	"database/sql"
	"os"
	"testing"
)

// CorruptTable overwrites the first bytes of the root page of table (a table
// or an index) in the SQLite file at path, as a failing disk or a stray write would. It checkpoints the
// write-ahead log first, so the page is read from the file; the file still
// opens, and quick_check or any read of that table reports it corrupt. The
// file may be open elsewhere, idle.
func CorruptTable(tb testing.TB, path, table string) {
	tb.Helper()
	raw, err := sql.Open("sqlite3", path+"?_busy_timeout=5000")
	if err != nil {
		tb.Fatalf("corrupt %s: %v", table, err)
	}
	var busy, logFrames, checkpointed int
	if err := raw.QueryRow(`PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logFrames, &checkpointed); err != nil || busy != 0 {
		tb.Fatalf("corrupt %s: checkpoint: busy %d, %v", table, busy, err)
	}
	var root, pageSize int64
	if err := raw.QueryRow(`SELECT rootpage FROM sqlite_schema WHERE name = ?`, table).Scan(&root); err != nil {
		tb.Fatalf("corrupt %s: %v", table, err)
	}
	if err := raw.QueryRow(`PRAGMA page_size`).Scan(&pageSize); err != nil {
		tb.Fatalf("corrupt %s: %v", table, err)
	}
	if err := raw.Close(); err != nil {
		tb.Fatalf("corrupt %s: %v", table, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		tb.Fatalf("corrupt %s: %v", table, err)
	}
	defer f.Close()
	if _, err := f.WriteAt(bytes.Repeat([]byte{0xFF}, 64), (root-1)*pageSize); err != nil {
		tb.Fatalf("corrupt %s: %v", table, err)
	}
}
