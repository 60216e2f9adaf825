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
)

// smallDB is a fresh copy of the small simulated organisation, seeded and
// scored once per test binary: every test still gets its own database.
func smallDB(t testing.TB) *db.DB {
	t.Helper()
	small.once.Do(func() {
		dir, err := os.MkdirTemp("", "paved-ui-seed-")
		if err != nil {
			small.err = err
			return
		}
		small.dir = dir
		path := filepath.Join(dir, "paved.db")
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
	body, err := os.ReadFile(small.path)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "paved.db")
	if err := os.WriteFile(path, body, 0o600); err != nil {
		t.Fatal(err)
	}
	return testkit.OpenDBAt(t, path, db.WithNow(func() time.Time { return seedNow }))
}

var small struct {
	once      sync.Once
	dir, path string
	err       error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if small.dir != "" {
		_ = os.RemoveAll(small.dir)
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
