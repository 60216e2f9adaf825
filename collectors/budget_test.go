package collectors

import (
	"testing"
	"time"
)

func TestQuotaBudgetStopsDeepeningAtItsShare(t *testing.T) {
	reset := time.Date(2026, 1, 5, 13, 0, 0, 0, time.UTC)
	later := reset.Add(time.Hour)
	type answer struct {
		limit, remaining int
		reset            time.Time
	}
	tests := []struct {
		name    string
		share   float64
		answers []answer
		want    bool
	}{
		{name: "a forge that sends no rate-limit headers puts no bound", share: 0.5, want: false},
		{name: "a limit of zero (no headers parsed) says nothing", share: 0.5,
			answers: []answer{{0, 0, reset}}, want: false},
		{name: "a pass that spent less than its share goes on", share: 0.8,
			answers: []answer{{5000, 5000, reset}, {5000, 1001, reset}}, want: false},
		{name: "a pass that spent 0.8 × 5000 = 4000 stops", share: 0.8,
			answers: []answer{{5000, 5000, reset}, {5000, 1000, reset}}, want: true},
		{name: "a pass that starts with 1,500 left of 5,000 stops at 1,000 left (1 − 0.8)", share: 0.8,
			answers: []answer{{5000, 1500, reset}, {5000, 1001, reset}}, want: false},
		{name: "and stops once 1,000 are left", share: 0.8,
			answers: []answer{{5000, 1500, reset}, {5000, 1000, reset}}, want: true},
		{name: "a window that resets starts the count of what is left again, not of what the pass spent: 2,000 + 499", share: 0.5,
			answers: []answer{{5000, 5000, reset}, {5000, 3000, reset}, {5000, 5000, later}, {5000, 4501, later}}, want: false},
		{name: "spending across windows adds up: 2,000 + 500 of 5,000 at 0.5", share: 0.5,
			answers: []answer{{5000, 5000, reset}, {5000, 3000, reset}, {5000, 5000, later}, {5000, 4500, later}}, want: true},
		{name: "answers arriving out of order count once", share: 0.5,
			answers: []answer{{5000, 5000, reset}, {5000, 3000, reset}, {5000, 4000, reset}, {5000, 2600, reset}}, want: false},
		{name: "an answer from a window already gone is ignored", share: 0.5,
			answers: []answer{{5000, 5000, later}, {5000, 100, reset}}, want: false},
		{name: "a simulator without quota charges nothing", share: 0.1,
			answers: []answer{{5000, 5000, reset}, {5000, 5000, reset}, {5000, 5000, later}}, want: false},
		{name: "a share of 1 deepens until nothing is left", share: 1,
			answers: []answer{{5000, 5000, reset}, {5000, 1, reset}}, want: false},
		{name: "a share of 1 stops when nothing is left", share: 1,
			answers: []answer{{5000, 5000, reset}, {5000, 0, reset}}, want: true},
		{name: "an invalid share counts as 1", share: 0,
			answers: []answer{{5000, 5000, reset}, {5000, 1, reset}}, want: false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := NewQuotaBudget(tc.share)
			b.StartPass()
			for _, a := range tc.answers {
				b.Observe(a.limit, a.remaining, a.reset)
			}
			if got := b.Exhausted(); got != tc.want {
				t.Errorf("exhausted = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestQuotaBudgetStartsEachPassWithNothingSpent(t *testing.T) {
	reset := time.Date(2026, 1, 5, 13, 0, 0, 0, time.UTC)
	b := NewQuotaBudget(0.5)
	b.Observe(5000, 5000, reset)
	b.Observe(5000, 2500, reset)
	if !b.Exhausted() {
		t.Fatal("2,500 of 5,000 spent at 0.5: not exhausted")
	}
	b.StartPass()
	b.Observe(5000, 5000, reset.Add(time.Hour))
	if b.Exhausted() {
		t.Error("a new pass in a new window is exhausted before it spent anything")
	}
}

func TestHistoryWindowsAndRounds(t *testing.T) {
	now := time.Date(2026, 11, 18, 12, 0, 0, 0, time.UTC)
	day := 24 * time.Hour
	tests := []struct {
		name         string
		weeks        int
		resource     string
		horizon      time.Time
		target       time.Time
		rounds       int
		round1, last time.Time
	}{
		{name: "52 weeks: runs' first window is 98 days, history 66 weeks (462 days), 52 rounds",
			weeks: 52, resource: "runs", horizon: now.Add(-98 * day), target: now.Add(-462 * day), rounds: 52,
			round1: now.Add(-105 * day), last: now.Add(-462 * day)},
		{name: "deployments' first window is a year and a week (deploying repos)",
			weeks: 52, resource: "deployments", horizon: now.Add(-373 * day), target: now.Add(-462 * day), rounds: 52,
			round1: now.Add(-105 * day), last: now.Add(-462 * day)},
		{name: "4 weeks: a first window never reaches past the target (18 weeks = 126 days)",
			weeks: 4, resource: "deployments", horizon: now.Add(-126 * day), target: now.Add(-126 * day), rounds: 4,
			round1: now.Add(-105 * day), last: now.Add(-126 * day)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := History{Now: now, Weeks: tc.weeks}
			if got := h.Horizon(tc.resource); !got.Equal(tc.horizon) {
				t.Errorf("horizon = %s, want %s", got, tc.horizon)
			}
			if got := h.Target(); !got.Equal(tc.target) {
				t.Errorf("target = %s, want %s", got, tc.target)
			}
			if got := h.Rounds(); got != tc.rounds {
				t.Errorf("rounds = %d, want %d", got, tc.rounds)
			}
			if got := h.RoundFloor(1); !got.Equal(tc.round1) {
				t.Errorf("round 1 floor = %s, want %s", got, tc.round1)
			}
			if got := h.RoundFloor(h.Rounds()); !got.Equal(tc.last) {
				t.Errorf("last round's floor = %s, want the target %s", got, tc.last)
			}
		})
	}
}
