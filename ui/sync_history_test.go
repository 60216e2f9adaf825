package ui

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/model"
)

func TestSyncSaysHowFarHistoryReaches(t *testing.T) {
	day := 24 * time.Hour
	runsFloor, pullsFloor := seedNow.Add(-98*day), seedNow.Add(-200*day)
	history := func(repo, list string, floor time.Time, position string) model.Cursor {
		return model.Cursor{Source: "gh", Repo: repo, Resource: model.HistoryResource(list), Watermark: floor,
			Position: position, LastSuccess: seedNow, Items: 10}
	}
	tests := []struct {
		name    string
		cursors []model.Cursor
		want    *historyJSON
		api     *historyJSON // acme/api's own
	}{
		{
			name: "a repo still reading its runs leaves the source incomplete, reaching back to its latest floor",
			cursors: []model.Cursor{
				history("acme/api", model.ResourceRuns, runsFloor, `{"n":"3"}`),
				history("acme/api", model.ResourcePulls, pullsFloor, ""),
				history("acme/web", model.ResourceRuns, time.Time{}, ""),
			},
			want: &historyJSON{ReachesBackTo: &runsFloor, ScoredFrom: ptr(runsFloor.Add(90 * day)), ReposPending: 1},
			api:  &historyJSON{ReachesBackTo: &runsFloor, ScoredFrom: ptr(runsFloor.Add(90 * day))},
		},
		{
			name: "every list read to its start is complete from the start",
			cursors: []model.Cursor{
				history("acme/api", model.ResourceRuns, time.Time{}, ""),
				history("acme/web", model.ResourceRuns, time.Time{}, ""),
			},
			want: &historyJSON{Complete: true},
			api:  &historyJSON{Complete: true},
		},
		{
			name: "lists read down to the target are complete, reaching back to it",
			cursors: []model.Cursor{
				history("acme/api", model.ResourceRuns, pullsFloor, ""),
				history("acme/web", model.ResourceRuns, time.Time{}, ""),
			},
			want: &historyJSON{Complete: true, ReachesBackTo: &pullsFloor, ScoredFrom: ptr(pullsFloor.Add(90 * day))},
			api:  &historyJSON{Complete: true, ReachesBackTo: &pullsFloor, ScoredFrom: ptr(pullsFloor.Add(90 * day))},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			app, d := newApp(t, nil)
			b := model.Batch{Source: "gh", Cursors: tc.cursors}
			for _, repo := range []string{"acme/api", "acme/web"} {
				b.Cursors = append(b.Cursors, model.Cursor{Source: "gh", Repo: repo, Resource: model.ResourceRuns, LastSuccess: seedNow, Items: 5})
			}
			if err := d.Apply(context.Background(), b); err != nil {
				t.Fatal(err)
			}
			var got struct {
				Sources []struct {
					Items   int64
					History *historyJSON
					Repos   []struct {
						Repo      string
						Resources []struct{ Resource string }
						History   *historyJSON
					}
				}
			}
			if err := json.Unmarshal([]byte(get(t, app, "/api/v1/sync").body), &got); err != nil {
				t.Fatal(err)
			}
			src := got.Sources[0]
			if !sameHistory(src.History, tc.want) {
				t.Errorf("source history = %+v, want %+v", src.History, tc.want)
			}
			if want := int64(10*len(tc.cursors) + 10); src.Items != want {
				t.Errorf("items = %d, want %d: the history cursors' records count", src.Items, want)
			}
			api := src.Repos[0]
			if api.Repo != "acme/api" || !sameHistory(api.History, tc.api) || len(api.Resources) != 1 {
				t.Errorf("acme/api = %+v (history %+v), want its runs only and history %+v", api, api.History, tc.api)
			}
			page := get(t, app, "/sync").body
			if incomplete := strings.Contains(page, "still being read: 1 repo to go"); incomplete == tc.want.Complete {
				t.Errorf("the page says history is still being read: %v, want %v", incomplete, !tc.want.Complete)
			}
		})
	}
}

func ptr(t time.Time) *time.Time { return &t }

func sameHistory(a, b *historyJSON) bool {
	if a == nil || b == nil {
		return a == b
	}
	same := func(x, y *time.Time) bool { return (x == nil) == (y == nil) && (x == nil || x.Equal(*y)) }
	return a.Complete == b.Complete && a.ReposPending == b.ReposPending &&
		same(a.ReachesBackTo, b.ReachesBackTo) && same(a.ScoredFrom, b.ScoredFrom)
}

// readHistory stores the history cursor of acme/payments-svc-1's runs,
// reaching back 200 days: at position, still being read; "" complete.
func readHistory(t testing.TB, d *db.DB, position string) {
	t.Helper()
	readHistoryBack(t, d, 200, position)
}

// readHistoryBack is readHistory reaching back days.
func readHistoryBack(t testing.TB, d *db.DB, days int, position string) {
	t.Helper()
	err := d.Apply(context.Background(), model.Batch{Source: "gh", Cursors: []model.Cursor{{Source: "gh",
		Repo: "acme/payments-svc-1", Resource: model.HistoryResource(model.ResourceRuns),
		Watermark: seedNow.Add(-time.Duration(days) * 24 * time.Hour), Position: position, LastSuccess: seedNow}}})
	if err != nil {
		t.Fatal(err)
	}
}

// How the pages write readHistory's floor, 200 days before seedNow
// (4 Mar 2026 15:00), and the first instant whose 90-day window it covers.
const (
	readingFloor      = "16 Aug 2025 15:00 UTC"
	readingScoredFrom = "14 Nov 2025 15:00 UTC"
	readingScoredDay  = "14 Nov 2025"
)

func TestTrendsStartWhereHistoryReachesWhileItIsRead(t *testing.T) {
	app, d := smallApp(t)
	type trend struct {
		Weeks []struct {
			AsOf time.Time `json:"as_of"`
		}
	}
	read := func() trend {
		var tr trend
		if err := json.Unmarshal([]byte(get(t, app, "/api/v1/org/trend?weeks=260").body), &tr); err != nil {
			t.Fatal(err)
		}
		return tr
	}
	full := read()
	if len(full.Weeks) < 40 {
		t.Fatalf("the seed's trend has %d points, the test needs a year", len(full.Weeks))
	}

	readHistory(t, d, `{"n":"4"}`)
	from := seedNow.Add(-110 * 24 * time.Hour) // 200 days back, plus the 90-day window
	part := read()
	if len(part.Weeks) == 0 || len(part.Weeks) >= len(full.Weeks) {
		t.Fatalf("while history is read the trend has %d of %d points", len(part.Weeks), len(full.Weeks))
	}
	for _, w := range part.Weeks {
		if w.AsOf.Before(from) {
			t.Errorf("a trend point at %s, before %s, the first instant whose window is stored", w.AsOf, from)
		}
	}
	if last, want := part.Weeks[len(part.Weeks)-1].AsOf, full.Weeks[len(full.Weeks)-1].AsOf; !last.Equal(want) {
		t.Errorf("the trend ends at %s, want the current scorecard's %s", last, want)
	}
	for _, path := range []string{"/", "/teams/payments"} {
		if page := get(t, app, path).body; !strings.Contains(page, "History is still being read: trends start on") {
			t.Errorf("%s does not say trends start where history reaches", path)
		}
	}

	readHistory(t, d, "")
	if again := read(); len(again.Weeks) != len(full.Weeks) {
		t.Errorf("with history complete the trend has %d points, want all %d", len(again.Weeks), len(full.Weeks))
	}
	if page := get(t, app, "/").body; strings.Contains(page, "History is still being read") {
		t.Error("the overview still says history is being read once it is complete")
	}
}
