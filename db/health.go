package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/mattn/go-sqlite3"
)

// ErrCorrupt is the error of a file that fails SQLite's quick_check.
var ErrCorrupt = errors.New("the database file is corrupt")

// Ping reads a table on the reader pool (the newest migration row: one index
// seek, cheap enough for every health probe): nil when the database answers
// with its schema. A "SELECT 1" would answer without reading the file at all.
func (d *DB) Ping(ctx context.Context) error {
	var version int64
	err := d.reader.QueryRowContext(ctx, `SELECT version_id FROM goose_db_version ORDER BY id DESC LIMIT 1`).Scan(&version)
	if err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// QuickCheck runs SQLite's quick_check over the file at path before anything
// opens it for writing: an error naming the file when it is corrupt or not a
// database (wrapping ErrCorrupt), or cannot be read. A file that does not
// exist yet passes; Open creates it. It reads every page, so it costs about
// one full scan of the file. A Postgres database (IsPostgres) passes: its
// server owns the files and their checks.
func QuickCheck(ctx context.Context, path string) error {
	if IsPostgres(path) {
		return nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	problems, err := quickCheck(ctx, path)
	var se sqlite3.Error
	switch {
	case errors.As(err, &se) && (se.Code == sqlite3.ErrCorrupt || se.Code == sqlite3.ErrNotADB):
		return fmt.Errorf("database %s: %w (%w)", path, ErrCorrupt, err)
	case err != nil:
		return fmt.Errorf("check database %s: %w", path, err)
	case len(problems) > 0:
		const shown = 3
		if len(problems) > shown {
			problems = append(problems[:shown], fmt.Sprintf("and %d more", len(problems)-shown))
		}
		return fmt.Errorf("database %s: %w (quick_check: %s)", path, ErrCorrupt, strings.Join(problems, "; "))
	}
	return nil
}

// quickCheck is what quick_check reports other than "ok". Damage bad enough
// stops it with an error instead.
func quickCheck(ctx context.Context, path string) ([]string, error) {
	conn, err := sql.Open(driverName, readerDSN(path))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	var problems []string
	err = eachRow(ctx, conn, `PRAGMA quick_check`, nil, func(rows *sql.Rows) error {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		for _, l := range strings.Split(line, "\n") {
			if l != "ok" && !strings.HasPrefix(l, "*** ") { // "*** in database main ***" heads the list
				problems = append(problems, l)
			}
		}
		return nil
	})
	return problems, err
}
