package ui

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestEveryOutputStartsWhereHistoryReachesWhileItIsRead: the team trends, the
// 7-day changes of /api/v1/teams, the CSV and the /digest page agree with the
// overview and team pages while history is read: no week before trends start
// is a trend point or a baseline. The seed's newest scorecard is Wednesday
// 4 March 2026 15:00; its baseline is 25 February 15:00.
func TestEveryOutputStartsWhereHistoryReachesWhileItIsRead(t *testing.T) {
	tests := []struct {
		name string
		days int // how far back history reaches
		// first is each team's first trend point, and points how many there are,
		// the current scorecard included.
		first   time.Time
		points  int
		changes bool   // /api/v1/teams has a change per team
		digest  string // what the /digest page says; "" says nothing of history
	}{
		{
			// 200 days back is 16 August 2025 15:00: trends start on Friday
			// 14 November 15:00. Its first snapshot is Monday 17 November, the 16th
			// Monday before 2 March; the digest's twelve weeks start after it.
			name: "history back 200 days starts the trends on 17 November and compares with 25 February",
			days: 200, first: time.Date(2025, 11, 17, 0, 0, 0, 0, time.UTC), points: 17, changes: true,
		},
		{
			// 95 days back is 30 November 2025 15:00: trends start on Friday
			// 27 February 2026 15:00, after the baseline.
			name: "history back 95 days keeps the last Monday and compares with nothing",
			days: 95, first: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), points: 2,
			digest: "As of Wednesday 4 March 2026, 15:00 UTC; nothing is compared with 7 days earlier: history does not reach back that far yet.\n" +
				"History is still being read: trends start on Friday 27 February 2026, 15:00 UTC,",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			app, d := smallApp(t)
			csv, teams := get(t, app, "/export/teams.csv").body, get(t, app, "/api/v1/teams").body
			readHistoryBack(t, d, tc.days, `{"n":"2"}`)

			var list struct {
				Teams []struct {
					Slug   string
					Change *changeJSON
				}
			}
			after := get(t, app, "/api/v1/teams").body
			if err := json.Unmarshal([]byte(after), &list); err != nil {
				t.Fatal(err)
			}
			if len(list.Teams) == 0 {
				t.Fatal("no team in /api/v1/teams")
			}
			for _, team := range list.Teams {
				var tr trendJSON
				if err := json.Unmarshal([]byte(get(t, app, "/api/v1/teams/"+team.Slug+"/trend?weeks=260").body), &tr); err != nil {
					t.Fatal(err)
				}
				if n := len(tr.Weeks); n != tc.points || !tr.Weeks[0].AsOf.Equal(tc.first) || !tr.Weeks[n-1].AsOf.Equal(seedNow) {
					t.Errorf("%s's trend has %d points from %v, want %d from %v to %v", team.Slug, n, firstWeek(tr), tc.points, tc.first, seedNow)
				}
				if (team.Change != nil) != tc.changes {
					t.Errorf("%s has a 7-day change: %v, want %v", team.Slug, team.Change != nil, tc.changes)
				}
			}
			if tc.changes && after != teams {
				t.Errorf("/api/v1/teams changed while history is read, though its baseline is after trends start:\n%s\nwas\n%s", after, teams)
			}
			if got := get(t, app, "/export/teams.csv").body; got != csv {
				t.Errorf("the CSV, the current scorecards only, changed while history is read:\n%s\nwas\n%s", got, csv)
			}
			page := get(t, app, "/digest").body
			if tc.digest == "" && strings.Contains(page, "History is still being read") {
				t.Error("the digest says history limits its trend, which starts after trends start")
			}
			if !strings.Contains(page, tc.digest) {
				t.Errorf("the digest page does not say %q", tc.digest)
			}
		})
	}
}

func firstWeek(tr trendJSON) any {
	if len(tr.Weeks) == 0 {
		return nil
	}
	return tr.Weeks[0].AsOf
}
