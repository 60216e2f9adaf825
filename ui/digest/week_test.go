package digest

import (
	"testing"
	"time"
)

func TestParseISOWeek(t *testing.T) {
	tests := []struct {
		name  string
		in    string
		want  ISOWeek
		start time.Time
	}{
		{"a week in the middle of a year starts on its Monday", "2026-W10", ISOWeek{2026, 10}, time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)},
		{"week 1 may start in the year before", "2025-W01", ISOWeek{2025, 1}, time.Date(2024, 12, 30, 0, 0, 0, 0, time.UTC)},
		{"a long year has a week 53", "2026-W53", ISOWeek{2026, 53}, time.Date(2026, 12, 28, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseISOWeek(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want || !got.Start().Equal(tt.start) || got.String() != tt.in {
				t.Fatalf("ParseISOWeek(%q) = %v starting %v, want %v starting %v", tt.in, got, got.Start(), tt.want, tt.start)
			}
			if WeekOf(tt.start) != got || WeekOf(tt.start.Add(7*24*time.Hour-time.Second)) != got {
				t.Errorf("WeekOf does not map the week's first and last second back to %v", got)
			}
		})
	}

	for _, bad := range []string{"", "2026-10", "2026-W1", "2026-W00", "2025-W53", "2026-W54", "2026-W10x", "26-W10", "2026W10"} {
		t.Run("rejects "+bad, func(t *testing.T) {
			if w, err := ParseISOWeek(bad); err == nil {
				t.Fatalf("ParseISOWeek(%q) = %v, want an error", bad, w)
			}
		})
	}
}

func TestISOWeekPrevCrossesTheYear(t *testing.T) {
	if got := (ISOWeek{2026, 1}).Prev(); got != (ISOWeek{2025, 52}) {
		t.Fatalf("2026-W01 comes after %v, want 2025-W52", got)
	}
	if got := (ISOWeek{2027, 1}).Prev(); got != (ISOWeek{2026, 53}) {
		t.Fatalf("2027-W01 comes after %v, want 2026-W53", got)
	}
}
