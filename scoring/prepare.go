package scoring

import (
	"math"
	"slices"
	"time"
)

// never stands for a missing or future instant: it is after every as_of.
const never = int64(math.MaxInt64)

// always stands for an instant before every window: a finding closed without a
// close time is closed all along (see OpenAt).
const always = int64(math.MinInt64)

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
	meta     repoMeta
	id       string // source:full_name
	eligible bool   // neither archived nor a fork; an ineligible repo is not indexed

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

	prodAt  []int64  // every production deployment of any outcome, sorted
	deploys []deploy // successful or failed production deployments, by creation
}

// repoMeta is what an index keeps of the repo itself: the index holds no facts, so
// they can be let go once indexed. It is all of the repo's own fields the index is
// built from (a stored index is reused only for the same).
type repoMeta struct {
	Source, FullName, DefaultBranch string
	Archived, Fork                  bool
}

func metaOf(r *RepoFacts) repoMeta {
	return repoMeta{Source: r.Source, FullName: r.FullName, DefaultBranch: r.DefaultBranch, Archived: r.Archived, Fork: r.Fork}
}

const numScanCats = 3

type defRun struct {
	at, done, dur int64 // created, completed (never if not), execution time
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
	due, created, resolved int64 // resolved is never while open, always when closed without a time
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

func buildIndex(r *RepoFacts, cfg Config, bots botSet, names runNames) *repoIndex {
	ix := &repoIndex{
		meta:     metaOf(r),
		id:       r.Source + ":" + r.FullName,
		eligible: !r.Archived && !r.Fork,
	}
	if !ix.eligible {
		// Archived repos and forks count in no metric (model v2): nothing to index.
		return ix
	}
	scans := runScans(r.Runs, names)
	prod := indexDeployments(ix, r.Deployments, cfg)
	indexRuns(ix, r)
	indexPRs(ix, r, bots, prod, scans)
	indexFindings(ix, r.Findings, cfg)
	indexScanSignals(ix, r, scans)
	return ix
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
