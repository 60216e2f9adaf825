package scoring

import (
	"encoding/json"
	"reflect"
	"sync"
	"testing"
	"time"
)

// A weekly snapshot is stored compactly: decoded, it gives the trend the full
// scorecard gives (levels, score, every metric's value and sample size), each
// dimension's status, and no per-repo detail.
func TestCompactSnapshotKeepsEveryTrendFigure(t *testing.T) {
	sc := loadGoldenScenario(t)
	all := (&Facts{Repos: sc.Repos}).All()
	cfg := DefaultConfig()
	cfg.Bots = sc.Bots
	h := NewHistory(map[string][]*RepoFacts{"org": all, "gitlab": {all[2]}}, cfg)
	instants := Snapshots(sc.AsOf, 4)
	var mu sync.Mutex
	checked := 0
	err := h.Walk(instants, func(i int, in *Instant) error {
		for k := range h.Scopes() {
			full, compact := in.Score(k, true), in.Score(k, false)
			body, err := compact.CompactJSON()
			if err != nil {
				return err
			}
			var back Scorecard
			if err := json.Unmarshal(body, &back); err != nil {
				return err
			}
			mu.Lock()
			checked++
			if !reflect.DeepEqual(back.TrendPoint(), withSlug(full, "").TrendPoint()) {
				t.Errorf("%s at %s: compact trend %+v, full %+v", h.Scopes()[k], instants[i], back.TrendPoint(), full.TrendPoint())
			}
			for d, dim := range full.Dimensions {
				got := back.Dimensions[d]
				if got.Status != dim.Status || !reflect.DeepEqual(got.Metrics, dim.Metrics) || len(got.Criteria)+len(got.Next) != 0 {
					t.Errorf("%s %s: compact %+v, full status %s metrics %+v", h.Scopes()[k], d, got, dim.Status, dim.Metrics)
				}
			}
			if back.Repos != nil || !back.AsOf.Equal(instants[i]) {
				t.Errorf("compact snapshot holds repos or a wrong as_of: %s", body)
			}
			mu.Unlock()
		}
		return nil
	})
	if err != nil || checked != 8 {
		t.Fatalf("walk: %v after %d scorecards, want 8", err, checked)
	}
}

func withSlug(sc Scorecard, slug string) Scorecard {
	sc.Team.Slug = slug
	return sc
}

func TestMetricDecodesBothForms(t *testing.T) {
	var ms map[string]Metric
	if err := json.Unmarshal([]byte(`{"a":[0.25,4],"b":{"value":0.5,"samples":2},"c":[null,0]}`), &ms); err != nil {
		t.Fatal(err)
	}
	if *ms["a"].Value != 0.25 || ms["a"].Samples != 4 || *ms["b"].Value != 0.5 || ms["b"].Samples != 2 || ms["c"].Value != nil {
		t.Errorf("decoded %+v", ms)
	}
	if err := json.Unmarshal([]byte(`{"a":[1]}`), &ms); err == nil {
		t.Error("a one-element metric decoded")
	}
}

// Fingerprints tell a rescore which repos add something else than before: equal
// facts give equal fingerprints, a change inside the window changes the repo's
// fingerprint at the instants whose window holds it and at no other.
func TestFingerprintChangesOnlyWhereTheWindowDoes(t *testing.T) {
	r := newRepo("api")
	r.Runs = []Run{mainRun(ago(200 * days)), mainRun(ago(2 * days))}
	changed := newRepo("api")
	changed.Runs = append(changed.Runs, r.Runs...)
	changed.Runs = append(changed.Runs, mainRun(ago(3*days)))
	instants := []time.Time{asOf.Add(-150 * days), asOf}
	prints := func(f *RepoFacts) []uint64 {
		h := NewHistory(map[string][]*RepoFacts{"org": {f}}, DefaultConfig())
		out := make([]uint64, len(instants))
		if err := h.Walk(instants, func(i int, in *Instant) error { out[i] = in.Fingerprint(0); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	before, again, after := prints(r), prints(r), prints(changed)
	if !reflect.DeepEqual(before, again) {
		t.Fatalf("same facts, fingerprints %v and %v", before, again)
	}
	if before[0] != after[0] || before[1] == after[1] {
		t.Errorf("a run 3 days before as_of: fingerprints %v → %v, want only the second to change", before, after)
	}
}

// The fingerprint hashes every field of a repo's window; a new field must be added
// to it (fingerprint.go), or incremental rescoring would miss changes to it.
func TestFingerprintCoversTheWholeWindow(t *testing.T) {
	if n := reflect.TypeFor[repoWindow]().NumField(); n != 28 {
		t.Errorf("repoWindow has %d fields, the fingerprint covers 28: update snapshot.fingerprint and this count", n)
	}
}
