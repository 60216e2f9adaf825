package digest

import (
	"context"
	"html"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/db"
	"github.com/paved-dev/paved/model"
)

// readingHistory stores acme/infra's history cursor of runs reaching back to
// floor: at position, still being read (trends start 90 days after floor);
// "" complete.
func readingHistory(t *testing.T, store *db.DB, floor time.Time, position string) {
	t.Helper()
	err := store.Apply(context.Background(), model.Batch{Source: fixtureSource, Cursors: []model.Cursor{{
		Source: fixtureSource, Repo: "acme/infra", Resource: model.HistoryResource(model.ResourceRuns),
		Watermark: floor, Position: position, LastSuccess: fixtureStart}}})
	if err != nil {
		t.Fatal(err)
	}
}

// mondays are the snapshots from..to, a week apart.
func mondays(from, to time.Time) []time.Time {
	var out []time.Time
	for m := from; !m.After(to); m = m.AddDate(0, 0, 7) {
		out = append(out, m)
	}
	return out
}

func trendInstants(trend []TrendPoint) []time.Time {
	out := make([]time.Time, 0, len(trend))
	for _, p := range trend {
		out = append(out, p.AsOf)
	}
	return out
}

func sameInstants(a, b []time.Time) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}

// The fixture's snapshots are the twelve Mondays from 15 December 2025 to
// 2 March 2026. Trends start 90 days after the floor history reaches back to
// while it is read: 22 October 2025 12:00 + 90 days is Tuesday 20 January
// 2026 12:00, and 27 November 2025 + 90 days is Wednesday 25 February 2026.
func TestDigestTrendsStartWhereHistoryReaches(t *testing.T) {
	full := buildFixture(t, nil)
	reading := `{"n":"3"}`
	tests := []struct {
		name     string
		floor    time.Time
		position string
		week     ISOWeek
		trend    []time.Time // the organisation's and every team's
		prevAsOf time.Time
		from     time.Time // Digest.TrendsFrom
		says     []string  // in the text, the HTML and both chat messages
	}{
		{
			name:  "a trend that would start before trends start begins at the first snapshot after it",
			floor: time.Date(2025, 10, 22, 12, 0, 0, 0, time.UTC), position: reading, week: fixtureWeek,
			trend: mondays(day(2026, 1, 26), fixtureStart), prevAsOf: day(2026, 2, 23),
			from: time.Date(2026, 1, 20, 12, 0, 0, 0, time.UTC),
			says: []string{"History is still being read: trends start on Tuesday 20 January 2026, 12:00 UTC, the first instant whose whole 90-day window is stored; earlier weeks are left out rather than scored from part of their window.",
				"changes are since 23 February 2026"},
		},
		{
			name:  "a scorecard 7 days earlier than the as_of, before trends start, is not compared with",
			floor: day(2025, 11, 27), position: reading, week: fixtureWeek,
			trend: []time.Time{fixtureStart}, from: day(2026, 2, 25),
			says: []string{"As of Monday 2 March 2026; nothing is compared with 7 days earlier: history does not reach back that far yet.",
				"trends start on Wednesday 25 February 2026,",
				"Not known yet: history does not reach back to 7 days before the as_of."},
		},
		{
			name:  "a week before trends start has no scorecard to report",
			floor: day(2025, 11, 27), position: reading, week: ISOWeek{2026, 8},
			from: day(2026, 2, 25),
			says: []string{"There is no scorecard for 2026-W08 with its whole 90-day window: history is still being read.",
				"trends start on Wednesday 25 February 2026,"},
		},
		{
			name:  "trends that start before the digest's twelve weeks change nothing",
			floor: day(2025, 9, 1), position: reading, week: fixtureWeek,
			trend: mondays(day(2025, 12, 15), fixtureStart), prevAsOf: day(2026, 2, 23),
		},
		{
			name:  "history read to its end limits nothing",
			floor: day(2025, 11, 27), week: fixtureWeek,
			trend: mondays(day(2025, 12, 15), fixtureStart), prevAsOf: day(2026, 2, 23),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			store := openFixture(t, nil)
			readingHistory(t, store, tc.floor, tc.position)
			d, err := Build(context.Background(), store, Options{Week: tc.week, DashboardURL: fixtureURL})
			if err != nil {
				t.Fatal(err)
			}
			if got := trendInstants(d.Trend); !sameInstants(got, tc.trend) {
				t.Errorf("the organisation's trend is at %v, want %v", got, tc.trend)
			}
			for _, p := range d.Teams {
				if got := trendInstants(p.Trend); !sameInstants(got, tc.trend) {
					t.Errorf("%s's trend is at %v, want %v", p.Slug, got, tc.trend)
				}
			}
			if !d.PrevAsOf.Equal(tc.prevAsOf) || !d.TrendsFrom.Equal(tc.from) {
				t.Errorf("compares with %v, trends from %v; want %v and %v", d.PrevAsOf, d.TrendsFrom, tc.prevAsOf, tc.from)
			}
			if tc.prevAsOf.IsZero() {
				if len(d.Moves)+len(d.Improvements)+len(d.Regressions) != 0 || d.Org.PrevScore != nil {
					t.Errorf("moves %v, improvements %v, regressions %v, previous score %v: compared with a scorecard before trends start",
						d.Moves, d.Improvements, d.Regressions, d.Org.PrevScore)
				}
			} else if !reflect.DeepEqual(d.Moves, full.Moves) || !reflect.DeepEqual(d.Regressions, full.Regressions) {
				// Both scorecards compared have their whole window: payments' shift
				// left still rises from 2 to 4.
				t.Errorf("moves %v, regressions %v; want the complete history's %v, %v", d.Moves, d.Regressions, full.Moves, full.Regressions)
			}
			if tc.from.IsZero() {
				if got, want := RenderText(d), RenderText(full); got != want {
					t.Errorf("the digest differs from the one on complete history:\n%s", got)
				}
				return
			}
			views := renderings(t, d)
			if title := "Trend since " + tc.from.Format("2 January 2006"); len(tc.trend) > 1 && !strings.Contains(views["HTML"], title) {
				t.Errorf("the HTML's charts are not titled %q", title)
			}
			for format, body := range views {
				for _, s := range tc.says {
					if !strings.Contains(body, s) {
						t.Errorf("the %s does not say %q:\n%s", format, s, body)
					}
				}
			}
		})
	}
}

// renderings are the digest in every format, as the words a reader sees.
func renderings(t *testing.T, d *Digest) map[string]string {
	t.Helper()
	page, _, err := RenderHTML(d)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{"text": RenderText(d), "HTML": html.UnescapeString(page)}
	for name, payload := range map[string]func(*Digest) ([]byte, error){"Slack message": SlackPayload, "Teams card": TeamsPayload} {
		b, err := payload(d)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = string(b)
	}
	return out
}
