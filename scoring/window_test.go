package scoring

import (
	"testing"
	"time"
)

func TestWindowEdges(t *testing.T) {
	tests := []struct {
		name    string
		at      time.Time
		want    *float64
		samples int
	}{
		{"a run at as_of − 90d is outside (the repo is not even active)", ago(Window), nil, 0},
		{"a run a nanosecond later is inside", ago(Window).Add(time.Nanosecond), f64(1), 1},
		{"a run at as_of is inside", asOf, f64(1), 1},
		{"a run after as_of is not seen", asOf.Add(time.Nanosecond), nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRepo("api")
			r.Runs = []Run{mainRun(tc.at)}
			checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricCICoverage), tc.want, tc.samples)
		})
	}
	t.Run("PRs merged at the open edge are out and at as_of are in", func(t *testing.T) {
		r := newRepo("api")
		r.PRs = []PR{
			{Number: 1, Author: "a", CreatedAt: ago(100 * days), MergedAt: ago(Window)},
			{Number: 2, Author: "a", CreatedAt: ago(100 * days), MergedAt: ago(Window).Add(time.Second)},
			{Number: 3, Author: "a", CreatedAt: ago(1 * days), MergedAt: asOf},
			{Number: 4, Author: "a", CreatedAt: ago(1 * days), MergedAt: asOf.Add(time.Second)},
		}
		// merged in the window: 2 and 3; none had a run.
		checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricPRCICoverage), f64(0), 2)
	})
	t.Run("Window is 90 days", func(t *testing.T) {
		if Window != 90*24*time.Hour {
			t.Errorf("Window = %v", Window)
		}
	})
}

func TestSnapshots(t *testing.T) {
	d := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name  string
		asOf  time.Time
		weeks int
		want  []string
	}{
		{"a Wednesday goes back to its Monday", d("2024-06-05T15:00:00Z"), 3,
			[]string{"2024-05-20T00:00:00Z", "2024-05-27T00:00:00Z", "2024-06-03T00:00:00Z"}},
		{"a Monday at midnight is its own snapshot", d("2024-06-03T00:00:00Z"), 1, []string{"2024-06-03T00:00:00Z"}},
		{"a Sunday night goes back six days", d("2024-06-02T23:59:59Z"), 1, []string{"2024-05-27T00:00:00Z"}},
		{"another zone is read in UTC", d("2024-06-03T01:00:00+02:00"), 1, []string{"2024-05-27T00:00:00Z"}},
		{"across a year end", d("2025-01-01T12:00:00Z"), 2, []string{"2024-12-23T00:00:00Z", "2024-12-30T00:00:00Z"}},
		{"zero weeks is none", d("2024-06-05T15:00:00Z"), 0, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Snapshots(tc.asOf, tc.weeks)
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i].Format(time.RFC3339) != tc.want[i] || got[i].Location() != time.UTC {
					t.Errorf("[%d] = %v, want %s", i, got[i], tc.want[i])
				}
			}
		})
	}
}

func TestTrendsStartWhereTheWholeWindowIsStored(t *testing.T) {
	tests := []struct {
		name        string
		floor, want time.Time
	}{
		{"history read to its start sets no start", time.Time{}, time.Time{}},
		{"history from 22 October 2025 noon covers windows from 20 January 2026 noon",
			time.Date(2025, 10, 22, 12, 0, 0, 0, time.UTC), time.Date(2026, 1, 20, 12, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := TrendsFrom(tc.floor); !got.Equal(tc.want) {
				t.Errorf("TrendsFrom(%v) = %v, want %v", tc.floor, got, tc.want)
			}
		})
	}
}
