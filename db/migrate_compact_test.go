package db

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/paved-dev/paved/scoring"
)

// Migration 00006 compacts the weekly snapshots stored before it into the bytes a
// rescore now writes (scoring.Scorecard.CompactJSON), and leaves each scope's
// newest scorecard and its change baseline as they were.
func TestMigration6CompactsStoredSnapshots(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "paved.db")
	d, err := Open(ctx, path, WithNow(func() time.Time { return testNow }))
	if err != nil {
		t.Fatal(err)
	}
	apply(t, d, fullBatch())
	facts, err := d.LoadFacts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	downTo(t, d, 4)
	asOf := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC) // a Wednesday
	instants := append(scoring.Snapshots(asOf, 3), BaselineOf(asOf), asOf)
	cards := scoring.EvaluateAt(map[string][]*scoring.RepoFacts{OrgScope: facts.All()}, instants, scoring.DefaultConfig())[OrgScope]
	full, compact := map[int64][]byte{}, map[int64][]byte{}
	for _, sc := range cards {
		body, err := json.Marshal(sc)
		if err != nil {
			t.Fatal(err)
		}
		full[sc.AsOf.Unix()] = body
		if compact[sc.AsOf.Unix()], err = sc.CompactJSON(); err != nil {
			t.Fatal(err)
		}
		if _, err := d.writer.Exec(`INSERT INTO scorecards (scope, as_of, level, score, body) VALUES (?, ?, ?, ?, ?)`,
			OrgScope, sc.AsOf.Unix(), intOrNil(sc.Level), intOrNil(sc.Score), string(body)); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d, err = Open(ctx, path, WithNow(func() time.Time { return testNow }))
	if err != nil {
		t.Fatalf("migrate up: %v", err)
	}
	t.Cleanup(func() { _ = d.Close() })

	stored, err := d.Scorecards(ctx, OrgScope, time.Unix(0, 0), asOf)
	if err != nil || len(stored) != len(cards) {
		t.Fatalf("%d scorecards, %v; want %d", len(stored), err, len(cards))
	}
	for _, c := range stored {
		want := compact[c.AsOf.Unix()]
		if c.AsOf.Equal(asOf) || c.AsOf.Equal(BaselineOf(asOf)) {
			want = full[c.AsOf.Unix()]
		}
		if string(c.Body) != string(want) {
			t.Errorf("at %s:\n got %s\nwant %s", c.AsOf, c.Body, want)
		}
	}
}
