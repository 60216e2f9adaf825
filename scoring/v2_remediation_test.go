package scoring

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Model v2, rule 2: open overdue risk is never hidden.

func TestV2OverdueBeforeTheWindowIsAMissUntilClosed(t *testing.T) {
	// The window at asOf is (asOf − 90d, asOf].
	tests := []struct {
		name    string
		f       Finding
		metric  string
		want    *float64
		samples int
	}{
		// high, due −170d: overdue before the window and still open → a miss. v1: no sample.
		{"open, due before the window: a miss", finding("high", "open", ago(200*days), never0), MetricSLACriticalHigh, f64(0), 1},
		// due −170d, fixed −50d: still open at the window's start → a miss in this window.
		{"closed inside the window: still a miss here", finding("high", "fixed", ago(200*days), ago(50*days)), MetricSLACriticalHigh, f64(0), 1},
		// fixed −100d, before the window's start: it closed, it is no longer carried.
		{"closed before the window: counted nowhere", finding("high", "fixed", ago(200*days), ago(100*days)), MetricSLACriticalHigh, nil, 0},
		// critical, due −105d, risk-accepted −95d: closed before the start.
		{"risk-accepted before the window: counted nowhere", finding("critical", "risk_accepted", ago(120*days), ago(95*days)), MetricSLACriticalHigh, nil, 0},
		// critical, due −110d, fixed after as_of: open at the start → a miss.
		{"fixed after as_of: a miss", finding("critical", "fixed", ago(125*days), asOf.Add(days)), MetricSLACriticalHigh, f64(0), 1},
		// medium, due −110d, open: the same rule for sla_attainment_medium.
		{"medium open since before the window: a miss", finding("medium", "open", ago(200*days), never0), MetricSLAMedium, f64(0), 1},
		// high, due −90d: exactly at the window's start, open past due from its first
		// instant → a miss (it is in neither "due in the window" nor "overdue at the start").
		{"due exactly at the window's start: a miss", finding("high", "open", ago(120*days), never0), MetricSLACriticalHigh, f64(0), 1},
		// excluded findings are never open.
		{"excluded: counted nowhere", finding("high", "excluded", ago(200*days), ago(1*days)), MetricSLACriticalHigh, nil, 0},
		// closed without a close time (a legacy row): closed all along, never carried.
		{"closed without a close time: counted nowhere", finding("high", "fixed", ago(200*days), never0), MetricSLACriticalHigh, nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRepo("api")
			r.Findings = []Finding{tc.f}
			checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), tc.metric), tc.want, tc.samples)
		})
	}

	t.Run("a miss in every window until it closes", func(t *testing.T) {
		// high, created 01-01 → due 01-31; fixed 05-15.
		r := newRepo("api")
		r.Findings = []Finding{finding("high", "fixed", date(2024, 1, 1), date(2024, 5, 15))}
		for _, tc := range []struct {
			asOf    time.Time
			want    *float64
			samples int
		}{
			{date(2024, 1, 20), nil, 0},   // not yet due
			{date(2024, 3, 1), f64(0), 1}, // window (12-02, 03-01]: due in it, missed
			{date(2024, 5, 6), f64(0), 1}, // window (02-06, 05-06]: overdue at its start, open → carried
			{date(2024, 8, 1), f64(0), 1}, // window (05-03, 08-01]: still open at 05-03 → carried
			{date(2024, 8, 20), nil, 0},   // window (05-22, 08-20]: fixed 05-15, before the start
			{date(2025, 1, 1), nil, 0},    // long after
		} {
			sc := Evaluate([]*RepoFacts{r}, tc.asOf, DefaultConfig())
			t.Run(tc.asOf.Format(time.DateOnly), func(t *testing.T) {
				checkMetric(t, sc.Dimensions[DimRemediation].Metrics[MetricSLACriticalHigh], tc.want, tc.samples)
				if got := sc.Repos[0].Remediation.DueCriticalHigh; got != tc.samples {
					t.Errorf("repo due_critical_high = %d, want %d", got, tc.samples)
				}
			})
		}
	})
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestV2OldestOverdueDays(t *testing.T) {
	closedNoTime := finding("critical", "fixed", ago(200*days), never0)
	tests := []struct {
		name     string
		findings []Finding
		want     float64
		samples  int
	}{
		{"none overdue is 0, not missing", []Finding{finding("high", "open", ago(10*days), never0)}, 0, 0},
		// critical created −20d: due −5d → 5.
		{"one overdue finding", []Finding{finding("critical", "open", ago(20*days), never0)}, 5, 1},
		{"the oldest of several", []Finding{
			finding("critical", "open", ago(20*days), never0),          // due −5d: 5
			finding("high", "open", ago(99*days+12*hour), never0),      // due −69.5d: 69.5
			finding("high", "fixed", ago(130*days), asOf.Add(days)),    // due −100d, fixed after as_of: 100
			finding("critical", "excluded", ago(400*days), never0),     // excluded: never open
			finding("medium", "open", ago(300*days), never0),           // not critical/high
			finding("critical", "fixed", ago(300*days), ago(200*days)), // closed
			closedNoTime, // closed all along
			finding("critical", "open", asOf.Add(time.Hour), never0), // created after as_of
		}, 100, 3},
		// full precision: due −(2d 6h) → 2.25 days.
		{"fractions of a day are kept", []Finding{finding("critical", "open", ago(17*days+6*hour), never0)}, 2.25, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRepo("api")
			r.Findings = tc.findings
			checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricOldestOverdueDays), f64(tc.want), tc.samples)
		})
	}
}

func TestV2OldestOverdueCapsLevels2And3(t *testing.T) {
	// 20 high findings fixed the day after creation, due in the window: met. One
	// critical open finding overdue by x days, in the SLA population either way (due
	// in the window, or before it and open at its start): 20 ÷ 21 = 0.952, which
	// meets every sla_attainment_critical_high criterion. overdue_critical_high = 1
	// fails level 4, so the level is 3 unless oldest_overdue_days caps it.
	tests := []struct {
		overdue float64 // days
		want    int
	}{
		{10, 3},
		{30, 3},   // ≤ 30 holds at the boundary
		{30.5, 2}, // > 30: level 3 lost (v1: 3)
		{90, 2},   // ≤ 90 holds at the boundary (v1: 3)
		{91, 1},   // > 90: level 2 lost too (v1: 3, and the finding was outside the population)
		{400, 1},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%v days overdue is level %d", tc.overdue, tc.want), func(t *testing.T) {
			r := newRepo("api")
			for i := range 20 {
				r.Findings = append(r.Findings, finding("high", "fixed", ago(time.Duration(40+i)*days), ago(time.Duration(39+i)*days)))
			}
			created := ago(time.Duration(tc.overdue*float64(days)) + 15*days)
			r.Findings = append(r.Findings, finding("critical", "open", created, never0))
			rem := Evaluate([]*RepoFacts{r}, asOf, DefaultConfig()).Dimensions[DimRemediation]
			checkMetric(t, rem.Metrics[MetricSLACriticalHigh], f64(20.0/21), 21)
			checkMetric(t, rem.Metrics[MetricOldestOverdueDays], f64(tc.overdue), 1)
			if rem.Level == nil || *rem.Level != tc.want {
				t.Errorf("level = %v, want %d; criteria %+v", deref(rem.Level), tc.want, rem.Criteria)
			}
		})
	}
	t.Run("the next step names the repos with the oldest findings", func(t *testing.T) {
		mk := func(name string, overdue ...int) *RepoFacts {
			r := newRepo(name)
			for i := range 20 {
				r.Findings = append(r.Findings, finding("high", "fixed", ago(time.Duration(40+i)*days), ago(time.Duration(39+i)*days)))
			}
			for _, d := range overdue {
				r.Findings = append(r.Findings, finding("critical", "open", ago(time.Duration(d+15)*days), never0))
			}
			return r
		}
		// a: 10 and 40 days overdue; b: 50, 60; c: 5. sla 60 ÷ 65 = 0.923 → level 2 (oldest 60 ≤ 90),
		// level 3 unmet on oldest 60 > 30: b has 2 findings over 30 days, a 1.
		rem := Evaluate([]*RepoFacts{mk("a", 10, 40), mk("b", 50, 60), mk("c", 5)}, asOf, DefaultConfig()).Dimensions[DimRemediation]
		if rem.Level == nil || *rem.Level != 2 {
			t.Fatalf("level = %v, want 2", deref(rem.Level))
		}
		var step *NextStep
		for i := range rem.Next {
			if rem.Next[i].Metric == MetricOldestOverdueDays {
				step = &rem.Next[i]
			}
		}
		if step == nil || *step.Gap != 30 || len(step.Repos) != 2 ||
			step.Repos[0].FullName != "acme/b" || step.Repos[0].Detail != "2 of 2 overdue critical/high findings are more than 30 days past due" ||
			step.Repos[1].FullName != "acme/a" || step.Repos[1].Count != 1 {
			t.Errorf("next = %+v", rem.Next)
		}
	})
}

func TestV2OpenRiskIsNeverInsufficient(t *testing.T) {
	met := func(i int) Finding { // high, due in the window, fixed the next day
		return finding("high", "fixed", ago(time.Duration(40+i)*days), ago(time.Duration(39+i)*days))
	}
	overdue := finding("high", "open", ago(50*days), never0) // due −20d
	tests := []struct {
		name     string
		findings []Finding
		status   string
		level    *int
		reason   string // of the level-1 criterion
		result   string
	}{
		// 1 met + 1 overdue: 0.5 on 2 findings. v1: insufficient_data.
		{"two findings, one overdue: evaluated", []Finding{met(0), overdue},
			StatusOK, intp(1), "evaluated on 2 findings because critical or high findings are overdue", ResultMet},
		// 0 ÷ 1. v1: insufficient_data.
		{"one overdue finding alone: level 0", []Finding{overdue},
			StatusOK, intp(0), "evaluated on 1 findings because critical or high findings are overdue", ResultUnmet},
		// overdue since before the window: carried into the population. v1: no sample at all.
		{"carried from before the window", []Finding{finding("critical", "open", ago(300*days), never0)},
			StatusOK, intp(0), "evaluated on 1 findings because critical or high findings are overdue", ResultUnmet},
		{"four findings, none overdue: still insufficient", []Finding{met(0), met(1), met(2), met(3)},
			StatusInsufficient, nil, "not enough data (4 of 5)", ResultSkipped},
		{"an open finding not yet due is no overdue risk", []Finding{met(0), finding("high", "open", ago(5*days), never0)},
			StatusInsufficient, nil, "not enough data (1 of 5)", ResultSkipped},
		{"an overdue medium finding is not critical or high", []Finding{met(0), finding("medium", "open", ago(200*days), never0)},
			StatusInsufficient, nil, "not enough data (1 of 5)", ResultSkipped},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRepo("api")
			r.Findings = tc.findings
			rem := Evaluate([]*RepoFacts{r}, asOf, DefaultConfig()).Dimensions[DimRemediation]
			if rem.Status != tc.status || !eqIntp(rem.Level, tc.level) {
				t.Fatalf("remediation = %s level %v, want %s %v", rem.Status, deref(rem.Level), tc.status, deref(tc.level))
			}
			c := rem.Criteria[0]
			if c.Metric != MetricSLACriticalHigh || c.Reason != tc.reason || c.Result != tc.result {
				t.Errorf("level-1 criterion = %+v, want %s %q", c, tc.result, tc.reason)
			}
			for _, c := range rem.Criteria {
				// Only the anchor is evaluated below its minimum; sla_attainment_medium stays skipped.
				if c.Metric == MetricSLAMedium && c.Result != ResultSkipped {
					t.Errorf("sla_attainment_medium = %s, want skipped", c.Result)
				}
			}
		})
	}
	t.Run("the overall level counts it", func(t *testing.T) {
		r := newRepo("api")
		r.Runs = []Run{mainRun(ago(days))}
		r.Runs[0].Scans = AllScanCategories
		r.Findings = []Finding{overdue}
		sc := Evaluate([]*RepoFacts{r}, asOf, DefaultConfig())
		// automation 4, shift_left 4 (all else skipped), remediation 0 → level 0.
		if sc.Level == nil || *sc.Level != 0 || !strings.Contains(sc.Dimensions[DimRemediation].Criteria[0].Reason, "overdue") {
			t.Errorf("level = %v", deref(sc.Level))
		}
	})
}
