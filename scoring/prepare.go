package scoring

import (
	"math"
	"slices"
	"strings"
	"time"

	"github.com/paved-dev/paved/collectors"
)

// never stands for a missing or future instant: it is after every as_of.
const never = int64(math.MaxInt64)

const day = int64(24 * time.Hour)

// nanos turns an instant into Unix nanoseconds, and the zero time into never.
func nanos(t time.Time) int64 {
	if t.IsZero() {
		return never
	}
	return t.UnixNano()
}

// repoIndex is one repo's facts rearranged once per evaluation (or history) so
// that every snapshot finds its window by binary search over int64 instants.
type repoIndex struct {
	facts    *RepoFacts
	id       string // source:full_name
	eligible bool   // neither archived nor a fork

	runAt []int64 // every run's creation, sorted
	prAt  []int64 // every PR's creation, sorted

	defRuns []defRun // default-branch runs, by creation

	scanAt [numScanCats][]int64    // evidence of a scan of each category, sorted
	scanOn [numScanCats][]interval // "enabled" observation intervals

	merged []mergedPR // merged PRs, by merge time

	dueCH, dueMed []dueFinding // by due date
	maxCHSLA      int64        // the longer of the critical and high SLAs
	closed        []closedFinding
	escapedAt     []int64 // creation of critical/high sast and secret findings
	skewed        []skewedFinding

	firstProd int64    // first production deployment of any outcome
	deploys   []deploy // successful or failed production deployments, by creation
}

const numScanCats = 3

type defRun struct {
	at, done, dur int64 // created, completed (never if not), completed − created
	counted       bool  // completed and neither cancelled nor skipped
	firstOK       bool  // success on attempt 1
	hasDur        bool
}

type interval struct{ from, to int64 } // [from, to)

type mergedPR struct {
	at, created, ready  int64
	firstRun, firstScan int64 // earliest linked run / linked run with a scan job
	pickup              int64 // first review by a human other than the author
	deployAt            int64 // first successful production deployment at or after merge
	human, approved     bool  // approved: by a human other than the author, before merge
	toDefault           bool
}

type dueFinding struct {
	due, created, resolved int64 // resolved is never while open
	met                    bool
}

type closedFinding struct {
	at, dur         int64 // resolved, resolved − created (0 under clock skew)
	critical, fixed bool
}

// skewedFinding is a closed finding resolved before it was created.
type skewedFinding struct {
	id           string
	created, res int64
	due          int64
	dueCounted   bool // critical, high or medium: its due date feeds an SLA metric
}

type deploy struct {
	at, day, recover int64 // created, UTC day number, next success in the same environment
	failed           bool
}

// botSet holds the configured bot logins, lowercased.
type botSet map[string]bool

func newBotSet(logins []string) botSet {
	b := make(botSet, len(logins))
	for _, l := range logins {
		if l = strings.TrimSpace(l); l != "" {
			b[strings.ToLower(l)] = true
		}
	}
	return b
}

// is reports a bot: the forge's own flag, a GitHub App login ("name[bot]"), or a
// login listed in config.
func (b botSet) is(login string, flag bool) bool {
	if flag {
		return true
	}
	if n := len(login); n >= 5 && strings.EqualFold(login[n-5:], "[bot]") {
		return true
	}
	return len(b) > 0 && b[strings.ToLower(login)]
}

func buildIndex(r *RepoFacts, cfg Config, bots botSet) *repoIndex {
	ix := &repoIndex{
		facts:    r,
		id:       r.Source + ":" + r.FullName,
		eligible: !r.Archived && !r.Fork,
	}
	prod := indexDeployments(ix, r.Deployments, cfg)
	indexRuns(ix, r)
	indexPRs(ix, r, bots, prod)
	indexFindings(ix, r.Findings, cfg)
	indexScanSignals(ix, r)
	return ix
}

func indexRuns(ix *repoIndex, r *RepoFacts) {
	ix.runAt = make([]int64, 0, len(r.Runs))
	for i := range r.Runs {
		run := &r.Runs[i]
		at := nanos(run.CreatedAt)
		ix.runAt = append(ix.runAt, at)
		if run.HeadBranch != r.DefaultBranch || r.DefaultBranch == "" || isPREvent(run.Event) {
			continue
		}
		d := defRun{at: at, done: never}
		if strings.EqualFold(run.Status, "completed") {
			switch strings.ToLower(run.Conclusion) {
			case "cancelled", "canceled", "skipped", "":
			default:
				d.counted = true
				d.firstOK = strings.EqualFold(run.Conclusion, "success") && run.Attempt <= 1
				d.done = at
				if !run.CompletedAt.IsZero() {
					d.done = max(at, run.CompletedAt.UnixNano())
					d.dur, d.hasDur = d.done-at, true
				}
			}
		}
		ix.defRuns = append(ix.defRuns, d)
	}
	sortInt64s(ix.runAt)
	if !slices.IsSortedFunc(ix.defRuns, func(a, b defRun) int { return cmp64(a.at, b.at) }) {
		slices.SortStableFunc(ix.defRuns, func(a, b defRun) int { return cmp64(a.at, b.at) })
	}
}

// isPREvent reports runs triggered by a PR: their head branch is the PR's source
// branch, which can be named like the default branch (a fork's main).
func isPREvent(event string) bool {
	switch event {
	case "pull_request", "pull_request_target", "merge_request_event":
		return true
	}
	return false
}

func indexScanSignals(ix *repoIndex, r *RepoFacts) {
	add := func(c Categories, at int64) {
		for i := range numScanCats {
			if c&(1<<i) != 0 && at != never {
				ix.scanAt[i] = append(ix.scanAt[i], at)
			}
		}
	}
	for i := range r.Runs {
		if s := r.Runs[i].Scans & AllScanCategories; s != 0 {
			add(s, nanos(r.Runs[i].CreatedAt))
		}
	}
	for i := range r.Findings {
		f := &r.Findings[i]
		c := CategoryOf(strings.ToLower(f.Category))
		add(c, nanos(f.CreatedAt))
		add(c, nanos(f.ResolvedAt))
	}
	for _, a := range r.Analyses {
		add(CategoryOf(strings.ToLower(a.Category)), nanos(a.CreatedAt))
	}
	for i := range numScanCats {
		sortInt64s(ix.scanAt[i])
		ix.scanOn[i] = enabledIntervals(r.Observations, featureOf(Categories(1<<i)))
	}
}

func featureOf(c Categories) string {
	switch c {
	case CatSAST:
		return collectors.FeatureCodeScanning
	case CatSCA:
		return collectors.FeatureDependabotAlerts
	default:
		return collectors.FeatureSecretScanning
	}
}

// enabledIntervals turns observations of one feature into the intervals it held:
// from the first "enabled" seen until the next "disabled" seen, open-ended if none.
func enabledIntervals(obs []Observation, feature string) []interval {
	var mine []Observation
	for _, o := range obs {
		if o.Feature == feature && !o.ObservedAt.IsZero() {
			mine = append(mine, o)
		}
	}
	slices.SortStableFunc(mine, func(a, b Observation) int { return a.ObservedAt.Compare(b.ObservedAt) })
	var out []interval
	on := false
	for _, o := range mine {
		at := o.ObservedAt.UnixNano()
		switch {
		case o.Enabled && !on:
			out = append(out, interval{at, never})
			on = true
		case !o.Enabled && on:
			out[len(out)-1].to = at
			on = false
		}
	}
	return out
}

func sortInt64s(s []int64) {
	if !slices.IsSorted(s) {
		slices.Sort(s)
	}
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// after is the index of the first element whose key is after t, in a slice sorted
// by that key; [after(lo), after(hi)) is the window (lo, hi].
func after[T any](s []T, t int64, key func(*T) int64) int {
	lo, hi := 0, len(s)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if key(&s[m]) > t {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

func afterTime(s []int64, t int64) int {
	lo, hi := 0, len(s)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if s[m] > t {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}
