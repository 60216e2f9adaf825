package db

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/paved-dev/paved/scoring"
)

// Migration 00006 compacts the weekly snapshots stored before it into the bytes a
// rescore now writes (scoring.Scorecard.CompactJSON), and leaves each scope's
// newest scorecard and its change baseline as they were.
func TestMigration6CompactsStoredSnapshots(t *testing.T) {
	asOf := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC) // a Wednesday
	var cards []scoring.Scorecard
	full, compact := map[int64][]byte{}, map[int64][]byte{}
	d := migratedUp(t, func(d *DB) {
		apply(t, d, fullBatch())
		facts, err := d.LoadFacts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		downTo(t, d, 4)
		instants := append(scoring.Snapshots(asOf, 3), BaselineOf(asOf), asOf)
		cards = scoring.EvaluateAt(map[string][]*scoring.RepoFacts{OrgScope: facts.All()}, instants, scoring.DefaultConfig())[OrgScope]
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
	})

	stored, err := d.Scorecards(context.Background(), OrgScope, time.Unix(0, 0), asOf)
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
