package ui

import (
	"os"
	"testing"
)

func TestSmokeDump(t *testing.T) {
	o := smallSeed()
	app, _ := newApp(t, &o)
	for _, p := range []string{"/", "/teams", "/teams/payments", "/api/v1/teams", "/sync", "/teams?compare=payments,search"} {
		r := get(t, app, p)
		t.Logf("%s -> %d (%d bytes)", p, r.status, len(r.body))
		if r.status != 200 {
			t.Errorf("%s: %s", p, r.body)
		}
		_ = os.WriteFile("/tmp/ui-dump"+sanitize(p)+".html", []byte(r.body), 0o644)
	}
}

func sanitize(p string) string {
	out := []byte{}
	for _, c := range []byte(p) {
		if c >= 'a' && c <= 'z' {
			out = append(out, c)
		} else {
			out = append(out, '_')
		}
	}
	return string(out)
}
