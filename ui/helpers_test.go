package ui

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/internal/testkit/pgtest"
)

// smallDB is a fresh copy of the small simulated organisation, seeded and
// scored once per test binary: every test still gets its own database.
func smallDB(t testing.TB) *db.DB {
	t.Helper()
	small.once.Do(func() {
		path, remove, err := seedDatabase()
		small.remove = remove
		if err != nil {
			small.err = err
			return
		}
		d, err := db.Open(context.Background(), path, db.WithNow(func() time.Time { return seedNow }))
		if err != nil {
			small.err = err
			return
		}
		seed(t, d, smallSeed())
		if small.err = d.Close(); small.err == nil {
			small.path = path
		}
	})
	if small.path == "" {
		t.Fatalf("seed the small organisation: %v", small.err)
	}
	return testkit.OpenDBAt(t, testkit.CopyDatabase(t, small.path), db.WithNow(func() time.Time { return seedNow }))
}

var small struct {
	once   sync.Once
	path   string
	remove func() // what TestMain calls to remove the seeded database
	err    error
}

// seedDatabase is where the seeded organisation goes: a file in a directory of
// its own, or a database on the Postgres test server.
func seedDatabase() (path string, remove func(), err error) {
	if testkit.OnPostgres() {
		path, err := pgtest.Create("")
		return path, func() { _ = pgtest.Drop(path) }, err
	}
	dir, err := os.MkdirTemp("", "paved-ui-seed-")
	return filepath.Join(dir, "paved.db"), func() { _ = os.RemoveAll(dir) }, err
}

func TestMain(m *testing.M) {
	code := m.Run()
	if small.remove != nil {
		small.remove()
	}
	os.Exit(code)
}

// smallApp is the app over a fresh copy of the small organisation.
func smallApp(t testing.TB) (*fiber.App, *db.DB) {
	t.Helper()
	d := smallDB(t)
	return appFor(t, d, Options{}), d
}

// newApp builds the app over a database seeded with o; a nil o leaves it empty.
func newApp(t testing.TB, o *seedOptions) (*fiber.App, *db.DB) {
	t.Helper()
	d := openDB(t)
	if o != nil {
		seed(t, d, *o)
	}
	return appFor(t, d, Options{}), d
}

func appFor(t testing.TB, d *db.DB, opts Options) *fiber.App {
	t.Helper()
	opts.DB = d
	if opts.Now == nil {
		opts.Now = func() time.Time { return seedNow }
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	opts.Version = "test"
	app, err := New(opts)
	if err != nil {
		t.Fatalf("new app: %v", err)
	}
	return app
}

type response struct {
	status int
	header func(string) string
	body   string
}

func get(t testing.TB, app *fiber.App, path string) response {
	t.Helper()
	resp, err := app.Test(httptest.NewRequest("GET", path, nil), -1)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("GET %s: read: %v", path, err)
	}
	return response{status: resp.StatusCode, header: resp.Header.Get, body: string(b)}
}
