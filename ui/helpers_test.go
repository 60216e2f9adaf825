package ui

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/paved-dev/paved/db"
)

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
