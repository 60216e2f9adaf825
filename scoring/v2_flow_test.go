package scoring

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/paved-dev/paved/model"
)

// Model v2, rules 4 to 8 of the brief: pipeline duration, ready for review, scans
// by run name, code scanning set up, full-precision times.

func TestV2PipelineDurationIsExecutionTime(t *testing.T) {
	c := ago(2 * days) // created at c; minutes after it below
	at := func(min float64) time.Time { return c.Add(time.Duration(min * float64(time.Minute))) }
	tests := []struct {
		name string
		run  func(*Run)
		want float64 // minutes
	}{
		// queued 4 min: 12 − 4 = 8. v1: 12.
		{"from the start, not the creation", func(r *Run) { r.StartedAt, r.CompletedAt = at(4), at(12) }, 8},
		// a re-run: the latest attempt started 3 h after the first was created, ran 7 min. v1: 187.
		{"a re-run is timed from its own start", func(r *Run) {
			r.Attempt, r.Conclusion, r.StartedAt, r.CompletedAt = 2, "success", at(180), at(187)
		}, 7},
		// GitLab duration 300 s wins over started → finished (19 min) and created → finished (20). v1: 20.
		{"the forge's duration wins", func(r *Run) { r.Duration, r.StartedAt, r.CompletedAt = 300*time.Second, at(1), at(20) }, 5},
		{"a forge duration without a finish time", func(r *Run) { r.Duration, r.CompletedAt = 90*time.Second, time.Time{} }, 1.5},
		// no start known (a row stored before v2): created → completed.
		{"legacy rows: from the creation", func(r *Run) { r.CompletedAt = at(9) }, 9},
		{"a start after the completion counts 0", func(r *Run) { r.StartedAt, r.CompletedAt = at(10), at(9) }, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRepo("api")
			run := mainRun(c)
			tc.run(&run)
			r.Runs = []Run{run}
			checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricPipelineMinutesP50), f64(tc.want), 1)
		})
	}
}

func TestV2PickupStartsWhenReadyForReview(t *testing.T) {
	c := ago(10 * days)
	h := func(n float64) time.Time { return c.Add(time.Duration(n * float64(hour))) }
	review := comment("bob", h(10)) // the first human review, 10 h after creation
	tests := []struct {
		name    string
		ready   []time.Time
		readyAt time.Time
		reviews []Review
		want    float64 // hours
	}{
		// v1 (no ReadyAt): 10.
		{"the last ready time before the review", []time.Time{h(2), h(6)}, time.Time{}, nil, 4},
		{"a ready time after the review is not used", []time.Time{h(2), h(12)}, time.Time{}, nil, 8},
		{"only after the review: created_at", []time.Time{h(11)}, time.Time{}, nil, 10},
		{"only after the review: ready_at when set", []time.Time{h(11)}, h(1), nil, 9},
		{"ready at the review itself is at or before it", []time.Time{h(10)}, time.Time{}, nil, 0},
		{"ready times in any order", []time.Time{h(3), h(1)}, time.Time{}, nil, 7},
		// v1: from ReadyAt, 5.
		{"ready times win over ready_at", []time.Time{h(2)}, h(5), nil, 8},
		{"no ready times: ready_at", nil, h(5), nil, 5},
		{"no draft history: created_at", nil, time.Time{}, nil, 10},
		// a bot's comment at 1 h and the author's at 3 h are not the first review.
		{"the first review is a human's other than the author", []time.Time{h(0.5), h(4)}, time.Time{},
			[]Review{comment("ci[bot]", h(1)), comment("alice", h(3))}, 6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRepo("api")
			r.PRs = []PR{{Number: 1, Author: "alice", CreatedAt: c, ReadyAt: tc.readyAt, ReadyTimes: tc.ready,
				MergedAt: h(30), BaseBranch: "main", Reviews: append(slices.Clone(tc.reviews), review)}}
			checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricPickupHoursP50), f64(tc.want), 1)
		})
	}
}

func TestV2ScanByWorkflowName(t *testing.T) {
	tests := []struct {
		name  string
		runs  []Run
		cfg   func(*Config)
		wants []string
	}{
		// v1: no category.
		{"a workflow called CodeQL is a sast scan", []Run{{Name: "CodeQL"}}, nil, []string{"sast"}},
		{"case-insensitive, several categories", []Run{{Name: "Security: GITLEAKS + Trivy"}}, nil, []string{"sca", "secret"}},
		{"merged with the job categories", []Run{{Name: "semgrep", Scans: CatSCA}}, nil, []string{"sast", "sca"}},
		{"a name without a pattern is no scan", []Run{{Name: "build and test"}}, nil, []string{}},
		{"a run before the window says nothing", []Run{{Name: "CodeQL", CreatedAt: ago(100 * days)}}, nil, []string{}},
		{"the configured catalogue replaces the model's", []Run{{Name: "lint-sec"}, {Name: "CodeQL"}},
			func(c *Config) { c.Catalogue = model.Catalogue{model.CategorySAST: {"LINT-SEC"}} }, []string{"sast"}},
		{"a catalogue without the category finds nothing", []Run{{Name: "CodeQL"}},
			func(c *Config) { c.Catalogue = model.Catalogue{model.CategorySecret: {"gitleaks"}} }, []string{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRepo("api")
			r.Runs = []Run{mainRun(ago(days))}
			for _, run := range tc.runs {
				if run.CreatedAt.IsZero() {
					run.CreatedAt = ago(2 * days)
				}
				run.HeadBranch = "feat"
				r.Runs = append(r.Runs, run)
			}
			cfg := DefaultConfig()
			if tc.cfg != nil {
				tc.cfg(&cfg)
			}
			got := Evaluate([]*RepoFacts{r}, asOf, cfg).Repos[0].ShiftLeft.Categories
			if strings.Join(got, ",") != strings.Join(tc.wants, ",") {
				t.Errorf("categories = %v, want %v", got, tc.wants)
			}
		})
	}
	t.Run("a PR whose run is named like a scan was scanned", func(t *testing.T) {
		r := newRepo("api")
		for n := 1; n <= 10; n++ {
			pr := humanPR(n, ago(time.Duration(n)*days))
			r.PRs = append(r.PRs, pr)
			name := "ci"
			if n <= 4 {
				name = "dependency-review"
			}
			r.Runs = append(r.Runs, Run{Name: name, CreatedAt: pr.CreatedAt.Add(hour), HeadBranch: "feat", HeadSHA: pr.HeadSHA, Event: "pull_request"})
		}
		// 4 of 10. v1: 0.
		checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricPRScanCoverage), f64(0.4), 10)
	})
}

func TestV2CodeScanningSetUpIsNotAScan(t *testing.T) {
	enabled := func(feature string, at time.Time) Observation {
		return Observation{Feature: feature, Enabled: true, ObservedAt: at}
	}
	tests := []struct {
		name     string
		obs      []Observation
		analyses []Analysis
		findings []Finding
		want     []string
	}{
		// v1: sast.
		{"code scanning enabled alone says nothing", []Observation{enabled(model.FeatureCodeScanning, ago(10*days))}, nil, nil, []string{}},
		{"enabled long ago and still: nothing", []Observation{enabled(model.FeatureCodeScanning, ago(400*days))}, nil, nil, []string{}},
		{"an analysis older than the window says nothing", []Observation{enabled(model.FeatureCodeScanning, ago(400*days))},
			[]Analysis{{Category: "sast", CreatedAt: ago(91 * days)}}, nil, []string{}},
		{"an analysis uploaded in the window is a scan", nil, []Analysis{{Category: "sast", CreatedAt: ago(89 * days)}}, nil, []string{"sast"}},
		{"a finding that changed state in the window is a scan", nil, nil,
			[]Finding{{ID: "cs/1", Category: "sast", Severity: "low", Outcome: "fixed", CreatedAt: ago(300 * days), ResolvedAt: ago(5 * days)}}, []string{"sast"}},
		{"Dependabot alerts enabled still count", []Observation{enabled(model.FeatureDependabotAlerts, ago(300*days))}, nil, nil, []string{"sca"}},
		{"secret scanning enabled still counts", []Observation{enabled(model.FeatureSecretScanning, ago(300*days))}, nil, nil, []string{"secret"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRepo("api")
			r.Runs = []Run{mainRun(ago(days))}
			r.Observations, r.Analyses, r.Findings = tc.obs, tc.analyses, tc.findings
			got := Evaluate([]*RepoFacts{r}, asOf, DefaultConfig()).Repos[0].ShiftLeft.Categories
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("categories = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestV2MillisecondsKept(t *testing.T) {
	ms := time.Millisecond
	c := ago(3 * days)
	t.Run("durations", func(t *testing.T) {
		tests := []struct {
			name   string
			metric string
			repo   func(*RepoFacts)
			want   float64
		}{
			// 1 500 ms = 1.5 ÷ 3600 h.
			{"pickup of a second and a half", MetricPickupHoursP50, func(r *RepoFacts) {
				r.PRs = []PR{{Number: 1, Author: "alice", CreatedAt: c.Add(250 * ms), MergedAt: c.Add(hour),
					Reviews: []Review{comment("bob", c.Add(1750*ms))}}}
			}, 1.5 / 3600},
			// started 250 ms, completed 30 750 ms: 30.5 s = 30.5 ÷ 60 min.
			{"a pipeline of thirty and a half seconds", MetricPipelineMinutesP50, func(r *RepoFacts) {
				run := mainRun(c)
				run.StartedAt, run.CompletedAt = c.Add(250*ms), c.Add(30750*ms)
				r.Runs = []Run{run}
			}, 30.5 / 60},
			// critical created −15d − 1 ms: due 1 ms before as_of.
			{"one millisecond overdue", MetricOldestOverdueDays, func(r *RepoFacts) {
				r.Findings = []Finding{finding("critical", "open", ago(15*days+ms), never0)}
			}, float64(ms) / float64(days)},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				r := newRepo("api")
				tc.repo(r)
				checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), tc.metric), f64(tc.want), 1)
			})
		}
	})
	t.Run("order of instants a millisecond apart", func(t *testing.T) {
		merged := c.Add(hour)
		r := newRepo("api")
		for i, offset := range []time.Duration{-ms, 0, ms} { // approval 1 ms before, at, 1 ms after the merge
			r.PRs = append(r.PRs, PR{Number: i + 1, Author: "alice", CreatedAt: c, MergedAt: merged,
				Reviews: []Review{approve("bob", merged.Add(offset))}})
		}
		// approved before (or at) the merge: 2 of 3.
		checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricReviewedShare), f64(2.0/3), 3)
		// a finding due 1 ms after as_of is not overdue; 1 ms before it is.
		r.Findings = []Finding{finding("critical", "open", ago(15*days-ms), never0), finding("high", "open", ago(30*days+ms), never0)}
		checkMetric(t, metricAt(t, []*RepoFacts{r}, DefaultConfig(), MetricOverdueCriticalHigh), f64(1), 2)
	})
}
