package scoring

import (
	"fmt"
	"math"
	"reflect"
	"testing"
)

// goldenIndexes indexes the hand-built scenario's repos, plus an archived one.
func goldenIndexes(t *testing.T) []*repoIndex {
	t.Helper()
	sc := loadGoldenScenario(t)
	cfg := DefaultConfig()
	cfg.Bots = sc.Bots
	repos := (&Facts{Repos: sc.Repos}).All()
	archived := *repos[0]
	archived.FullName, archived.Archived = "acme/old", true
	x := NewIndexer(cfg)
	x.Add(append(repos, &archived))
	return x.e.repos
}

// A stored index decodes to the index it was encoded from, every field of every
// element (%+v prints them all, unexported ones included).
func TestIndexRoundTrips(t *testing.T) {
	edge := &repoIndex{id: "gh:a/b", eligible: true, maxCHSLA: 30 * day,
		runAt:   []int64{math.MinInt64, -5, 0, 7, math.MaxInt64},
		dueCH:   []dueFinding{{due: 10, created: math.MaxInt64, resolved: math.MinInt64, met: true}, {due: -3, created: 2, resolved: never}},
		merged:  []mergedPR{{at: 1, created: 2, ready: 3, firstRun: never, firstScan: never, pickup: 4, deployAt: never, human: true, toDefault: true}},
		skewed:  []skewedFinding{{id: "code_scanning/7 ✓", created: 9, res: 1, due: 40, dueCounted: true}},
		deploys: []deploy{{at: 5, day: 20000, recover: never, failed: true}, {at: 6, day: 20000, recover: never}},
	}
	indexes := append(goldenIndexes(t), edge)
	fields := map[string]bool{}
	for _, ix := range indexes {
		b := encodeIndex(ix)
		got, err := decodeIndex(b)
		if err != nil {
			t.Fatalf("%s: %v", ix.id, err)
		}
		if w, g := fmt.Sprintf("%+v", *ix), fmt.Sprintf("%+v", *got); w != g {
			t.Errorf("%s decodes differently:\n got %s\nwant %s", ix.id, g, w)
		}
		for _, f := range []struct {
			name string
			n    int
		}{{"runAt", len(ix.runAt)}, {"defRuns", len(ix.defRuns)}, {"merged", len(ix.merged)}, {"scanAt", len(ix.scanAt[0]) + len(ix.scanAt[1]) + len(ix.scanAt[2])},
			{"dueCH", len(ix.dueCH)}, {"closed", len(ix.closed)}, {"prodAt", len(ix.prodAt)}, {"deploys", len(ix.deploys)}} {
			fields[f.name] = fields[f.name] || f.n > 0
		}
	}
	for name, seen := range fields {
		if !seen {
			t.Errorf("no index has %s: the round trip does not cover it", name)
		}
	}
}

// A blob cut short, with a byte changed or with bytes appended is an error, not
// a wrong index (a rescore then reads the repo's facts).
func TestIndexDecodeRefusesDamage(t *testing.T) {
	b := encodeIndex(goldenIndexes(t)[0])
	flipped := append([]byte(nil), b...)
	flipped[len(b)/2] ^= 0x10
	for name, bad := range map[string][]byte{
		"empty":     nil,
		"truncated": b[:len(b)-1],
		"flipped":   flipped,
		"appended":  append(append([]byte(nil), b...), 0),
	} {
		if _, err := decodeIndex(bad); err == nil {
			t.Errorf("%s blob decoded without error", name)
		}
	}
}

// Guard: a field added to repoIndex must be added to repoIndex.code too.
func TestIndexCodecCoversTheWholeIndex(t *testing.T) {
	if n := reflect.TypeFor[repoIndex]().NumField(); n != 17 {
		t.Errorf("repoIndex has %d fields, its codec covers 17: update repoIndex.code, indexFormat and this count", n)
	}
}
