package scoring

import (
	"math/rand/v2"
	"testing"
	"time"
	_ "time/tzdata" // Europe/Berlin wherever the tests run
)

// TestDue is the table of the one definition of due, open and overdue (model v2)
// that every surface calls.
func TestDue(t *testing.T) {
	cfg := DefaultConfig()
	t0 := date(2024, 3, 1) // created
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		f        Finding
		at       time.Time
		due      time.Time
		open     bool
		overdue  bool
		daysOver int
		overFor  time.Duration
	}{
		{"critical: 15 days", Finding{Severity: "critical", Outcome: "open", CreatedAt: t0}, t0.Add(10 * days),
			date(2024, 3, 16), true, false, 0, 0},
		{"high: 30 days, overdue 2 days 6 hours", Finding{Severity: "HIGH", Outcome: "open", CreatedAt: t0}, date(2024, 4, 2).Add(6 * hour),
			date(2024, 3, 31), true, true, 2, 2*days + 6*hour},
		{"at the due instant: not yet overdue", Finding{Severity: "high", Outcome: "open", CreatedAt: t0}, date(2024, 3, 31),
			date(2024, 3, 31), true, false, 0, 0},
		{"one nanosecond later: overdue", Finding{Severity: "high", Outcome: "open", CreatedAt: t0}, date(2024, 3, 31).Add(1),
			date(2024, 3, 31), true, true, 0, 1},
		{"medium: 90 days", Finding{Severity: "medium", Outcome: "open", CreatedAt: t0}, date(2024, 6, 1),
			date(2024, 5, 30), true, true, 2, 2 * days},
		{"an unknown severity is low: 180 days", Finding{Severity: "moderate", Outcome: "open", CreatedAt: t0}, date(2024, 6, 1),
			date(2024, 8, 28), true, false, 0, 0},
		{"fixed before t: closed", Finding{Severity: "critical", Outcome: "fixed", CreatedAt: t0, ResolvedAt: date(2024, 4, 1)}, date(2024, 5, 1),
			date(2024, 3, 16), false, false, 0, 0},
		{"fixed after t: open, and overdue", Finding{Severity: "critical", Outcome: "fixed", CreatedAt: t0, ResolvedAt: date(2024, 5, 2)}, date(2024, 5, 1),
			date(2024, 3, 16), true, true, 46, 46 * days},
		{"fixed exactly at t: closed", Finding{Severity: "critical", Outcome: "Fixed", CreatedAt: t0, ResolvedAt: date(2024, 5, 1)}, date(2024, 5, 1),
			date(2024, 3, 16), false, false, 0, 0},
		{"risk accepted after t: open", Finding{Severity: "critical", Outcome: "risk_accepted", CreatedAt: t0, ResolvedAt: date(2024, 5, 2)}, date(2024, 5, 1),
			date(2024, 3, 16), true, true, 46, 46 * days},
		{"closed without a close time: closed all along", Finding{Severity: "critical", Outcome: "fixed", CreatedAt: t0}, date(2024, 5, 1),
			date(2024, 3, 16), false, false, 0, 0},
		{"excluded: never open", Finding{Severity: "critical", Outcome: "excluded", CreatedAt: t0}, date(2024, 5, 1),
			date(2024, 3, 16), false, false, 0, 0},
		{"created after t: not open", Finding{Severity: "critical", Outcome: "open", CreatedAt: t0}, t0.Add(-1),
			date(2024, 3, 16), false, false, 0, 0},
		{"created exactly at t: open", Finding{Severity: "critical", Outcome: "open", CreatedAt: t0}, t0,
			date(2024, 3, 16), true, false, 0, 0},
		// 03-20 00:30 CET is 03-19 23:30 UTC; + 15 × 24 h = 04-03 23:30 UTC, which is
		// 04-04 01:30 CEST: summer time began on 03-31, and a calendar day across it
		// would have made 04-04 00:30 CEST. At 04-05 00:00 UTC: 24 h 30 min past due.
		{"an SLA day is 24 hours in any zone", Finding{Severity: "critical", Outcome: "open", CreatedAt: time.Date(2024, 3, 20, 0, 30, 0, 0, berlin)}, date(2024, 4, 5),
			time.Date(2024, 4, 3, 23, 30, 0, 0, time.UTC), true, true, 1, 24*hour + 30*time.Minute},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := cfg.DueAt(tc.f); !got.Equal(tc.due) {
				t.Errorf("DueAt = %v, want %v", got, tc.due)
			}
			if got := OpenAt(tc.f, tc.at); got != tc.open {
				t.Errorf("OpenAt = %v, want %v", got, tc.open)
			}
			if got := cfg.OverdueAt(tc.f, tc.at); got != tc.overdue {
				t.Errorf("OverdueAt = %v, want %v", got, tc.overdue)
			}
			if got := cfg.DaysOverdue(tc.f, tc.at); got != tc.daysOver {
				t.Errorf("DaysOverdue = %d, want %d", got, tc.daysOver)
			}
			if got := cfg.OverdueFor(tc.f, tc.at); got != tc.overFor {
				t.Errorf("OverdueFor = %v, want %v", got, tc.overFor)
			}
		})
	}
	t.Run("SLA days come from config", func(t *testing.T) {
		c := DefaultConfig()
		c.SLADays.High = 7
		f := Finding{Severity: "high", Outcome: "open", CreatedAt: t0}
		if got := c.DueAt(f); !got.Equal(date(2024, 3, 8)) {
			t.Errorf("DueAt = %v", got)
		}
	})
}

// TestScorecardAgreesWithDue: the scorecard's open, overdue and oldest overdue
// figures and its SLA populations are exactly what due.go says, finding by finding,
// at many instants.
func TestScorecardAgreesWithDue(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	sevs := []string{"critical", "high", "medium", "low", "High"}
	outcomes := []string{"open", "fixed", "risk_accepted", "excluded", "fixed"}
	start := date(2023, 1, 1)
	r := newRepo("api")
	for i := range 400 {
		f := Finding{ID: "f", Category: "sca", Severity: sevs[rng.IntN(len(sevs))], Outcome: outcomes[rng.IntN(len(outcomes))],
			CreatedAt: start.Add(time.Duration(rng.Int64N(int64(600 * days))))}
		if f.Outcome != "open" && i%10 != 0 { // every tenth closed one has no close time
			f.ResolvedAt = f.CreatedAt.Add(time.Duration(rng.Int64N(int64(200 * days))))
		}
		if i%50 == 0 { // due exactly at an instant evaluated below
			f.Severity, f.Outcome, f.ResolvedAt = "critical", "open", time.Time{}
			f.CreatedAt = date(2024, 6, 3).Add(-Window - 15*days)
		}
		r.Findings = append(r.Findings, f)
	}
	cfg := DefaultConfig()
	for _, at := range append(Snapshots(date(2024, 9, 2), 30), date(2024, 6, 3)) {
		sc := Evaluate([]*RepoFacts{r}, at, cfg)
		rem := sc.Dimensions[DimRemediation].Metrics
		lo := at.Add(-Window)
		var open, overdue, popCH, metCH, popMed int
		var oldest time.Duration
		for _, f := range r.Findings {
			sev := normSeverity(f.Severity)
			ch := sev == "critical" || sev == "high"
			due := cfg.DueAt(f)
			inPop := f.Outcome != "excluded" && ((due.After(lo) && !due.After(at)) || (!due.After(lo) && OpenAt(f, lo)))
			if ch {
				if OpenAt(f, at) {
					open++
				}
				if cfg.OverdueAt(f, at) {
					overdue++
					oldest = max(oldest, cfg.OverdueFor(f, at))
				}
				if inPop {
					popCH++
					// met: closed at or before due (all along when no close time).
					if f.Outcome != "open" && (f.ResolvedAt.IsZero() || !f.ResolvedAt.After(due)) && !OpenAt(f, due) {
						metCH++
					}
				}
			}
			if sev == "medium" && inPop {
				popMed++
			}
		}
		day := at.Format(time.DateOnly)
		if got := rem[MetricOverdueCriticalHigh]; *got.Value != float64(overdue) || got.Samples != open {
			t.Errorf("%s overdue = %v of %d, due.go says %d of %d", day, *got.Value, got.Samples, overdue, open)
		}
		if got := rem[MetricOldestOverdueDays]; *got.Value != float64(oldest)/float64(days) || got.Samples != overdue {
			t.Errorf("%s oldest = %v (%d), due.go says %v (%d)", day, *got.Value, got.Samples, float64(oldest)/float64(days), overdue)
		}
		if got := rem[MetricSLACriticalHigh]; got.Samples != popCH || (popCH > 0 && *got.Value != float64(metCH)/float64(popCH)) {
			t.Errorf("%s sla critical/high = %v of %d, want %d of %d", day, got.Value, got.Samples, metCH, popCH)
		}
		if got := rem[MetricSLAMedium]; got.Samples != popMed {
			t.Errorf("%s sla medium samples = %d, want %d", day, got.Samples, popMed)
		}
	}
}
