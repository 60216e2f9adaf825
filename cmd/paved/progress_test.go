package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/paved-dev/paved/collectors"
	"github.com/paved-dev/paved/internal/testkit"
)

func TestProgressOfSourcesCollectedAtOnce(t *testing.T) {
	t.Run("on a terminal one line holds every source's part, in name order", func(t *testing.T) {
		var out testkit.LogBuffer
		p := newProgress(&env{stderr: &out, isTerminal: true})
		p.update(collectors.Progress{Source: "gl", Repo: "g/a", Done: 1, Total: 3, Records: 4})
		p.update(collectors.Progress{Source: "gh", Repo: "o/b", Done: 2, Total: 5, Records: 7})
		draws := strings.Split(out.String(), "\r\033[K")
		if last := draws[len(draws)-1]; last != "gh: 2/5 repos, 7 records · gl: 1/3 repos, 4 records" {
			t.Fatalf("last line %q", last)
		}
	})
	t.Run("elsewhere each repo done is one line starting with its source", func(t *testing.T) {
		var out testkit.LogBuffer
		p := newProgress(&env{stderr: &out})
		p.update(collectors.Progress{Source: "gl", Repo: "g/a", Done: 1, Total: 3, Records: 4})
		p.update(collectors.Progress{Source: "gh", Repo: "o/b", Done: 2, Total: 5, Err: errors.New("repo o/b: timed out after 2s reading runs")})
		want := "gl: [1/3] g/a ok (4 records)\ngh: [2/5] o/b error: repo o/b: timed out after 2s reading runs (0 records)\n"
		if out.String() != want {
			t.Fatalf("lines %q, want %q", out.String(), want)
		}
	})
}
