package ui

import (
	"compress/gzip"
	"io"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/paved-dev/paved/internal/testkit"
	"github.com/paved-dev/paved/internal/testkit/pgtest"
)

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	app, _ := smallApp(t)
	for _, p := range []string{"/", "/teams", "/api/v1/org", "/export/teams.csv", "/static/app.js", "/nope", "/healthz"} {
		r := get(t, app, p)
		if got := r.header("Content-Security-Policy"); got != "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'" {
			t.Errorf("%s: CSP = %q", p, got)
		}
		if r.header("X-Content-Type-Options") != "nosniff" || r.header("Referrer-Policy") == "" {
			t.Errorf("%s: nosniff %q, referrer policy %q", p, r.header("X-Content-Type-Options"), r.header("Referrer-Policy"))
		}
	}
}

func TestHealthz(t *testing.T) {
	app, d := newApp(t, nil)
	if r := get(t, app, "/healthz"); r.status != 200 || r.body != "ok" {
		t.Errorf("healthy: %d %q", r.status, r.body)
	}
	_ = d.Close()
	if r := get(t, app, "/healthz"); r.status != 503 || r.body != "database unavailable" {
		t.Errorf("with the database closed: %d %q", r.status, r.body)
	}
}

// TestHealthzReadsTheDatabase: a page of the file overwritten under the
// running dashboard makes /healthz answer 503; on Postgres, the database
// dropped under it (its connections cut, new ones refused).
func TestHealthzReadsTheDatabase(t *testing.T) {
	app, d := newApp(t, nil)
	if r := get(t, app, "/healthz"); r.status != 200 {
		t.Fatalf("healthy: %d %q", r.status, r.body)
	}
	if d.Postgres() {
		if err := pgtest.Drop(d.Path()); err != nil {
			t.Fatal(err)
		}
	} else {
		testkit.CorruptTable(t, d.Path(), "goose_db_version")
	}
	if r := get(t, app, "/healthz"); r.status != 503 || r.body != "database unavailable" {
		t.Errorf("with the database broken under it: %d %q, want 503", r.status, r.body)
	}
}

func TestStaticFiles(t *testing.T) {
	app, _ := newApp(t, nil)
	r := get(t, app, "/static/app.js")
	if r.status != 200 || !strings.HasPrefix(r.header("Content-Type"), "text/javascript") || !strings.Contains(r.body, "Chart.getChart") {
		t.Fatalf("app.js: %d %q", r.status, r.header("Content-Type"))
	}
	req := httptest.NewRequest("GET", "/static/app.js", nil)
	req.Header.Set("If-None-Match", r.header("ETag"))
	resp, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 304 {
		t.Errorf("a fresh ETag answers %d, want 304", resp.StatusCode)
	}
	if r := get(t, app, "/static/vendor/chart-4.6.1.umd.min.js"); r.status != 200 || len(r.body) < 100000 {
		t.Errorf("Chart.js: %d, %d bytes", r.status, len(r.body))
	}
	if r := get(t, app, "/static/../views.go"); r.status != 404 {
		t.Errorf("a path outside static answers %d", r.status)
	}
}

func TestViewsFailFast(t *testing.T) {
	good := fstest.MapFS{
		"templates/layout.html":    {Data: []byte(`{{define "layout"}}{{template "content" .}}{{end}}`)},
		"templates/partials.html":  {Data: []byte(`{{define "x"}}{{end}}`)},
		"templates/a.html":         {Data: []byte(`{{define "content"}}a{{end}}`)},
		"templates/broken.html":    {Data: []byte(`{{define "content"}}{{if}}{{end}}`)},
		"templates/nocontent.html": {Data: []byte(`{{define "other"}}{{end}}`)},
	}
	for _, tc := range []struct {
		name  string
		views []string
		ok    bool
	}{
		{"every view present parses", []string{"a"}, true},
		{"a missing view stops startup", []string{"a", "missing"}, false},
		{"a broken view stops startup", []string{"broken"}, false},
		{"a view without content stops startup", []string{"nocontent"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseViewsFrom(good, tc.views)
			if (err == nil) != tc.ok {
				t.Errorf("err = %v", err)
			}
		})
	}
	if _, err := parseViews(); err != nil {
		t.Errorf("the embedded views: %v", err)
	}
}

func TestCachedPagesAreGzippedOnRequest(t *testing.T) {
	app, _ := smallApp(t)
	plain := get(t, app, "/")
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Encoding", "br;q=1.0, gzip;q=0.8")
	resp, err := app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
		t.Fatalf("encoding %q, vary %q", resp.Header.Get("Content-Encoding"), resp.Header.Get("Vary"))
	}
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != plain.body {
		t.Error("the gzipped page differs from the plain one")
	}
	for h, want := range map[string]bool{"gzip": true, "gzip;q=0": false, "identity": false, "*": true, "": false, "deflate, gzip ; q=0.5": true} {
		if got := acceptsGzip(h); got != want {
			t.Errorf("acceptsGzip(%q) = %v", h, got)
		}
	}
}
