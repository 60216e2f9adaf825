package jobs

import (
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"
	"github.com/paved-dev/paved/db"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
)

// sqliteDriver is go-sqlite3 for the queue's connection, which never copies the
// WAL back into the database itself: River commits every few seconds (leadership,
// job states), and the store's writer, which writes far more, decides when that
// copy is worth its cost (db/driver.go).
const sqliteDriver = "sqlite3-paved-jobs"

func init() {
	sql.Register(sqliteDriver, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			_, err := c.Exec("PRAGMA wal_autocheckpoint = 0", nil)
			return err
		},
	})
}

// sqliteBusyTimeout is how long the queue's connection waits for the store's writer
// (a page of a pass, a rescore's one transaction) before SQLITE_BUSY surfaces.
const sqliteBusyTimeout = time.Minute

// driverFor opens the queue's pool on database and River's driver over it: a
// postgres:// URL through database/sql over pgx, anything else a SQLite file
// through River's SQLite driver. Both are database/sql, so the client is the same
// type on both stores.
func driverFor(database, password string) (riverdriver.Driver[*sql.Tx], *sql.DB, error) {
	if db.IsPostgres(database) {
		pool, err := db.PostgresNativePool(database, password)
		if err != nil {
			return nil, nil, fmt.Errorf("job queue: %w", err)
		}
		return riverdatabasesql.New(pool), pool, nil
	}
	if database == "" || strings.ContainsRune(database, '?') {
		return nil, nil, fmt.Errorf("job queue: %q is not a usable file path", database)
	}
	// Immediate transactions take the write lock at BEGIN, so a River transaction
	// never fails half-way upgrading a read lock the store's writer holds.
	dsn := fmt.Sprintf("%s?_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=%d&_txlock=immediate",
		database, sqliteBusyTimeout.Milliseconds())
	pool, err := sql.Open(sqliteDriver, dsn)
	if err != nil {
		return nil, nil, fmt.Errorf("job queue: %w", err)
	}
	// SQLite runs one operation at a time; River's services share one connection.
	pool.SetMaxOpenConns(1)
	return riversqlite.New(pool), pool, nil
}
