package ui

import (
	"log/slog"
	"strconv"
	"strings"
	"testing"

	"github.com/paved-dev/paved/internal/testkit"
)

// Every request is one log line; a 404 is at debug level, so a scanner probing
// paths or a stale link does not fill the log with warnings.
func TestRequestLogLevels(t *testing.T) {
	var logs testkit.LogBuffer
	d := smallDB(t)
	app := appFor(t, d, Options{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	cases := []struct {
		path   string
		status int
		level  string
	}{
		{"/", 200, "level=INFO"},
		{"/no/such/page", 404, "level=DEBUG"},
		{"/teams/no-such-team", 404, "level=DEBUG"},
		{"/api/v1/org/trend?weeks=0", 400, "level=WARN"},
	}
	for _, c := range cases {
		before := len(logs.String())
		if r := get(t, app, c.path); r.status != c.status {
			t.Fatalf("GET %s = %d, want %d", c.path, r.status, c.status)
		}
		lines := strings.Split(strings.TrimSpace(logs.String()[before:]), "\n")
		var mine []string
		for _, l := range lines {
			if strings.Contains(l, "status="+strconv.Itoa(c.status)) {
				mine = append(mine, l)
			}
		}
		if len(mine) != 1 || !strings.Contains(mine[0], c.level) {
			t.Errorf("GET %s logged %q, want one %s line", c.path, mine, c.level)
		}
	}
}
